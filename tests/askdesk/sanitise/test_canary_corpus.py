"""The canary and clean corpora (evals/pii_corpus.py), and the sanitiser measured on them.

The corpus tests prove a hit can only be a leak (needles occur nowhere but where they were
planted) and that the export reads back through the sample mapping.  The sanitiser tests scrub
every canary ticket field by field, as indexing does, with the default entities and the corpus's
internal domain: every planted value of every kind must be gone (one test per kind, so a report
names the kinds that leak), and the clean corpus must keep >= 98 % of its tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from evals.pii_corpus import (
    INTERNAL_DOMAIN,
    KINDS,
    OPTIONAL_KINDS,
    SEARCHED_TERMS,
    CanaryRequest,
    Haystack,
    Planted,
    canary_requests,
    clean_requests,
    kinds_checked,
    replaced_token_share,
    score_canaries,
    tokens,
    write_export,
)

SEED = 0
#: the issue's goal for the clean corpus
MAX_WRONGLY_REPLACED = 0.02


@pytest.fixture(scope="module")
def canaries() -> list[CanaryRequest]:
    return canary_requests(SEED)


@pytest.fixture(scope="module")
def clean() -> list[str]:
    return clean_requests(SEED)


# ------------------------------------------------------------------------------ the corpora


def test_at_least_300_values_of_20_kinds_in_varied_contexts(canaries) -> None:
    planted = [p for r in canaries for p in r.text_planted]
    distinct = {(p.kind, p.value) for p in planted}
    assert len(distinct) >= 300, len(distinct)
    kinds = Counter(p.kind for p in planted)
    assert len(kinds) >= 20 and set(kinds) == set(KINDS), sorted(set(KINDS) - set(kinds))
    contexts: dict[str, set[str]] = {}
    for p in planted:
        contexts.setdefault(p.kind, set()).add(p.context)
    single = {k: sorted(c) for k, c in contexts.items() if len(c) < 2}
    assert single == {}, f"kinds planted in one context only: {single}"
    used = {p.context for p in planted}
    assert {"prose", "key_value", "table", "signature"} <= used
    assert len({c for c in used if c.startswith("language:")}) >= 3
    # the people columns are planted too (indexed, never in the free text)
    assert {p.context for r in canaries for p in r.planted if not p.in_text} == {"column"}


def test_the_generator_is_deterministic_for_a_seed(canaries, clean, tmp_path: Path) -> None:
    assert canary_requests(SEED) == canaries and clean_requests(SEED) == clean
    other = canary_requests(SEED + 1)
    assert [r.text for r in other] != [r.text for r in canaries]
    assert {p.value for r in other for p in r.planted} != {p.value for r in canaries for p in r.planted}
    a = write_export(tmp_path / "a.csv", canaries, clean[:10]).read_bytes()
    b = write_export(tmp_path / "b.csv", canary_requests(SEED), clean_requests(SEED)[:10]).read_bytes()
    assert a == b


def _cut_out(text: str, planted: list[Planted]) -> str:
    for value in sorted({p.value for p in planted}, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def test_needles_occur_only_where_they_were_planted(canaries, clean) -> None:
    """A needle found downstream can only come from a planted value: none occurs in a ticket with
    its planted values cut out, nor in the clean corpus; and each is found where it was planted."""
    everything = [p for r in canaries for p in r.planted]
    for r in canaries:
        row_text = "\n".join(v for v in r.row().values() if v)
        mine = list(r.planted)
        missing = [p.value for p in mine if p.in_text and not Haystack(r.text).leaks([p])]
        assert missing == [], (r.request_id, missing)
        rest = Haystack(_cut_out(row_text, mine))
        stray = [(leak.planted.kind, leak.needle) for leak in rest.leaks(everything)]
        assert stray == [], (r.request_id, stray)
    stray_clean = [(leak.planted.kind, leak.needle) for leak in Haystack("\n".join(clean)).leaks(everything)]
    assert stray_clean == []


def test_values_are_realistic(canaries) -> None:
    """Checksums and shapes hold, so a sanitiser that validates them must still find them."""
    import ipaddress

    from askdesk.sample import iban_is_valid

    def luhn(number: str) -> bool:
        digits = [int(c) for c in re.sub(r"\D", "", number)][::-1]
        return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0

    by_kind: dict[str, list[str]] = {}
    for p in (p for r in canaries for p in r.planted):
        by_kind.setdefault(p.kind, []).append(p.value)
    assert all(iban_is_valid(v.replace(" ", "")) for v in by_kind["iban"])
    assert all(luhn(v) for v in by_kind["credit_card"])
    for v in by_kind["ipv4"]:
        ipaddress.IPv4Address(v)
    for v in by_kind["ipv6"]:
        ipaddress.IPv6Address(v)
    assert all(v.endswith("." + INTERNAL_DOMAIN) for v in by_kind["internal_fqdn"])
    assert {"078-05-1120", "123-45-6789"} <= set(by_kind["us_ssn_checksum_invalid"])
    assert all(re.fullmatch(r"E-\d{5}|EMP\d{6}", v) for v in by_kind["employee_id"])
    assert all(re.fullmatch(r" *-----BEGIN [A-Z ]+-----\n(?: *[A-Za-z0-9+/=]+\n)+ *-----END [A-Z ]+-----", v)
               for v in by_kind["private_key_block"])
    assert all(v.count(".") == 2 and v.startswith("eyJ") for v in by_kind["jwt"])


def test_clean_corpus_is_dense_in_what_people_search_for(clean) -> None:
    assert len(clean) >= 300 and len(set(clean)) > 250
    text = "\n".join(clean)
    for pattern in (r"\bKB\d{7}\b", r"\b0x[0-9A-F]{8}\b", r"\bERR_[A-Z_]+\b", r"\b[A-Z]{2,4}-\d[A-Z0-9-]*\b",
                    r"\b\d+\.\d+\.\d+\.\d+\b", r"\bINC\d{7}\b", r"\b(?:[a-z0-9-]+\.)+(?:com|us)\b",
                    r"\b2026-\d\d-\d\d\b"):
        assert len(re.findall(pattern, text)) >= 5, pattern
    for trap in ("password reset", "token expired", "PIN pad", "key fob", "SSN field", "static IP", "Password:"):
        assert trap in text, trap
    assert INTERNAL_DOMAIN not in text and "@" not in text


def test_export_reads_back_through_the_sample_mapping(canaries, clean, tmp_path: Path) -> None:
    from indexing.mapping import Mapping
    from indexing.records import RequestRow
    from indexing.source import open_source
    from tests.support.settings import SAMPLE_MAPPING

    path = write_export(tmp_path / "canaries.csv", canaries, clean[:5])
    mapping = Mapping.load(SAMPLE_MAPPING)
    source = open_source(str(path), mapping)
    parser = mapping.parser(mapping.resolve_columns(source.columns()), secret="s", max_text_chars=20_000)
    rows = [parser.parse(rec.values, rec.position) for page in source.pages(50) for rec in page]
    assert all(isinstance(r, RequestRow) for r in rows) and len(rows) == len(canaries) + 5
    for request, row in zip(canaries, rows, strict=False):
        assert (row.request_id, row.title, row.texts["description"], row.texts["comments"]) == (
            request.request_id, request.title, request.description, request.comments)
        assert set(request.requester) <= set(row.known_pii())


def test_haystack_finds_needles_at_token_edges_only() -> None:
    pin = Planted("pin", "482913", "prose")
    assert Haystack("the PIN is 482913.").leaks([pin])
    assert Haystack('{"text": "PIN:\\n482913"}').leaks([pin])  # a JSON-escaped newline before it
    assert not Haystack("[0.04829131,-0.482913]").leaks([pin])  # inside embedding floats
    assert not Haystack("ticket 1482913").leaks([pin])
    name = Planted("person_name_multicultural", "Chidinma Okeke", "prose", ("Chidinma Okeke", "Chidinma", "Okeke"))
    assert Haystack("'chidinma':4 'laptop':7").leaks([name])[0].needle == "Chidinma"  # tsvector lowercases
    assert not Haystack("Okekes").leaks([name])


def test_wrongly_replaced_share_counts_original_tokens_that_do_not_survive() -> None:
    assert tokens("(KB5034441) fails, again!") == ["KB5034441", "fails", "again"]
    share = replaced_token_share(["Error 0x80070005 on LT-04512 again", "IP phone PRN-3A-01"],
                                 ["Error <SECRET> on LT-04512 again", "<IP> phone PRN-3A-01"])
    assert (share.total, share.replaced, share.lost) == (8, 2, Counter({"0x80070005": 1, "IP": 1}))
    assert share.share == 0.25


# ------------------------------------------------------------------------------ the sanitiser


@pytest.fixture(scope="module")
def scrub():
    """A function scrubbing texts with the real sanitiser: default entities (plus ``extra``), the
    corpus's internal domain; one sanitiser per entity set."""
    from askdesk.sanitise import DEFAULT_ENTITIES, Sanitiser, SanitiserConfig

    built: dict[tuple[str, ...], Sanitiser] = {}

    def run(texts: list[str], extra: tuple[str, ...] = ()) -> list[str]:
        entities = tuple(dict.fromkeys((*DEFAULT_ENTITIES, *extra)))
        if entities not in built:
            built[entities] = Sanitiser(SanitiserConfig(secret="test-secret", entities=entities,
                                                        internal_domains=(INTERNAL_DOMAIN,)))
        return [r.text for r in built[entities].scrub_many(texts)]

    return run


