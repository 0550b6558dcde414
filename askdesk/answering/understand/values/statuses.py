"""Status values by meaning: "open" / "unresolved" (every unfinished status the data has),
"done" / "fixed" (the finished ones), families of statuses ("pending", "waiting on the customer")
and a status list that names the next member by its distinctive word ("awaiting user info or
vendor")."""

from __future__ import annotations

from askdesk.answering.understand.text import Token
from askdesk.answering.understand.values.found import Found, is_cued, lookup, match, original_span
from askdesk.answering.understand.words import DONE_WORDS, OPEN_WORDS, STATUS_FAMILY_WORDS
from askdesk.answering.vocabulary import Vocabulary, normalise

#: the phrases of each kind, as word tuples (longest "open" phrases first)
OPEN_PHRASES = tuple(tuple(w.split()) for w in sorted(OPEN_WORDS, key=lambda w: -len(w.split())))
DONE_PHRASES = tuple(tuple(w.split()) for w in DONE_WORDS)
FAMILY_PHRASES = tuple(tuple(w.split()) for w in STATUS_FAMILY_WORDS)
#: "open" is the verb after these ("can't open") and before these ("open the file")
_VERB_BEFORE_OPEN = frozenset(["cant", "cannot", "couldnt", "wont", "doesnt", "dont", "unable", "to", "failed", "fails", "failing", "not"])
#: "waiting on us" / "waiting on the customer": whose move it is, as words in status names
_US = ("support", "agent", "agents", "team", "desk", "helpdesk", "internal", "us", "it", "service", "assignee")
_THEM = ("customer", "user", "requester", "requestor", "reporter", "caller", "client", "employee", "submitter")
_THIRD = ("vendor", "supplier", "third", "external", "partner")
_WAITING_ON: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("us", "we", "our", "ourselves", "support", "agent", "agents", "helpdesk", "desk", "team"), _US),
    **dict.fromkeys(("customer", "customers", "user", "users", "requester", "requesters", "requestor", "reporter",
                     "reporters", "caller", "callers", "client", "clients", "them", "employee", "employees",
                     "submitter", "enduser"), _THEM),
    **dict.fromkeys(("vendor", "vendors", "supplier", "suppliers", "third", "external", "partner", "partners"), _THIRD),
}
_OBJECT_AFTER_OPEN = frozenset(["a", "an", "the", "my", "your", "up", "files", "file", "attachment", "attachments", "link", "links", "outlook", "excel", "word", "app", "apps", "browser", "door", "port", "ports"])


def state_values(vocab: Vocabulary, kind: str) -> tuple[str, tuple[str, ...], bool | None]:
    """(field, values, resolved) for "open" / "done" on this data."""
    if kind == "open":
        if vocab.statuses and vocab.open_statuses:
            return "status", vocab.open_statuses, None
        return "status", (), False
    finished = tuple(s for s in vocab.finished_statuses
                     if not any(w in normalise(s) for w in ("cancel", "withdrawn", "reject", "duplicate")))
    if vocab.statuses and finished:
        return "status", finished, None
    return "status", (), True


def open_is_a_verb(words: list[str], i: int) -> bool:
    """"can't open", "open the file": the verb, not the state."""
    if words[i] != "open":
        return False
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in _VERB_BEFORE_OPEN or after in _OBJECT_AFTER_OPEN


def status_family_at(vocab: Vocabulary, field_words: dict[str, set[str]], toks: list[Token], words: list[str], i: int,
                     original: str) -> Found | None:
    """An everyday status word at ``i`` that names a family of the data's statuses ("pending",
    "on hold"), narrowed by the words after it ("waiting on the customer")."""
    n_family = match(words, i, FAMILY_PHRASES)
    if n_family:
        family = vocab.status_family(" ".join(words[i:i + n_family]))
        if family:
            # "waiting on the user", "waiting for a vendor": the words after pick the members
            picked, end = [], i + n_family
            k = end
            while k < min(len(words), end + 6):
                w = words[k]
                side = _WAITING_ON.get(w, (w,))
                members = [s for s in family if set(side) & set(normalise(s).split())
                           and w not in ("awaiting", "waiting")]
                if members:
                    picked += [m for m in members if m not in picked]
                    end = k + 1
                elif w in _WAITING_ON and len(family) == 1:
                    end = k + 1  # "waiting on the customer" where Pending is the only waiting status
                elif w not in ("on", "for", "the", "a", "an", "or", "and", "from", "info", "information", "to",
                               "with", "by"):
                    break
                k += 1
            stop = end if picked or len(family) == 1 else i + n_family
            # "pending tickets about X" filters a search; "still waiting for reimbursement" is its topic
            return Found("status", tuple(picked) or family, i, stop, False,
                         is_cued(field_words, toks, i, stop, "status"), original_span(original, toks, i, stop))
    return None


def more_statuses(vocab: Vocabulary, item: Found, words: list[str]) -> None:
    """"awaiting user info or vendor": a status list that names the next member by its
    distinctive word only."""
    k = item.end
    while k + 1 < len(words) and words[k] in ("or", "and", "nor"):
        w = words[k + 1]
        if w in ("awaiting", "waiting", "pending", "the", "a", "an") or lookup(vocab, words, k + 1)[0]:
            break  # a phrase of its own ("… or on hold"): read as one
        extra = [s for s in vocab.statuses if w in normalise(s).split() and s not in item.values]
        if not extra or (w in vocab.phrase_index and len(extra) != 1):
            break
        item.values = (*item.values, *extra)
        item.end = k + 2
        k += 2
