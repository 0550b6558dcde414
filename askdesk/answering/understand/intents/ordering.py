"""A list of requests in an order ("the 5 oldest", "most recently updated", "open the longest",
"slowest to resolve"), and how many of them ("top 10", "which is the oldest?": one)."""

from __future__ import annotations

from askdesk.answering.filters import DateField
from askdesk.answering.plan import Order
from askdesk.answering.understand.fields import FieldNames
from askdesk.answering.understand.intents.guess import IntentGuess, Take
from askdesk.answering.understand.intents.words import DATE_VERBS, LIST_STARTS, RESOLVE_WORDS
from askdesk.answering.understand.words import NUMBER_WORDS, REQUEST_NOUNS


def date_verb(words: list[str], lo: int, hi: int) -> tuple[DateField | None, int | None]:
    """The date field a verb near the order word names ("updated", "resolved", "opened")."""
    for k in range(max(0, lo), min(len(words), hi)):
        field = DATE_VERBS.get(words[k])
        if k > 0 and words[k - 1] in ("not", "never", "isnt", "wasnt", "arent", "werent", "or", "and", "nor"):
            continue  # "not resolved (or closed)": a negated status list, not the date to order by
        status_like = words[k] in ("closed", "resolved", "completed", "fixed", "solved")
        if field and not (status_like and k + 1 < len(words) and words[k + 1] in REQUEST_NOUNS):  # a status
            return field, k
    return None, None


def read_order(words: list[str], g: IntentGuess, take: Take) -> None:
    """A list in an order: oldest / newest / most recently updated / open the longest / slowest to resolve."""
    n = len(words)
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < n else ""
        nxt2 = words[i + 2] if i + 2 < n else ""
        order: Order | None = None
        used = [i]
        resolve_near = bool(RESOLVE_WORDS & set(words[max(0, i - 3):i + 4]) or {"took", "take", "takes"} & set(
            words[max(0, i - 3):i]))
        if w in ("oldest", "earliest"):
            order = Order("created_at", False)
            if nxt == "open" or (nxt in REQUEST_NOUNS and nxt2 == "open"):
                order = Order("age", True)
        elif w in ("newest", "latest", "recent", "recently", "last", "first") or (w == "most" and nxt in (
                "recent", "recently")):
            if nxt in ("time", "times"):
                continue  # "how was it fixed last time?" asks for the fix, not an order
            # "which p5 INC was resolved last?", "which came in last?"
            verb_before = i > 0 and (words[i - 1] in DATE_VERBS or (
                words[i - 1] in ("in", "up") and i > 1 and words[i - 2] in DATE_VERBS))
            if w == "last" and not (nxt.isdigit() or nxt in NUMBER_WORDS or nxt in REQUEST_NOUNS
                                    or nxt in DATE_VERBS or nxt == "one" or verb_before):
                continue  # "last" of a date ("last week") is read by the dates
            if w == "first" and not (nxt.isdigit() or nxt in NUMBER_WORDS or nxt in REQUEST_NOUNS
                                     or nxt in DATE_VERBS or (i > 0 and words[i - 1] in DATE_VERBS)):
                continue
            field, at = date_verb(words, i - 2, i + 4)
            if w in ("recent", "recently") and nxt in DATE_VERBS:
                field, at = DATE_VERBS[nxt], i + 1  # "the most recently solved ticket": the date, not a status
            elif w == "most" and nxt in ("recent", "recently") and nxt2 in DATE_VERBS:
                field, at = DATE_VERBS[nxt2], i + 2
            if field is None and w in ("last", "first"):
                field, at = date_verb(words, i, n)  # "the last ticket in Facilities we resolved"
            after = nxt2 if w == "most" else nxt
            if w != "first" and after in ("update", "updates", "activity"):
                field, at = "updated_at", i + 1 + (w == "most")  # "with the latest updates"
            order = Order(field or "created_at", w != "first")
            used += [i + 1] if w == "most" else []
            if at is not None:
                used.append(at)
        elif w in ("least", "not") and nxt == "recently" and nxt2 in DATE_VERBS:
            order = Order(DATE_VERBS[nxt2], False)
            used += [i + 1, i + 2]
        elif w in ("stale", "stalest"):
            order = Order("updated_at", False)
        elif w in ("longest", "long") and {"updated", "update", "updates", "touched", "activity"} & set(
                words[max(0, i - 4):i + 4]) and {"without", "havent", "hasnt", "not", "no", "since"} & set(
                words[max(0, i - 5):i + 4]):
            # "pending tix that haven't been updated for the longest", "gone the longest without an update"
            order = Order("updated_at", False)
            used += [k for k in range(max(0, i - 5), min(n, i + 4)) if words[k] in (
                "updated", "update", "updates", "touched", "activity", "without", "havent", "hasnt", "not", "no",
                "been", "for", "the", "gone", "an", "any", "since", "last")]
        elif w in ("longest", "long") and (
                {"open", "opened", "outstanding", "waiting", "running", "unresolved", "pending", "sitting", "been"}
                & set(words[max(0, i - 4):i + 3])):
            order = Order("age", True)
            used += [k for k in range(max(0, i - 4), min(n, i + 3)) if words[k] in (
                "open", "been", "the", "outstanding", "waiting", "running", "sitting", "has", "have", "for")]
            g.needs_open = True
        elif w in ("slowest", "longest") and resolve_near:
            order = Order("resolution_time", True)
            used += [k for k in range(i, min(n, i + 4)) if words[k] in ("to", "resolve", "close", "fix", "solve")]
            used += [k for k in range(max(0, i - 2), i) if words[k] in ("took", "take", "takes", "taken", "taking")]
        elif w in ("fastest", "quickest") and resolve_near:
            order = Order("resolution_time", False)
            used += [k for k in range(i, min(n, i + 4)) if words[k] in ("to", "resolve", "close", "fix", "solve")]
            used += [k for k in range(max(0, i - 3), i) if words[k] in RESOLVE_WORDS | {"was", "were", "got", "the"}]
        if order is not None:
            g.order = order
            g.intent = "list"
            g.explicit = True
            if i + 1 < n and words[i + 1] in ("first", "last") and w not in ("first", "last"):
                used.append(i + 1)  # "oldest first": the direction, said twice
            take(*used)
            if i > 0 and words[i - 1] == "most":
                take(i - 1)
            return


