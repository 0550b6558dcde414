"""Hand-written evaluation data for person-name detection in helpdesk text.

Written by hand, independently of any name lexicon or name generator the sanitiser uses, so it
measures how well names from many cultures are found rather than how well a lexicon agrees
with its own source.  Used by ``benchmarks/sanitiser_names.py``.

* `NAMES`: realistic full names per language/culture, in the order and romanisation people
  write them in English-language tickets (family name first for Chinese, Korean and
  Vietnamese; with and without diacritics; hyphenated Korean given names; Arabic "Al-" and
  "bin"; Irish "Ní"/"Ó"; Spanish compound surnames; Dutch/German particles).
* `TEMPLATES`: helpdesk sentences with the name in different places: sentence start, after
  "for", possessive, a list of two names (``{name2}``), a signature, a ticket-table line, ...
* `CLEAN_SENTENCES`: PII-free helpdesk sentences full of capitalised product, IT and
  department phrases (and common words that are also first names: "Grace Period",
  "Mark Complete", "Bill Payment"), for the false-positive rate.

The lists live in ``evals/data/pii_names.toml``.
"""

from __future__ import annotations

from evals.datafiles import load_table

__all__ = ["CLEAN_SENTENCES", "NAMES", "TEMPLATES", "name_pairs"]

_DATA = load_table("pii_names")
#: culture -> full names
NAMES: dict[str, tuple[str, ...]] = _DATA["names"]
#: ``{name}`` is the name measured; ``{name2}`` (list template) is another name of the same
#: culture, measured too
TEMPLATES: tuple[str, ...] = _DATA["templates"]
CLEAN_SENTENCES: tuple[str, ...] = _DATA["clean_sentences"]


def name_pairs() -> list[tuple[str, str, str]]:
    """(culture, name, another name of the same culture) for every name: the second name
    fills ``{name2}`` in the list template."""
    out = []
    for culture, names in NAMES.items():
        for i, name in enumerate(names):
            out.append((culture, name, names[(i + 1) % len(names)]))
    return out
