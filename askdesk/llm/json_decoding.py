"""Schema-constrained decoding for local models: a transformers logits processor that keeps the
output a JSON document the schema allows (llguidance computes, at every step, the tokens that keep
the output a valid prefix; the others are masked before the greedy pick), and that closes the
document before the token budget runs out.

Thread-safety: a :class:`SchemaLogits` belongs to one generation (its matcher holds that
generation's parse state), so it is made per call and never shared.  The llguidance view of a
tokenizer is cached per tokenizer (building it takes ~0.5 s) and only read once built; llguidance
tokenizers are immutable, so generations may share one (two threads racing to build the same entry
both build a correct one, and one is kept).
"""

from __future__ import annotations

import itertools
import json
import time
import weakref
from typing import Any

#: tokens kept at the end of the budget to close the JSON (strings, arrays, objects) in time
CLOSING_RESERVE = 24

#: the shortest JSON values, preferred in this order when the budget is nearly spent
_FILLERS = ("null", "false", "[]", '""', "0", "1")
#: tokenizer -> {(vocab size, eos ids): (llguidance tokenizer, closing tokens)}
_JSON_TOKENIZERS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _json_tokenizer(tokenizer: Any, n_vocab: int, eos_ids: list[int]) -> tuple[Any, dict[int, str], list[int]]:
    """The llguidance view of ``tokenizer`` (built once: ~0.5 s), its closing tokens (those made
    only of ``"``, ``]`` and ``}``: id -> text) and the tokens of the shortest JSON values."""
    import llguidance
    import llguidance.hf

    try:
        per_tokenizer = _JSON_TOKENIZERS.setdefault(tokenizer, {})
    except TypeError:  # not weak-referenceable: no cache
        per_tokenizer = {}
    key = (n_vocab, tuple(eos_ids))
    if key not in per_tokenizer:
        lltok = llguidance.hf.from_tokenizer(tokenizer, n_vocab=n_vocab, eos_token=eos_ids)
        closers: dict[int, str] = {}
        # every string of 1-4 closing characters that is a single token
        for piece in ("".join(p) for n in range(1, 5) for p in itertools.product('"]}', repeat=n)):
            ids = lltok.tokenize_str(piece)
            if len(ids) == 1 and ids[0] < n_vocab:
                closers.setdefault(ids[0], piece)
        fillers = [ids[0] for ids in map(lltok.tokenize_str, _FILLERS) if len(ids) == 1 and ids[0] < n_vocab]
        per_tokenizer[key] = (lltok, closers, fillers)
    return per_tokenizer[key]


class SchemaLogits:
    """A transformers logits processor that masks every token the JSON grammar does not allow
    (batch of one), and spends the last ``reserve`` tokens of the budget closing the document."""

    def __init__(self, tokenizer: Any, grammar: str, prompt_len: int, max_new_tokens: int, eos_ids: list[int]) -> None:
        self.tokenizer, self.grammar, self.prompt_len = tokenizer, grammar, prompt_len
        self.max_new_tokens, self.eos_ids = max_new_tokens, eos_ids
        # a budget below the reserve is all reserve: the shortest document the schema allows
        self.reserve = min(CLOSING_RESERVE, max_new_tokens)
        self.matcher: Any = None
        self.first_at: float | None = None
        self.error: str | None = None

    def _start(self, n_vocab: int) -> None:
        import llguidance

        lltok, closers, fillers = _json_tokenizer(self.tokenizer, n_vocab, self.eos_ids)
        self.matcher = llguidance.LLMatcher(lltok, self.grammar, log_level=0)
        if self.matcher.is_error():
            raise ValueError(f"the JSON schema cannot be enforced: {self.matcher.get_error()}")
        self.closers, self.fillers = closers, fillers

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import numpy as np
        import torch

        if self.matcher is None:
            self.first_at = time.perf_counter()
            self._start(scores.shape[-1])
        step = input_ids.shape[1] - self.prompt_len
        if step > 0 and not self.matcher.consume_token(int(input_ids[0, -1])):
            self.error = self.matcher.get_error()
        n_vocab = scores.shape[-1]
        if self.error or self.matcher.is_error() or self.matcher.is_stopped():
            allowed = torch.zeros(n_vocab, dtype=torch.bool)
            allowed[[i for i in self.eos_ids if i < n_vocab]] = True
        else:
            bits = np.unpackbits(np.frombuffer(self.matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
            allowed = torch.zeros(n_vocab, dtype=torch.bool)
            m = min(n_vocab, bits.shape[0])
            allowed[:m] = torch.from_numpy(bits[:m].astype(bool))
            if self.max_new_tokens - step <= self.reserve:
                allowed = self._closing(allowed, self.tokenizer.decode(input_ids[0, self.prompt_len:]))
        return scores.masked_fill(~allowed.to(scores.device).unsqueeze(0), float("-inf"))

    def _closing(self, allowed: Any, text: str) -> Any:
        """Near the end of the budget: end the document if it may end; else take the allowed
        token that closes most of what is open (the string, then arrays and objects); else the
        shortest value where a value is required (null, false, [], "", 0); else let the model
        fill what the grammar still requires (a key, a pattern)."""
        import torch

        eos = [i for i in self.eos_ids if i < allowed.shape[0] and allowed[i]]
        needed = closing_text(text)
        best = max((i for i, piece in self.closers.items() if needed.startswith(piece) and allowed[i]),
                   key=lambda i: len(self.closers[i]), default=None)
        filler = next((i for i in self.fillers if allowed[i]), None)
        pick = eos[0] if eos else best if best is not None else filler
        if pick is None:
            return allowed
        only = torch.zeros_like(allowed)
        only[pick] = True
        return only


def closing_text(text: str) -> str:
    """What closes a JSON prefix: ``{"a":["x`` -> ``"]}``."""
    stack: list[str] = []
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append("]" if ch == "[" else "}")
        elif ch in "]}" and stack:
            stack.pop()
    return ('"' if in_string else "") + "".join(reversed(stack))


def schema_grammar(schema: dict[str, Any]) -> str:
    """The llguidance grammar of a JSON schema, compact (no optional whitespace: fewest tokens)."""
    import llguidance

    return llguidance.LLMatcher.grammar_from_json_schema(json.dumps(schema), defaults={"whitespace_flexible": False})