def read_limit(names: FieldNames, words: list[str], g: IntentGuess, take: Take) -> None:
    """How many a list or ranking asks for ("top 10", "the 5 oldest"; "which is the oldest?": one)."""
    if g.intent not in ("list", "group"):
        return
    for i, w in enumerate(words):
        if (w.isdigit() and 0 < int(w) <= 100) or w in NUMBER_WORDS:
            before = words[i - 1] if i > 0 else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if before in names.fields_by_word or before in ("priority", "p", "sev", "severity"):
                continue  # "priority 1", "group 24": part of a value
            if before in {"top", "first", "last", "latest", "newest", "oldest", "show", "list", "give", "me", "the",
                          "which", "recent"} \
                    or after in REQUEST_NOUNS | {"oldest", "newest", "latest", "most", "recent", "longest", "stalest",
                                                 "last", "first"}:
                g.limit = int(w) if w.isdigit() else NUMBER_WORDS[w]
                take(i)
                if i > 0 and words[i - 1] in ("top", "first", "last"):
                    take(i - 1)
                return
    if g.intent == "list" and g.order is not None and g.limit is None:
        listed = words[0] in LIST_STARTS or (len(words) > 1 and words[1] in LIST_STARTS)
        plural = any(w in REQUEST_NOUNS and w.endswith("s") for w in words)
        if any(words[k] in ("first", "last") and k - 1 in g.consumed for k in g.consumed) or (listed and plural):
            return  # "list the open P1 incidents, oldest first": a list in that order, not one request
        # "which is the oldest?" / "the oldest one" ask for one; "oldest requests" for a few
        for k in sorted(g.consumed):
            if k + 1 < len(words) and words[k + 1] in REQUEST_NOUNS and words[k + 1].endswith("s"):
                g.limit = 5
                return
        g.limit = 1
