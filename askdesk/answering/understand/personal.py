"""Questions that ask for people's personal data (refused before anything else runs).

askdesk keeps only pseudonyms of people (``person_1a2b3c4d``); asking for someone's e-mail,
phone, real name or other identifying data gets a refusal, whatever the data holds.
"""

from __future__ import annotations

import re

PSEUDONYM = re.compile(r"\bperson_[0-9a-f]{8}\b")
#: asking for someone's personal data (or to undo a pseudonym)
_PII_STRONG = re.compile(
    r"\b(e-?mail address(?:es)?|phone numbers?|mobile(?: phone)? numbers?|telephone numbers?|home address(?:es)?|"
    r"contact (?:details|info|information)|real names?|full names?|salary|salaries|date of birth|birthday|"
    r"ssn|social security|national insurance|passport(?: number)?|iban|bank (?:account|details)|credit card number|"
    r"card number|employee (?:id|number)s?|personal (?:data|details|information|info)|de-?anonymi[sz]e|unmask|"
    r"identity of|who (?:is|are) person_[0-9a-f]{8})\b"
)
#: asking for contact data outright ("what's the mobile number in REQ-1?"): no person word needed
_PII_OUTRIGHT = re.compile(
    r"\b(?:e-?mail address(?:es)?|phone numbers?|mobile(?: phone)? numbers?|telephone numbers?|home address(?:es)?|"
    r"contact (?:details|info|information)|date of birth|passport numbers?|bank details|iban|national insurance number|"
    r"social security number|ssn)\b.{0,40}\b(?:in|of|for|on|from|behind)\b.{0,30}\b[a-z]{2,10}[-_ ]?\d{3,}\b"
    # "what's their phone number", "give me her email"; not "lost their phone" or "locked out of their email"
    r"|\b(?:their|his|her|the requester'?s|the caller'?s)\s+(?:(?:phone|mobile|cell|home|work|e-?mail)\s+)?"
    r"(?:number|no|address|contact(?: details| info)?|details)\b"
    r"|\b(?:give|tell|send|share|need|want|get)\b(?: me| us)?\s+(?:their|his|her|the agent'?s|the technician'?s|"
    r"the requester'?s)\s+(?:full |real )?names?\b"
    r"|\b(?:what(?:'s| is)|whats|give|get|send|share|tell|find|look ?up|need)\b(?: me| us)?\s+(?:their|his|her)\s+"
    r"(?:phone|mobile|cell|e-?mail)\b"
    r"|\b(?:call|phone|ring|text|email|e-mail|contact)\s+(?:the (?:person|requester|caller|user|employee)|him|her|them)\b",
    re.IGNORECASE)
#: "email of X", "phone for the requester", "Helena's email"
_PII_OF = re.compile(
    r"\b(?:e-?mail|phone|mobile|address|number|name|salary)\s+(?:of|for)\s+(?:person_|the requester|the requestor|"
    r"the assignee|the user|the employee|the person|the caller|whoever|him|her|them|[A-Z][\w-]+\s+[A-Z])"
    r"|\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?'s\s+(?:e-?mail|phone|mobile|address|number|salary|birthday|name)"
    # the same with the name already a pseudonym (the sanitiser knows the data's people)
    r"|\bperson_[0-9a-f]{8}(?:'s|s)?\s+(?:e-?mail|phone|mobile|cell|address|number|salary|birthday|name|contact)"
)
#: asking to erase people's data (a GDPR erasure request, pasted or counted: "delete all personal
#: data of our customers", "how many customers asked us to erase their personal information?"):
#: askdesk deletes nothing and this asks to see nothing, so it is no reason to refuse
_ERASURE = re.compile(
    r"\b(?:delet\w*|eras\w*|remov\w*|purg\w*|wip\w*|forget\w*|anonymi[sz]\w*)\s+(?:(?:all|any|of|the|our|their|"
    r"his|her|my|your|its|customers?'?|users?'?|clients?'?|employees?'?)\s+)*personal (?:data|details|information|info)\b"
)
_ABOUT_PEOPLE = re.compile(
    r"\b(person_[0-9a-f]{8}|requesters?|requestors?|assignees?|employees?|staff|colleagues?|users?|him|her|them|"
    r"who|whoever|someone|person|people|customers?|callers?|agents?|managers?|raised|opened|submitted|"
    r"[A-Z][\w-]+ [A-Z][\w-]+)\b"
)


def asks_for_personal_data(q: str) -> bool:
    """``q``: the question as typed (case matters for "Helena's email")."""
    # the sanitiser's tags (<EMAIL>, <PHONE>, ...) are not the user asking for an email
    text = re.sub(r"<[A-Z_]+>", " ", q)
    if _PII_OF.search(text) or _PII_OUTRIGHT.search(text):
        return True
    low = _ERASURE.sub(" ", text.lower())
    return bool(_PII_STRONG.search(low) and (_ABOUT_PEOPLE.search(text) or _ABOUT_PEOPLE.search(text.lower())))


def give_back_known_words(question: str, scrubbed: str, known: frozenset[str]) -> str:
    """``scrubbed`` (``question`` scrubbed of PII) with the words the rules read given back where
    the NER took them for a name ("Reqs pending …", "logged in Jun" are not people): a pseudonym
    that replaced only ``known`` words (of the rules or of the data's values) becomes those words
    again."""
    if scrubbed == question or not PSEUDONYM.search(scrubbed):
        return scrubbed
    chunks = PSEUDONYM.split(scrubbed)  # the literal text around each pseudonym
    tokens = PSEUDONYM.findall(scrubbed)
    if not question.startswith(chunks[0]):
        return scrubbed  # other replacements too (e-mails, phones): keep the scrubbed text as it is
    out, pos = [chunks[0]], len(chunks[0])
    for token, chunk in zip(tokens, chunks[1:], strict=True):
        end = question.find(chunk, pos) if chunk else len(question)
        if end < 0:
            return scrubbed
        original = question[pos:end]
        words = [w.lower() for w in re.findall(r"[^\W_]+", original)]
        out.append(original if words and all(w in known for w in words) else token)
        out.append(chunk)
        pos = end + len(chunk)
    return "".join(out)
