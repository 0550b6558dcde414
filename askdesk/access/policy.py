"""The access policy: which requests are restricted, and who may see them.

A *scope* names a set of requests by their fields and says who may see it::

    shared_channels = "unrestricted"      # or "silent": no answer in channels shared with other companies

    [[scopes]]
    name = "hr"
    description = "HR cases: people's pay, health and conduct"
    match = [{ category = ["HR", "Payroll"] }, { assignment_group = ["People Ops"] }]
    grant = { usergroups = ["S0HRTEAM"], users = ["U012ABCDEF"], channels = ["C0HRDESK"] }

A request is in a scope when *any* table of ``match`` matches it, and a table matches when *every*
field in it has one of the listed values (compared without regard to case or surrounding spaces,
so "hr " in an export is still HR).  Fields are the mapping's own: status, category, priority and
any ``[metadata]`` column.  Everything in no scope is visible to everyone allowed to ask.

The file is TOML (``.toml``) or YAML (``.yml``/``.yaml``); `load_policy` validates it, and the
command line checks the fields against the indexed data at start, so a typo fails loudly instead
of leaving a scope that matches nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from askdesk.errors import AskdeskError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
#: fields a scope can never be defined by: pseudonyms and dates say nothing about sensitivity
UNSCOPABLE = frozenset({"requester", "assignee", "created_at", "updated_at", "resolved_at", "request_id"})


class AccessPolicyError(AskdeskError):
    """The access policy file is missing, malformed, or names something that does not exist."""


def normalise_value(value: str) -> str:
    """How scope values are compared with request values: case-folded, surrounding spaces gone."""
    return value.strip().casefold()


class Grant(BaseModel):
    """Who may see a scope: Slack users (U…), user groups (S…) and channels (C…/G…)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    users: tuple[str, ...] = ()
    usergroups: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


class Scope(BaseModel):
    """A restricted set of requests (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    #: any of these tables matches; within a table every field must match (field -> allowed values)
    match: tuple[dict[str, tuple[str, ...]], ...] = Field(min_length=1)
    grant: Grant = Grant()
    #: requests of this scope may go into training data (off by default: a model must not
    #: memorise what most users may not see)
    train: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.fullmatch(value):
            raise ValueError("a scope name is lowercase letters, digits, '-' and '_' (e.g. 'hr', 'security-cases')")
        return value

    @field_validator("match")
    @classmethod
    def _match(cls, tables: tuple[dict[str, tuple[str, ...]], ...]) -> tuple[dict[str, tuple[str, ...]], ...]:
        out = []
        for table in tables:
            if not table:
                raise ValueError("an empty match table would match every request; name at least one field")
            clean: dict[str, tuple[str, ...]] = {}
            for field_name, values in table.items():
                if field_name in UNSCOPABLE:
                    raise ValueError(f"a scope cannot be defined by {field_name!r} (people and dates are not categories)")
                kept = tuple(dict.fromkeys(normalise_value(v) for v in values if v.strip()))
                if not kept:
                    raise ValueError(f"field {field_name!r} lists no values")
                clean[field_name] = kept
            out.append(clean)
        return tuple(out)

    def fields(self) -> set[str]:
        return {name for table in self.match for name in table}


class AccessPolicy(BaseModel):
    """The restricted scopes, and what channels shared with other organisations get."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: "unrestricted": answers there use unrestricted requests only; "silent": no answer at all
    shared_channels: Literal["unrestricted", "silent"] = "unrestricted"
    scopes: tuple[Scope, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> AccessPolicy:
        names = [s.name for s in self.scopes]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"scope names must be unique; repeated: {', '.join(dupes)}")
        return self

    def fields(self) -> set[str]:
        return {f for s in self.scopes for f in s.fields()}

    def check_fields(self, known: Iterable[str]) -> None:
        """Fail if a scope names a field the mapping does not have (a typo would restrict nothing)."""
        known = set(known)
        for scope in self.scopes:
            unknown = sorted(scope.fields() - known)
            if unknown:
                raise AccessPolicyError(
                    f"access policy: scope {scope.name!r} names field(s) {', '.join(unknown)} that the indexed "
                    f"requests do not have; fields: {', '.join(sorted(known))}")


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessPolicyError(f"access policy file {path} does not exist; fix ASKDESK_ACCESS__POLICY_PATH") from None
    except OSError as exc:
        raise AccessPolicyError(f"cannot read the access policy file {path}: {exc.strerror}") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix in (".yml", ".yaml"):
            data = yaml.safe_load(text) or {}
        else:
            raise AccessPolicyError(f"access policy {path}: use a .toml, .yml or .yaml file")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise AccessPolicyError(f"access policy {path} is not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise AccessPolicyError(f"access policy {path}: expected a table with 'scopes', got {type(data).__name__}")
    return data


def load_policy(path: Path) -> AccessPolicy:
    """The policy in ``path``, validated; every problem is one clear `AccessPolicyError`."""
    data = _read(path)
    try:
        return AccessPolicy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors())
        raise AccessPolicyError(f"access policy {path}: {problems}") from None