def _scrub_requests(scrub, requests: list[CanaryRequest], extra: tuple[str, ...] = ()) -> list[str]:
    out = scrub([t for r in requests for t in r.texts], extra)
    return ["\n".join(out[i : i + 3]) for i in range(0, len(out), 3)]


@pytest.fixture(scope="module")
def canary_score(scrub, canaries):
    from askdesk.sanitise import DEFAULT_ENTITIES

    return score_canaries(canaries, _scrub_requests(scrub, canaries), kinds_checked(DEFAULT_ENTITIES))


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in OPTIONAL_KINDS])
def test_every_planted_value_of_a_kind_is_removed(kind: str, canary_score) -> None:
    missed = canary_score.missed_by_kind().get(kind, [])
    planted = canary_score.planted[kind]
    assert planted > 0
    assert missed == [], (f"{kind}: {len(missed)} of {planted} planted values survived scrubbing "
                          f"(recall {canary_score.recall(kind):.0%}): " + "; ".join(missed))


def test_optional_mac_addresses_are_removed_when_their_entity_is_on(scrub, canaries) -> None:
    extra = tuple(OPTIONAL_KINDS.values())
    score = score_canaries(canaries, _scrub_requests(scrub, canaries, extra), OPTIONAL_KINDS)
    assert sum(score.planted.values()) >= 10
    assert score.missed == (), score.missed_by_kind()


@pytest.fixture(scope="module")
def clean_scrubbed(scrub, clean) -> list[str]:
    return scrub(clean)


def test_clean_corpus_keeps_at_least_98_percent_of_its_tokens(clean, clean_scrubbed) -> None:
    share = replaced_token_share(clean, clean_scrubbed)
    assert share.total > 5000
    assert share.share <= MAX_WRONGLY_REPLACED, (
        f"{share.replaced} of {share.total} tokens wrongly replaced ({share.share:.2%}); most often: "
        + ", ".join(f"{t} ({n})" for t, n in share.lost.most_common(20)))


def test_what_people_search_for_survives(clean, clean_scrubbed) -> None:
    """Asset tags, error codes, KB numbers, versions, ticket ids, vendor hosts, products and incident
    dates are kept exactly: each term in a clean text is still in its scrubbed text."""
    lost: Counter[str] = Counter()
    seen = 0
    for original, out in zip(clean, clean_scrubbed, strict=True):
        for term in SEARCHED_TERMS:
            if term in original:
                seen += 1
                lost[term] += term not in out
    assert seen > 1000
    assert +lost == Counter(), f"replaced in {sum(lost.values())} of {seen} places: {(+lost).most_common()}"
