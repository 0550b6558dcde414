"""The LLM fallback of question understanding: a query plan as JSON under a schema, validated.

A question the rules cannot fully account for is given to the LLM with a short prompt (the
data's fields and their most frequent values, the intents, today's date, worked examples built
from the same vocabulary) and asked for a :class:`PlanDraft` as JSON.  Decoding is constrained by
a JSON schema built *per vocabulary*: field names are an enum of the data's fields, and the
values of a field with at most :data:`VALUE_ENUM_MAX` values are an enum of those values, so a
local model cannot even spell a value the data does not hold.  Nothing the model writes is
trusted all the same: :func:`plan_from_draft` maps every field and value onto the vocabulary
(:meth:`Vocabulary.canonical`, then a close match), and what maps to nothing goes to
``QueryPlan.unexplained`` and turns the plan into ``cant`` — dropping a filter would answer
another question.  So user text never reaches SQL or the vector filters; only vocabulary values
do, and they are bound parameters there too.

Constrained decoding: **llguidance** (1.9.1), chosen after trying the candidates against the
pinned transformers 5.23 / torch 2.13 CPU with SmolLM2-135M:

* llguidance: no dependencies (one 3 MB wheel), compiles this schema in ~3 ms, computes each
  token mask in Rust (a few ms per token with the unpacking; SmolLM2 ran at ~12 tok/s
  constrained vs ~15 unconstrained), and its compact-JSON mode (``whitespace_flexible: false``)
  keeps plans short.  It has no transformers integration of its own: :func:`askdesk.llm.generate_json`
  adds a small logits processor (which also closes the JSON when the token budget is nearly
  spent).  It is also one of vLLM's structured-output backends.
* xgrammar 0.2.9 worked (``xgr.contrib.hf.LogitsProcessor``), but depends on ``triton`` on Linux
  (a 286 MB wheel, unused on CPU) and ``apache-tvm-ffi``; with its default whitespace the 135M
  model wandered into runs of newlines until the budget ran out (``any_whitespace=False`` fixes
  that).
* lm-format-enforcer 0.11.3: its transformers integration fails to import under transformers 5
  (``transformers.tokenization_utils.PreTrainedTokenizerBase`` is gone) and reports it as
  "transformers is not installed".
* outlines 1.3.3 (``outlines.from_transformers``) worked but generated ~3x slower here (120
  tokens in 30 s) and brings jsonschema, diskcache, genson and outlines-core.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from askdesk.answering.llm_plan.common import log
from askdesk.answering.llm_plan.draft import PlanDraft, plan_schema
from askdesk.answering.llm_plan.prompt import plan_messages
from askdesk.answering.llm_plan.validate import map_value, plan_from_draft
from askdesk.answering.vocabulary import Vocabulary
from askdesk.llm import generate_json


def draft_plan(llm: Any, question: str, vocab: Vocabulary, now: datetime, *, max_new_tokens: int) -> PlanDraft | None:
    """The LLM's plan for ``question`` (``llm``: a :class:`~askdesk.llm.LoadedLLM`), or None when
    generation fails or its JSON does not validate (logged without the question's text)."""
    schema = plan_schema(vocab, strict=getattr(llm, "backend", "local") == "openai")
    try:
        result = generate_json(llm, plan_messages(question, vocab, now), schema, max_new_tokens=max_new_tokens)
    except Exception as exc:  # noqa: BLE001 - any model/server failure: the caller keeps the rules' answer
        log.warning("LLM plan: generation failed (%s)", exc.__class__.__name__)
        return None
    try:
        return PlanDraft.model_validate(json.loads(result.text))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        log.warning("LLM plan: invalid JSON plan (%s, %d tokens, %d chars)", exc.__class__.__name__,
                    result.tokens, len(result.text))
        return None



__all__ = ["PlanDraft", "draft_plan", "map_value", "plan_from_draft", "plan_messages", "plan_schema"]
