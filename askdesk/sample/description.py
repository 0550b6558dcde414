"""A request's description: the issue's symptom, details, PII mentions, and the channel's framing."""

from __future__ import annotations

import random

from .categories import Sub
from .draws import pick
from .phrases import (
    CLOSERS,
    CLOSERS_CHAT,
    IMPACT_GEN,
    IMPACT_IT,
    ONSET_GEN,
    ONSET_IT,
    OPENERS_CHAT,
    OPENERS_EMAIL,
    OPENERS_PHONE,
    OPENERS_PORTAL,
    OPENERS_WALKIN,
    PII_MENTIONS,
    REQ_CONTEXT,
    TRIED_GEN,
    URGENCY,
    URGENCY_REQ,
    P,
)
from .text import RowBuilder, cap, typo


def description(b: RowBuilder, rng: random.Random, sub: Sub, issue, status: str, channel: str
                ) -> tuple[str, list[str]]:
    """(description, the kinds of PII mention left for the comments).

    2-5 sentences: the issue's symptom, then details, onset, what was tried, impact or urgency,
    with the PII mentions chosen for the row among them; then an opener / closer / signature that
    fit the channel.
    """
    rnd = rng.random
    _titles, issue_symptoms, _resolutions, issue_details, issue_iban, is_request = issue
    slots = b.slots

    # which PII mentions to plant (they count towards the 2-5 sentences)
    pii_first: list[str] = []  # a self-introduction goes before the symptom
    pii_desc: list[str] = []  # other mentions in the description
    pii_in_comments: list[str] = []
    if rnd() < (0.75 if issue_iban else sub.pii_rate):
        kinds = []
        if sub.newstarter and rnd() < 0.6:
            kinds.append("newstarter")
        elif sub.leaver and rnd() < 0.6:
            kinds.append("leaver")
        elif issue_iban and rnd() < 0.8:
            kinds.append(issue_iban)
        r = rnd()
        kinds.append("self" if r < 0.18 else "other" if r < 0.45 else "email" if r < 0.62 else "phone" if r < 0.85
                     else "emp")
        if rnd() < 0.25:
            kinds.append(pick(rnd, tuple(k for k in PII_MENTIONS if k != kinds[-1])))
        for kind in kinds[:2]:
            if kind == "self":
                pii_first.append(kind)
            elif kind in PII_MENTIONS and status != "New" and rnd() < 0.25:
                pii_in_comments.append(kind)
            else:
                pii_desc.append(kind)

    plain_templates = [issue_symptoms[int(rnd() * len(issue_symptoms))]]
    extra = []
    if is_request:
        if rnd() < 0.5:
            extra.append(pick(rnd, issue_details if issue_details and rnd() < 0.6 else sub.details))
        if not sub.is_it and rnd() < 0.25:
            extra.append(TRIED_GEN[int(rnd() * len(TRIED_GEN))])
        if rnd() < 0.45:
            extra.append(REQ_CONTEXT[int(rnd() * len(REQ_CONTEXT))])
    else:
        if rnd() < 0.55:
            extra.append(pick(rnd, ONSET_IT if sub.is_it else ONSET_GEN))
        if rnd() < 0.45:
            extra.append(pick(rnd, issue_details if issue_details and rnd() < 0.6 else sub.details))
        if rnd() < 0.45:
            extra.append(sub.tried[int(rnd() * len(sub.tried))])
        if rnd() < 0.45:
            extra.append(pick(rnd, IMPACT_IT if sub.is_it else IMPACT_GEN))
    if len(extra) > 1 and rnd() < 0.35:
        extra.append(extra.pop(int(rnd() * len(extra))))
    if rnd() < 0.3:
        urgency = URGENCY_REQ if is_request else URGENCY
        extra.append(urgency[int(rnd() * len(urgency))])
    if not extra and not pii_first and not pii_desc:
        extra.append(pick(rnd, issue_details or sub.details))
    plain_templates += extra
    del plain_templates[max(1, 5 - len(pii_first) - len(pii_desc)):]  # 2-5 sentences in all
    sentences = [(cap(t.format_map(slots)) if t[0] == "{" else t.format_map(slots)) if "{" in t else t
                 for t in plain_templates]
    if rnd() < 0.14:
        k = int(rnd() * len(sentences))
        sentences[k] = typo(rng, sentences[k])  # only PII-free sentences get typos

    body_sentences = [b.pii_text(P[k][int(rnd() * len(P[k]))]) for k in pii_first]
    body_sentences.append(sentences[0])
    desc_pii = [b.pii_text(P[k][int(rnd() * len(P[k]))]) for k in pii_desc]
    if desc_pii and rnd() < 0.5:
        # right after the symptom ("My manager X has approved this.") ...
        body_sentences += desc_pii[:1] + sentences[1:] + desc_pii[1:]
    else:
        # ... or at the end ("Call me on ...")
        body_sentences += sentences[1:] + desc_pii
    body = " ".join(body_sentences)

    # opener / closer / signature by channel
    if channel == "Email":
        opener = OPENERS_EMAIL[int(rnd() * len(OPENERS_EMAIL))].format_map(slots) if rnd() < 0.75 else ""
        r = rnd()
        if r < 0.12:
            closer = b.pii_text(pick(rnd, P["sign_short"] if rnd() < 0.6 else P["sign_full"]))
        elif r < 0.7:
            closer = CLOSERS[int(rnd() * len(CLOSERS))]
        else:
            closer = ""
        sep = "\n\n" if rnd() < 0.7 else "\n"
        text = sep.join(p for p in (opener, body, closer) if p)
    elif channel == "Portal":
        opener = OPENERS_PORTAL[int(rnd() * len(OPENERS_PORTAL))] if rnd() < 0.3 else ""
        closer = CLOSERS[int(rnd() * len(CLOSERS))] if rnd() < 0.4 else ""
        text = " ".join(p for p in (opener, body, closer) if p)
    elif channel == "Chat":
        opener = OPENERS_CHAT[int(rnd() * len(OPENERS_CHAT))] if rnd() < 0.5 else ""
        closer = CLOSERS_CHAT[int(rnd() * len(CLOSERS_CHAT))] if rnd() < 0.3 else ""
        if rnd() < 0.3 and not pii_first:  # never lower-case a name
            body = body[0].lower() + body[1:]
        text = " ".join(p for p in (opener, body, closer) if p)
    else:  # Phone / Walk-in: logged by the agent
        openers = OPENERS_PHONE if channel == "Phone" else OPENERS_WALKIN
        opener = openers[int(rnd() * len(openers))] if rnd() < 0.35 else ""
        text = f"{opener} {body}" if opener else body
    return text, pii_in_comments
