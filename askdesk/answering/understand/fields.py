"""The words that name a field of the data in a question: its own name's words and plurals,
everyday synonyms ("team" for an assignment group), abbreviations ("loc"), and the source's own
column names ("contact type")."""

from __future__ import annotations

from askdesk.answering.understand.words import FIELD_SYNONYMS
from askdesk.answering.vocabulary import Vocabulary, normalise
from askdesk.answering.vocabulary.words import ABBREVIATIONS


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def field_words(name: str) -> set[str]:
    """Words that name field ``name`` in a question ("assignment_group" -> assignment, group, groups)."""
    words = set(normalise(name.replace("_", " ")).split())
    words |= {plural(w) for w in words}
    if name == "status":
        words |= {"state", "states", "statuses"}
    if name == "priority":
        words |= {"priorities", "prio", "severity"}
    if name == "category":
        words |= {"categories", "type", "types"}
    for generic, parts in FIELD_SYNONYMS.items():
        if words & set(parts):
            words.add(generic)
    for w in list(words):  # "org" / "orgs" for an organization field, "loc" for location
        words |= {form for short in ABBREVIATIONS.get(w, ()) if " " not in short for form in (short, plural(short))}
    return words


class FieldNames:
    """Which field of ``vocab`` the question's words name ("assignment group", "locations", "team")."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.fields_by_word: dict[str, list[str]] = {}
        for name in vocab.fields:
            for w in field_words(name):
                self.fields_by_word.setdefault(w, []).append(name)

    def field_at(self, words: list[str], i: int) -> tuple[str | None, int]:
        """The field named by the words at ``i`` ("assignment group", "locations", "team"), and
        how many words name it."""
        fields = self.vocab.fields
        for size in (3, 2, 1):
            gram = " ".join(words[i:i + size])
            alias = self.vocab.field_aliases.get(gram) or (
                self.vocab.field_aliases.get(gram[:-1]) if gram.endswith("s") else None)
            if alias and len(gram) > 2:
                return alias, size  # the source's own column name ("contact type")
            for name in fields:
                norm = name.replace("_", " ")
                if gram in (norm, " ".join([*norm.split()[:-1], plural(norm.split()[-1])])):
                    return name, size
        if i >= len(words):
            return None, 0
        names = self.fields_by_word.get(words[i], [])
        if not names:
            return None, 0
        # the word is a field's own name first ("group" -> assignment_group over a "group_type"; "dept" ->
        # a department field over the category's generic synonyms)
        exact = [n for n in names if words[i] in (n, n + "s") or words[i] in n.split("_")
                 or words[i] in {f for w in n.split("_") for s in ABBREVIATIONS.get(w, ()) for f in (s, s + "s")}]
        choice = (exact or names)[0]
        size = 2 if i + 1 < len(words) and words[i + 1] in field_words(choice) else 1
        return choice, size

    def finest_category(self) -> str | None:
        for name in ("subcategory", "category"):
            if len(self.vocab.values(name)) >= 2:
                return name
        return None
