"""Person-name recall per culture, and false positives, of the sanitiser with and without the
name lexicon (`askdesk.sanitise.recognizers.name_lexicon.NameLexiconRecognizer`).

    .venv/bin/python benchmarks/sanitiser_names.py

Data: ``evals/pii_names.py`` -- hand-written names from 20 languages/cultures (independent of
the lexicon) in 13 helpdesk sentence templates, and 171 PII-free helpdesk sentences full of
capitalised product/IT/department phrases.

* **recall**: a name counts as found when none of its words (nor the parts of a hyphenated
  word, particles such as "bin"/"Ní" aside) is left in the scrubbed text;
* **false positives**: the share of the PII-free sentences' words that were replaced, and
  how many sentences lost any word.

Measured, per culture and overall:

* ``before``: the sanitiser without the lexicon (``SanitiserConfig(secret="bench",
  name_lexicon=False)``; before that setting existed, the sanitiser as it was);
* ``lexicon_only``: `NameLexiconRecognizer` alone;
* ``union``: what the two find together: both run over the original text, and a word counts
  as replaced when the sanitiser (without the lexicon) removed it or it lies inside a lexicon
  span -- a union, not "lexicon over the sanitiser's output", because a name the sanitiser
  half-replaced ("person_1a2b3c4d Raghunathan") leaves a single word the lexicon rightly
  refuses;
* ``after``: the sanitiser *with* the lexicon: when a `NameLexiconRecognizer` sits in the
  sanitiser's Presidio registry, that real sanitiser (and ``before`` the same with
  ``name_lexicon=False``, or with the recogniser taken out of its registry); otherwise the
  union.  ``after`` below ``union`` means the sanitiser drops some of the lexicon's spans.

Also the lexicon's speed per text, with cold and warm caches: on the bundled synthetic sample
requests (titles, descriptions, comment threads) and on ~300-character texts made of the
benchmark's own sentences (a name in each: the worst case).  Figures go to
``benchmarks/results/sanitiser-names.json``.  Runs in about half a minute on two CPU cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.sample import generate_requests
from askdesk.sanitise.recognizers.name_lexicon import (
    NAME_PARTICLES,
    RARE_ZIPF,
    NameLexiconRecognizer,
    fold,
)
from evals.pii_names import CLEAN_SENTENCES, TEMPLATES, name_pairs

OUT = ROOT / "benchmarks" / "results" / "sanitiser-names.json"
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SKIP_PARTS = frozenset(["al", "el", "abu", "abd", "bin", "ibn", "ben", "o", "d", "l", "n", "mc", "mac"])


def _sanitiser_classes() -> tuple[Any, Any, Any]:
    """(Sanitiser, SanitiserConfig, the default not-names) from wherever the sanitiser lives."""
    try:  # deferred: the fallback below lets this script run in a checkout from before the move
        from askdesk.sanitise import Sanitiser, SanitiserConfig
        from askdesk.sanitise.config import DEFAULT_NOT_NAMES
    except ImportError:  # before the move to askdesk/sanitise/
        from indexing.sanitise import DEFAULT_NOT_NAMES, Sanitiser, SanitiserConfig
    return Sanitiser, SanitiserConfig, DEFAULT_NOT_NAMES


def _registry_recognizers(sanitiser: Any) -> list[Any] | None:
    analyzer = getattr(sanitiser, "_analyzer", None)
    registry = getattr(analyzer, "registry", None)
    return getattr(registry, "recognizers", None)


def _wired(sanitiser: Any) -> bool:
    return any(isinstance(r, NameLexiconRecognizer) for r in _registry_recognizers(sanitiser) or ())


# ---------------------------------------------------------------------------------------------


def _cases() -> list[dict[str, Any]]:
    """One text per (name, template); the names measured in it and where they stand."""
    cases = []
    for culture, name, name2 in name_pairs():
        for template in TEMPLATES:
            text = template.format(name=name, name2=name2)
            names = [(name, text.index(name))]
            if "{name2}" in template:
                names.append((name2, text.index(name2, names[0][1] + len(name))))
            cases.append({"culture": culture, "text": text, "names": names})
    return cases


def _leak_words(name: str) -> list[str]:
    """The words of a name that identify someone if left behind (and hyphenated words' parts)."""
    out = []
    for word in name.split():
        if fold(word) in NAME_PARTICLES:
            continue
        out.append(word)
        if "-" in word or "'" in word:
            out += [p for p in re.split(r"['\-]", word) if len(p) >= 3 and fold(p) not in _SKIP_PARTS]
    return out


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text) is not None


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _found(name: str, at: int, scrubbed: str | None, spans: list[tuple[int, int]] | None) -> bool:
    """Whether no identifying word of the name survives: removed from ``scrubbed`` (None: not
    checked) or inside a lexicon span (None: no lexicon)."""
    for word in _leak_words(name):
        # where the word stands in the original text (parts: inside their word)
        offset = name.find(word)
        start = at + offset
        in_span = spans is not None and _covered(start, start + len(word), spans)
        survives = scrubbed is None or _present(word, scrubbed)
        if survives and not in_span:
            return False
    return True


