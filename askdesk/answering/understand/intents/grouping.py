"""Counts per value of a field ("by priority", "per team", "which location has the most …",
"top 5 categories"), ranked or not, and a duration's grouping ("average resolution time per
category")."""

from __future__ import annotations

from askdesk.answering.plan import DurationSpec
from askdesk.answering.understand.fields import FieldNames
from askdesk.answering.understand.intents.guess import IntentGuess, Take
from askdesk.answering.understand.intents.words import GROUP_VERBS, GROUPING_WORDS, RANK_FEWEST, RANK_MOST
from askdesk.answering.understand.words import ISSUE_WORDS, NUMBER_WORDS, REQUEST_NOUNS


def read_group(names: FieldNames, words: list[str], g: IntentGuess, take: Take) -> None:
    """Counts per value of a field ("by team", "which location has the most", "top categories"), and
    the grouping of a duration ("average resolution time per category")."""
    n = len(words)
    rank = None
    rank_at = None
    for i, w in enumerate(words):
        if (w in RANK_MOST or w in RANK_FEWEST) and names_a_value(names, words, i):
            continue  # "excluding priority highest", "lowest prio": a value, not the ranking
        if w in RANK_MOST:
            rank, rank_at = "most", i
        elif w in RANK_FEWEST:
            rank, rank_at = "fewest", i
    for i, w in enumerate(words):
        field_name: str | None = None
        used: list[int] = []
        if w in ("by", "per", "each", "every", "across") or (w == "for" and i + 1 < n and words[i + 1] == "each"):
            j = i + 1 + (w == "for")
            if j < n and words[j] in ("each", "every", "the"):
                j += 1
            field_name, size = names.field_at(words, j)
            if field_name and names.vocab.phrase_index.get(" ".join(words[j:j + size + 1])):
                field_name = None  # "handled by group 24": a value, not "by group"
            used = list(range(i, j + size))
        elif w in ("which", "what", "whats"):
            skip = 1 + (i + 1 < n and (words[i + 1].isdigit() or words[i + 1] in NUMBER_WORDS))
            if skip == 2:
                g.limit = int(words[i + 1]) if words[i + 1].isdigit() else NUMBER_WORDS[words[i + 1]]
            field_name, size = names.field_at(words, i + skip)
            if field_name is None and i + skip + 1 < n and words[i + skip] not in names.vocab.phrase_index \
                    and names.field_at(words, i + skip + 1)[0] and words[i + skip] not in REQUEST_NOUNS:
                # "which zendesk group …", "which support team …": a word naming the field's kind
                field_name, size = names.field_at(words, i + skip + 1)
                size += 1
            if field_name and any(names.vocab.phrase_index.get(" ".join(words[i + skip:i + skip + size + k]))
                                  for k in (1, 2)):
                field_name = None  # "which priority 2 incidents …": a value, not "which priority"
            size += skip - 1
            if field_name is None and i + 2 < n and words[i + 1] in ("is", "was", "are"):
                field_name, size = names.field_at(words, i + 3) if words[i + 2] == "the" else (None, 0)
                if field_name:
                    size += 2
            # "which team has …", "what location had the most …"; not "which status is REQ-1"
            after = set(words[i + 1 + size:i + 5 + size])
            if field_name and not (rank or after & GROUP_VERBS or after & REQUEST_NOUNS):
                field_name = None
            used = list(range(i, i + 1 + size))
        elif i + 1 < n and rank_at is not None and i + 3 >= rank_at > i and words[i + 1] in ("with", "that", "having") \
                and names.field_at(words, i)[0]:
            field_name, size = names.field_at(words, i)  # "team with the most tix?"
            used = list(range(i, i + size + 1))
        elif w in ("slowest", "fastest", "quickest") and g.intent == "duration" and names.field_at(words, i + 1)[0]:
            field_name, size = names.field_at(words, i + 1)  # "slowest team to resolve tickets"
            used = [i, *range(i + 1, i + 1 + size)]
        elif w == "where" and rank and names.field_at(words, i)[0]:
            field_name, size = names.field_at(words, i)  # "where do most tickets come from?"
            used = [i, *(k for k in range(i + 1, n) if words[k] in ("come", "comes", "coming", "from", "do", "does"))]
        elif w in ("statuses", "priorities", "categories") and i + 1 < n and words[i + 1] in ("of", "for") \
                and names.field_at(words, i)[0]:
            field_name, size = names.field_at(words, i)  # "statuses of the open access requests"
            used = [i, i + 1]
        elif w in ("breakdown", "breakdowns", "distribution", "split", "mix") and i > 0 and names.field_at(words, i - 1)[0]:
            field_name, size = names.field_at(words, i - 1)  # "channel breakdown for tickets"
            used = [i - 1, i]
        elif w in ("breakdown", "distribution", "split", "spread", "breakdowns", "grouped", "broken", "break",
                   "group", "bucket", "segment", "splitting"):
            later_by = any(words[k] in ("by", "per") and names.field_at(words, k + 1)[0] for k in range(i + 1, n))
            for j in range(i + 1, min(n, i + 6)):
                field_name, size = names.field_at(words, j)
                if later_by and words[j - 1] not in ("by", "per"):
                    field_name = None  # "breakdown of tickets with subcategory laptop by team": the "by" field
                    continue
                if field_name and (w not in ("group", "break") or words[j - 1] in ("by", "per", "into")):
                    # "breakdown of open requests by priority": only the field and its "by"
                    used = [i, *range(j, j + size)] + ([j - 1] if words[j - 1] in ("by", "of", "per", "across") else [])
                    used += [k for k in range(i, j) if words[k] == "down"]
                    break
                field_name = None
        elif w in ("top",) or (w in ("common", "frequent", "commonest", "reported") and rank_at is not None):
            j = i + 1
            if j < n and (words[j].isdigit() or words[j] in NUMBER_WORDS):
                j += 1
            field_name, size = names.field_at(words, j)
            if field_name is None and j < n and (words[j] in ISSUE_WORDS or words[j] in REQUEST_NOUNS) \
                    and (w != "top" or words[j] in ISSUE_WORDS):
                field_name, size = names.finest_category(), 1
            if field_name:
                used = list(range(i, j + size))
                rank = rank or "most"
                if w == "top" and j > i + 1:
                    g.limit = int(words[i + 1]) if words[i + 1].isdigit() else NUMBER_WORDS[words[i + 1]]
        if field_name:
            if g.intent == "duration":  # "average resolution time per category"
                g.group_by = field_name
                assert g.duration is not None
                g.duration = DurationSpec(g.duration.measure, ("mean", "median", "p90"))
                g.rank = rank or ("most" if {"slowest", "longest"} & set(words) else
                                  "fewest" if {"fastest", "quickest", "shortest"} & set(words) else None)
                take(*used)
                return
            g.intent, g.explicit, g.group_by = "group", True, field_name
            g.rank = rank
            take(*used)
            take(*[k for k, x in enumerate(words) if x in GROUPING_WORDS])
            if rank_at is not None:
                take(rank_at)
                # "which orgs have the most unsolved tickets? top 3": every word of the same ranking
                same = RANK_MOST if rank == "most" else RANK_FEWEST
                take(*[k for k, x in enumerate(words) if x in same and not names_a_value(names, words, k)])
                if rank_at + 1 < n and words[rank_at + 1] in ("common", "frequent", "popular", "used", "often"):
                    take(rank_at + 1)  # "what type of ticket is most common"
                if rank_at > 0 and words[rank_at - 1] == "the":
                    take(rank_at - 1)
            return


def names_a_value(names: FieldNames, words: list[str], i: int) -> bool:
    """A rank word that is a value of the field named right before or after it ("priority
    highest", "highest prio")."""
    fields = {r.field for r in names.vocab.phrase_index.get(words[i], ())}
    near = [words[k] for k in (i - 1, i + 1) if 0 <= k < len(words)]
    return any(f in fields for w in near for f in names.fields_by_word.get(w, ()))
