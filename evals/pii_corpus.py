"""Two corpora that measure the PII sanitiser, generated deterministically (no Faker, no network).

**Canary requests** (:func:`canary_requests`): helpdesk tickets (title, description, comments and
the export's people columns) with *planted* values, each recorded as a :class:`Planted` (its kind,
the text as written, the context it was written in, and the *needles*: the strings whose presence
anywhere downstream means it leaked).  Every value is realistic but fictitious, and distinctive
enough that a hit can only be a leak (``test_canary_corpus`` proves that the needles occur nowhere
in the tickets once the planted values are cut out).  The kinds:

===============================  ==================================================================
kind                             what is planted
===============================  ==================================================================
``password_prose``               a password in a sentence ("the temporary password is …", and in
                                 German, French, Spanish and Vietnamese)
``password_kv``                  ``password=…``, ``Password: …``, ``pwd: …``, a password column
``pin``                          a 6-digit PIN ("the door PIN is …", ``PIN: …``)
``wifi_psk``                     a Wi-Fi pre-shared key (``PSK: …``, "the guest Wi-Fi password is …")
``connection_string_password``   the password inside ``…;Password=…;`` or ``scheme://user:…@host``
``stripe_key``                   ``sk_live_…`` / ``sk_test_…``
``github_token``                 ``ghp_…`` (36 characters)
``aws_access_key_id``            ``AKIA…`` (16 characters)
``aws_secret_key``               a 40-character AWS secret access key
``slack_token``                  ``xoxb-…`` / ``xoxp-…``
``jwt``                          a signed JSON Web Token (needles: the token, its payload and signature)
``bearer_token``                 an opaque token after ``Authorization: Bearer``
``private_key_block``            a PEM/OpenSSH private-key block (needles: each base64 line)
``generic_api_key_near_word``    a hex or base62 string after "API key", ``client_secret``, ``X-Api-Key``
``ipv4`` / ``ipv6``              private, documentation and link-local addresses
``internal_fqdn``                a host under :data:`INTERNAL_DOMAIN` (needles: the FQDN and its host label)
``mac_address``                  a MAC address, three notations (an optional entity: see :data:`OPTIONAL_KINDS`)
``street_address``               UK, German, French, Spanish, Vietnamese street addresses (needles:
                                 the street line and the postcode)
``us_zip_in_address``            a US street address with its ZIP code (needles: street line, ZIP)
``uk_postcode``                  a UK postcode on its own ("my postcode is …", ``Postcode: …``)
``date_of_birth``                a date next to DOB / date-of-birth words, in five languages
``uk_nino``                      a UK National Insurance number, spaced or not
``uk_nhs_number``                a UK NHS number with a valid check digit
``us_ssn_valid``                 an SSN that passes the usual validity rules
``us_ssn_checksum_invalid``      an SSN-shaped number next to "SSN" that those rules reject
                                 (078-05-1120, 123-45-6789, area 000/666, group 00, serial 0000)
``obfuscated_email``             "jane dot doe at example dot com", "jane.doe [at] example [dot] com", …
``email`` / ``phone``            addresses on fictitious domains; numbers from ranges reserved for fiction
``iban`` / ``credit_card``       valid mod-97 IBANs (DE, GB, FR, ES); Luhn-valid card numbers
``employee_id``                  ``E-12345`` / ``EMP123456``
``person_name_multicultural``    names from some thirty cultures, full, and the first name alone
===============================  ==================================================================

Contexts (:attr:`Planted.context`): ``prose`` (English sentences), ``key_value`` (``key=value``,
``key: value``, config and header lines, ``ipconfig`` output), ``table`` (pipe or tab separated,
pasted as text), ``signature`` (an e-mail signature), ``title``, ``column`` (the export's people
columns: indexed, never in the free text) and ``language:de`` / ``fr`` / ``es`` / ``vi``.

**Clean requests** (:func:`clean_requests`): helpdesk texts with no personal data and no secret,
dense in what people search for -- asset tags, error codes, versions, KB numbers, ticket ids,
product names, public vendor host names, incident dates -- and in the words that look like the
planted kinds without a value ("password reset", "token expired", "PIN pad", "key fob", "SSN
field", "static IP", ``Password: (in the vault)``).  Four-part versions are written with a part
above 255: one with every part <= 255 is indistinguishable from an IPv4 address.

:func:`replaced_token_share` says how much of a clean text a sanitiser wrongly replaced;
:class:`Haystack` finds the needles of planted values in any output; :func:`write_export` writes
both corpora as a CSV in the bundled sample's columns (index it with ``sample_mapping.toml``).

This module is the corpora's public face; the machinery is in :mod:`evals.pii` (records, value
makers, the ticket writer, scenarios, the clean corpus, leak finding) and the word lists in
``evals/data/pii_values.toml`` and ``evals/data/clean_corpus.toml``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from evals.pii.clean import SEARCHED_TERMS, clean_requests
from evals.pii.leaks import CanaryScore, Haystack, Leak, TokenShare, replaced_token_share, score_canaries, tokens
from evals.pii.records import (
    CANARY_FIRST_ID,
    CONTEXTS,
    EXPORT_COLUMNS,
    INTERNAL_DOMAIN,
    KINDS,
    OPTIONAL_KINDS,
    CanaryRequest,
    Planted,
    export_rows,
    kinds_checked,
    write_export,
)
from evals.pii.scenarios import SCENARIOS
from evals.pii.writer import TicketWriter

__all__ = [
    "CONTEXTS",
    "EXPORT_COLUMNS",
    "INTERNAL_DOMAIN",
    "KINDS",
    "OPTIONAL_KINDS",
    "SEARCHED_TERMS",
    "CanaryRequest",
    "CanaryScore",
    "Haystack",
    "Leak",
    "Planted",
    "TokenShare",
    "canary_requests",
    "clean_requests",
    "export_rows",
    "kinds_checked",
    "replaced_token_share",
    "score_canaries",
    "tokens",
    "write_export",
]


def canary_requests(seed: int = 0, rounds: int = 3) -> list[CanaryRequest]:
    """Every scenario ``rounds`` times (22 scenarios: 66 tickets, ~550 planted values by default).
    The same ``seed`` gives the same tickets."""
    rng = random.Random(f"askdesk-canaries-{seed}")
    used: set[str] = set()
    out: list[CanaryRequest] = []
    start = datetime(2025, 11, 3, 8, 0, 0)
    for i in range(rounds * len(SCENARIOS)):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        created = start + timedelta(days=5 * i, minutes=rng.randint(0, 600))
        t = TicketWriter(rng, used, created)
        draft = scenario(t)
        columns, assignee = t.people_columns()
        out.append(CanaryRequest(
            f"REQ-{CANARY_FIRST_ID + i}", draft.title, draft.description, draft.comments, columns, assignee, created,
            draft.category, draft.subcategory, draft.location, tuple(t.planted), scenario.__name__.removeprefix("_s_")))
    return out