def _recall(cases: list[dict[str, Any]], scrubbed: list[str] | None, spans: list[list[tuple[int, int]]] | None):
    per: dict[str, list[int]] = {}
    missed: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    for i, case in enumerate(cases):
        for name, at in case["names"]:
            ok = _found(name, at, scrubbed[i] if scrubbed else None, spans[i] if spans else None)
            hit = per.setdefault(case["culture"], [0, 0])
            hit[0] += ok
            hit[1] += 1
            tried[name] += 1
            if not ok:
                missed[name] += 1
    total = [sum(v[0] for v in per.values()), sum(v[1] for v in per.values())]
    return {
        "overall": round(total[0] / total[1], 3),
        "found": total[0],
        "names_x_templates": total[1],
        "per_culture": {c: round(v[0] / v[1], 3) for c, v in per.items()},
        "missed_most": [f"{n} ({k}/{tried[n]})" for n, k in missed.most_common(40)],
    }


def _false_positives(sentences: tuple[str, ...], scrubbed: list[str] | None, spans: list[list[tuple[int, int]]] | None):
    total = replaced = sentences_hit = 0
    examples = []
    for i, text in enumerate(sentences):
        words = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        lost: Counter[str] = Counter()
        if scrubbed is not None:
            lost = Counter(w for w, _, _ in words) - Counter(m.group() for m in _TOKEN.finditer(scrubbed[i]))
        if spans is not None:
            lost |= Counter(w for w, s, e in words if _covered(s, e, spans[i]))
        n = sum(lost.values())
        total += len(words)
        replaced += n
        if n:
            sentences_hit += 1
            if len(examples) < 25:
                examples.append({"text": text, "replaced": sorted(lost.elements())})
    return {
        "word_rate": round(replaced / total, 4),
        "words_replaced": replaced,
        "words": total,
        "sentences_hit": sentences_hit,
        "sentences": len(sentences),
        "examples": examples,
    }


def _speed(recognizer: NameLexiconRecognizer, texts: list[str]) -> dict[str, float]:
    """Milliseconds per text, with the word/run caches cleared first (cold) and filled (warm)."""
    recognizer._classify.cache_clear()
    recognizer._run_names.cache_clear()
    t0 = time.perf_counter()
    for t in texts:
        list(recognizer.spans(t))
    cold = (time.perf_counter() - t0) / len(texts)
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            list(recognizer.spans(t))
    warm = (time.perf_counter() - t0) / (rounds * len(texts))
    chars = sum(map(len, texts)) / len(texts)
    return {
        "texts": len(texts),
        "mean_chars": round(chars),
        "ms_per_text_cold_cache": round(cold * 1000, 4),
        "ms_per_text_warm_cache": round(warm * 1000, 4),
        "ms_per_300_chars_warm": round(warm * 1000 * 300 / chars, 4),
    }


def _dense_texts(texts: list[str]) -> list[str]:
    """~300-character texts made of the benchmark's own sentences (a name in every sentence)."""
    blocks, block = [], ""
    for t in texts:
        block = f"{block} {t}" if block else t
        if len(block) >= 300:
            blocks.append(block)
            block = ""
    return blocks


