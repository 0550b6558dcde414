"""The clean corpus: helpdesk texts with no personal data and no secret, dense in what people search
for and in words that look like the planted kinds without a value.  Four-part versions are
written with a part above 255: one with every part <= 255 is indistinguishable from an IPv4
address.  The tables are ``evals/data/clean_corpus.toml``.
"""

from __future__ import annotations

import random
import string

from evals.datafiles import load_table
from evals.pii.values import chars, hex_chars, pick

_DATA = load_table("clean_corpus")
_C_PRODUCTS: tuple[str, ...] = _DATA["products"]
_C_HOSTS: tuple[str, ...] = _DATA["hosts"]
_C_ERRORS: tuple[str, ...] = _DATA["errors"]
_C_KBS: tuple[str, ...] = _DATA["kbs"]
_C_VERSIONS: tuple[str, ...] = _DATA["versions"]
_C_BROWSERS: tuple[str, ...] = _DATA["browsers"]
_C_WINDOWS: tuple[str, ...] = _DATA["windows"]
_C_ASSETS: tuple[str, ...] = _DATA["assets"]
_C_TICKETS: tuple[str, ...] = _DATA["tickets"]
_C_DATES: tuple[str, ...] = _DATA["dates"]
_C_NUMERIC_DATES: tuple[str, ...] = _DATA["numeric_dates"]
_C_ROOMS: tuple[str, ...] = _DATA["rooms"]

#: (title, body) of each text
_C_TEMPLATES: tuple[tuple[str, str], ...] = tuple((t["title"], t["body"]) for t in _DATA["templates"])
_C_GERMAN: tuple[tuple[str, str], ...] = tuple((t["title"], t["body"]) for t in _DATA["german"])
_C_FRENCH: tuple[tuple[str, str], ...] = tuple((t["title"], t["body"]) for t in _DATA["french"])

_C_FOLLOW_UPS: tuple[str, ...] = _DATA["follow_ups"]


#: what people search the clean corpus for: every one must survive scrubbing unchanged
SEARCHED_TERMS: tuple[str, ...] = (*_C_ERRORS, *_C_KBS, *_C_VERSIONS, *_C_BROWSERS, *_C_WINDOWS, *_C_ASSETS, *_C_TICKETS,
                                   *_C_HOSTS, *_C_PRODUCTS, *_C_DATES, *_C_NUMERIC_DATES)


def clean_requests(seed: int = 0, n: int = 320) -> list[str]:
    """``n`` helpdesk texts (title line, blank line, body) with no personal data and no secret."""
    rng = random.Random(f"askdesk-clean-{seed}")
    templates = _C_TEMPLATES + _C_GERMAN + _C_FRENCH
    out = []
    for i in range(n):
        # every template once, then at random
        title, body = templates[i] if i < len(templates) else templates[int(rng.random() * len(templates))]
        kb = pick(rng, _C_KBS)
        slots = {
            "product": pick(rng, _C_PRODUCTS), "error": pick(rng, _C_ERRORS), "kb": kb, "kbnum": kb[2:],
            "version": pick(rng, _C_VERSIONS), "browser": pick(rng, _C_BROWSERS), "windows": pick(rng, _C_WINDOWS),
            "ndate": pick(rng, _C_NUMERIC_DATES), "asset": pick(rng, _C_ASSETS), "ticket": pick(rng, _C_TICKETS),
            "date": pick(rng, _C_DATES), "host": pick(rng, _C_HOSTS), "room": pick(rng, _C_ROOMS),
            "guid": f"{hex_chars(rng, 8)}-{hex_chars(rng, 4)}-4{hex_chars(rng, 3)}-a{hex_chars(rng, 3)}-{hex_chars(rng, 12)}",
            "serial": f"{rng.randint(1000, 9999)}{chars(rng, 'BCDFGHJKLMNPQRSTVWXYZ', 3)}",
            "tag": chars(rng, string.ascii_uppercase + string.digits, 7),
        }
        text = f"{title}\n\n{body}".format(**slots)
        if rng.random() < 0.4:
            text += f"\n[{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2026 {rng.randint(8, 17)}:{rng.randint(10, 59)}] " \
                    f"Agent: {pick(rng, _C_FOLLOW_UPS)}"
        out.append(text)
    return out
