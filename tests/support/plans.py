"""A vocabulary, a clock and checks for the LLM plan tests (schema, drafts, models)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from askdesk.answering.vocabulary import Vocabulary

NOW = datetime(2026, 3, 18, 15, 30)
LOCATIONS = {f"Site {i:02d}": 60 - i for i in range(60)}  # more values than an enum takes
VOCAB = Vocabulary(
    fields={
        "status": {"Closed": 40, "Open": 12, "In Progress": 8, "Awaiting User": 3},
        "category": {"Network": 20, "Human Resources": 15, "Access": 9},
        "priority": {"3 - Medium": 30, "2 - High": 10, "1 - Critical": 3},
        "location": LOCATIONS,
    },
    closed_statuses=frozenset({"Closed"}),
    total=63,
)


def schema_errors(schema: dict[str, Any], doc: Any, root: dict[str, Any] | None = None, path: str = "$") -> list[str]:
    """A small JSON-schema validator for the keywords the plan schema uses (independent of the
    constrained decoder that enforces it)."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return schema_errors(root["$defs"][name], doc, root, path)
    if "anyOf" in schema:
        options = [schema_errors(s, doc, root, path) for s in schema["anyOf"]]
        return [] if any(not o for o in options) else [f"{path}: matches no branch ({options})"]
    errors: list[str] = []
    kind = schema.get("type")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if kind == "integer":
        if not isinstance(doc, int) or isinstance(doc, bool):
            return [f"{path}: not an integer"]
        if doc < schema.get("minimum", doc) or doc > schema.get("maximum", doc):
            errors.append(f"{path}: out of range")
    elif kind in checks and not isinstance(doc, checks[kind]):
        return [f"{path}: not {kind}"]
    if "enum" in schema and doc not in schema["enum"]:
        errors.append(f"{path}: {doc!r} not in enum")
    if kind == "string":
        if "maxLength" in schema and len(doc) > schema["maxLength"]:
            errors.append(f"{path}: too long")
        if "pattern" in schema and not re.search(schema["pattern"], doc):
            errors.append(f"{path}: does not match {schema['pattern']}")
    if kind == "array":
        if len(doc) < schema.get("minItems", 0) or len(doc) > schema.get("maxItems", len(doc)):
            errors.append(f"{path}: {len(doc)} items")
        for i, item in enumerate(doc):
            errors += schema_errors(schema["items"], item, root, f"{path}[{i}]")
    if kind == "object":
        props = schema.get("properties", {})
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in doc]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unexpected {k}" for k in doc if k not in props]
        for k, v in doc.items():
            if k in props:
                errors += schema_errors(props[k], v, root, f"{path}.{k}")
    return errors


def all_values(p: Any) -> list[str]:
    filters = [p.filters] + ([p.part] if p.part else [])
    return [v for f in filters for c in f.conditions for v in c.values]