def _sample_texts(n: int = 1000) -> list[str]:
    """Titles, descriptions and comment threads of the bundled synthetic sample requests."""
    return [r.row[f] for r in generate_requests(n) for f in ("Title", "Description", "Comments") if r.row.get(f)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.parse_args()  # no options: --help only
    Sanitiser, SanitiserConfig, default_not_names = _sanitiser_classes()
    t0 = time.perf_counter()
    sanitiser = Sanitiser(SanitiserConfig(secret="bench"))
    wired = _wired(sanitiser)
    baseline = sanitiser
    recognizer = NameLexiconRecognizer(not_names=default_not_names)
    if wired:  # "before": the same sanitiser without the lexicon
        recognizer = next(r for r in _registry_recognizers(sanitiser) if isinstance(r, NameLexiconRecognizer))
        if "name_lexicon" in {f.name for f in dataclasses.fields(SanitiserConfig)}:
            baseline = Sanitiser(SanitiserConfig(secret="bench", name_lexicon=False))
        else:
            baseline = Sanitiser(SanitiserConfig(secret="bench"))
            recognizers = _registry_recognizers(baseline)
            recognizers[:] = [r for r in recognizers if not isinstance(r, NameLexiconRecognizer)]
    load_s = time.perf_counter() - t0

    cases = _cases()
    texts = [c["text"] for c in cases]
    t0 = time.perf_counter()
    before = [r.text for r in baseline.scrub_many(texts)]
    before_clean = [r.text for r in baseline.scrub_many(list(CLEAN_SENTENCES))]
    sanitiser_s = time.perf_counter() - t0
    lex_spans = [[(s, e) for s, e, _ in recognizer.spans(t)] for t in texts]
    lex_clean = [[(s, e) for s, e, _ in recognizer.spans(t)] for t in CLEAN_SENTENCES]

    results: dict[str, Any] = {
        "before": {
            "recall": _recall(cases, before, None),
            "false_positives": _false_positives(CLEAN_SENTENCES, before_clean, None),
        },
        "lexicon_only": {
            "recall": _recall(cases, None, lex_spans),
            "false_positives": _false_positives(CLEAN_SENTENCES, None, lex_clean),
        },
    }
    # what the two detectors find together, whatever the wiring keeps of it
    results["union"] = {
        "how": "union of the sanitiser without the lexicon and NameLexiconRecognizer, both over the original text",
        "recall": _recall(cases, before, lex_spans),
        "false_positives": _false_positives(CLEAN_SENTENCES, before_clean, lex_clean),
    }
    if wired:
        after = [r.text for r in sanitiser.scrub_many(texts)]
        after_clean = [r.text for r in sanitiser.scrub_many(list(CLEAN_SENTENCES))]
        results["after"] = {
            "how": "the sanitiser with NameLexiconRecognizer in its registry",
            "recall": _recall(cases, after, None),
            "false_positives": _false_positives(CLEAN_SENTENCES, after_clean, None),
        }
    else:
        results["after"] = results["union"]
    results["lexicon_speed"] = {
        "sample_requests": _speed(recognizer, _sample_texts()),
        "name_dense_300_chars": _speed(recognizer, _dense_texts(texts + list(CLEAN_SENTENCES))),
    }
    results["setup"] = {
        "names": len({n for c in cases for n, _ in c["names"]}),
        "cultures": len({c["culture"] for c in cases}),
        "templates": len(TEMPLATES),
        "clean_sentences": len(CLEAN_SENTENCES),
        "rare_zipf": RARE_ZIPF,
        "wired": wired,
        "load_s": round(load_s, 1),
        "sanitiser_s": round(sanitiser_s, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }

    cultures = list(results["before"]["recall"]["per_culture"])
    kinds = ("before", "lexicon_only", "union", "after")
    print(f"{'culture':<20} {'before':>7} {'lexicon':>8} {'union':>7} {'after':>7}")
    for c in [*cultures, "overall"]:
        row = [results[k]["recall"]["per_culture"].get(c, results[k]["recall"]["overall"]) for k in kinds]
        print(f"{c:<20} {row[0]:>7.3f} {row[1]:>8.3f} {row[2]:>7.3f} {row[3]:>7.3f}")
    for k in kinds:
        fp = results[k]["false_positives"]
        print(
            f"false positives {k:<13} {fp['word_rate']:.4f} of words "
            f"({fp['words_replaced']}/{fp['words']}), {fp['sentences_hit']}/{fp['sentences']} sentences"
        )
    for kind, sp in results["lexicon_speed"].items():
        print(
            f"lexicon speed, {kind}: {sp['ms_per_text_cold_cache']:.3f} ms/text cold cache, "
            f"{sp['ms_per_text_warm_cache']:.3f} ms/text warm ({sp['texts']} texts of ~{sp['mean_chars']} chars; "
            f"{sp['ms_per_300_chars_warm']:.3f} ms per 300 chars)"
        )
    print("after, missed most:", "; ".join(results["after"]["recall"]["missed_most"][:25]))
    print("lexicon false positives:", [e["replaced"] for e in results["lexicon_only"]["false_positives"]["examples"]])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
