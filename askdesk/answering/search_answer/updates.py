"""What an update says, sentence by sentence: a fix, closing words without a fix, a bare
"Resolved.", progress (escalated, on hold), an acknowledgement, a question, a request for
contact, thanks — and the account of an update that follows from them."""

from __future__ import annotations

import re

from askdesk.answering.search_answer.entries import Entry
from askdesk.answering.search_answer.text import _sentences

_ACK = re.compile(
    r"\b(?:looking into|look into|looked into it|picked (?:this |it )?up|pick (?:this|it) up|taken ownership|"
    r"take ownership|"
    r"assigned (?:this )?to (?:myself|me)|investigating|checking (?:now|this)|will (?:update|come back|get back|"
    r"follow up|check|look)|i'll be handling|i will be handling|handling this|acknowledged|first look|on it\b|"
    r"thanks for (?:raising|the (?:ticket|details|request|report))|received your request|we have received)",
    re.IGNORECASE)
_PROGRESS = re.compile(
    r"\b(?:escalat\w*|passing (?:this )?to|passed to|re-?assigned to|moved to\b.{0,40}\b(?:queue|team)|"
    r"transferred to|on hold|"
    r"waiting (?:for|on)|awaiting|parked|^pending|will be (?:done|scheduled))\b", re.IGNORECASE)
# the agent trying to reach someone, or asking for something ("We need that before we can grant it.")
_CONTACT = re.compile(
    r"\b(?:tried (?:calling|to call|to reach|to contact)|left (?:a |you a )?voicemail|no answer|sent the details to|"
    r"(?:I've |I have )?copied .{0,60} as requested|\bin copy\b|\bcc'?d\b|"
    r"(?:we|I)(?:'ll| will)? need (?:that|this|it|your|the|a)\b|"
    r"before (?:we|I) can\b|could you|can you|please (?:send|confirm|attach|provide|share|let me know))", re.IGNORECASE)
_NO_FIX_CLOSE = re.compile(
    r"\b(?:no response|not heard back|haven't heard back|have not heard back|no reply|auto-?\s?closed|"
    r"closing (?:this|the ticket|the request)? ?(?:as|due to|because)|duplicate of|^cancel+(?:ed|ing)\b|"
    r"cancel+(?:ed|ing) (?:the|this) (?:duplicate|request|ticket)|duplicate cancel+ed|cancel+ed at the|raised twice|"
    r"raised by mistake|not needed|no longer (?:needed|required)|sorted itself out|colleague helped|please cancel|"
    r"you can close this)\b", re.IGNORECASE)
_GENERIC_DONE = re.compile(
    r"^(?:this (?:is|has been) |request |ticket )?"
    r"(?:resolved|done|completed?|closed|closing|fixed|sorted|actioned|finished)"
    r"(?:[\s,.;:!–-]+(?:(?:and )?(?:closing|closed)(?: (?:the|this) (?:request|ticket))?|as requested|now))?[\s.!]*$",
    re.IGNORECASE)
_BOILERPLATE_TAIL = re.compile(
    r"[\s,;:–-]*(?:\b(?:please|pls|kindly)\s+)?\b(?:let us know|raise a new (?:request|ticket)|reopen|reply to reopen|"
    r"contact us|get in touch|feel free to)\b.*$", re.IGNORECASE)
_THANKS = re.compile(
    r"^(?:thanks|thank you|thx|cheers|great|perfect|brilliant|awesome|all good|confirmed working|"
    r"that (?:fixed|worked|sorted)|"
    r"works now|working now|much appreciated)\b", re.IGNORECASE)
_REQUESTER_VOICE = re.compile(
    r"\b(?:I can't|I cannot|I'm still|I still|my (?:laptop|pc|phone|account|vpn|screen|badge)|"
    r"still (?:happening|broken|not working)|any update|is anyone)\b", re.IGNORECASE)


def sentence_kind(sentence: str) -> str:
    """``fix`` (says what was done), ``closed`` (closed without a fix), ``generic`` (just
    "Resolved."/"Done."), ``progress`` (escalated, on hold, waiting), ``ack``, ``question``,
    ``thanks`` or ``empty``."""
    s = sentence.strip()
    if not s:
        return "empty"
    if s.endswith("?"):
        return "question"
    if _NO_FIX_CLOSE.search(s):
        return "closed"
    core = _BOILERPLATE_TAIL.sub("", s).strip(" ,;:–-")
    if not core:
        return "empty"
    if _GENERIC_DONE.match(core):
        return "generic"
    if _THANKS.match(core) and len(core.split()) <= 8:
        return "thanks"
    if _ACK.search(core):
        return "ack"
    if _CONTACT.search(core):
        return "contact"
    if _PROGRESS.search(core):
        return "progress"
    return "fix"


def entry_account(entry: Entry) -> tuple[str, str]:
    """(kind, text) of an update: its fix sentences if it has any (acknowledgements, questions and
    "let us know" tails dropped), else its closing words, else its whole first sentences."""
    if entry.label:
        return "fix", entry.text
    sentences = _sentences(entry.text)
    kinds = [sentence_kind(s) for s in sentences]
    if "question" in kinds:  # what follows a question explains it ("It's on a sticker under the laptop.")
        cut = kinds.index("question") + 1
        sentences, kinds = sentences[:cut], kinds[:cut]
    if "fix" in kinds:
        if entry.role == "unknown" and _REQUESTER_VOICE.search(entry.text):
            return "requester", entry.text
        picked = [_BOILERPLATE_TAIL.sub("", s).rstrip(" ,;:–-") or s for s, k in zip(sentences, kinds) if k == "fix"]
        return "fix", " ".join(p if p[-1:] in ".!?…" else p + "." for p in picked)
    if "closed" in kinds or "generic" in kinds:
        # "Resolved - please let us know if anything else comes up." -> "Resolved."
        picked = [_BOILERPLATE_TAIL.sub("", s).rstrip(" ,;:–-") or s for s, k in zip(sentences, kinds)
                  if k in ("closed", "generic")]
        return "closed", " ".join(p if p[-1:] in ".!?…" else p + "." for p in picked)
    order = ("progress", "question", "contact", "ack", "thanks")
    kind = next((k for k in order if k in kinds), "empty")
    return kind, entry.text
