"""The PII sanitiser, with the real Presidio engines and the real spaCy model (loaded once)."""

from __future__ import annotations

import logging
import pickle
import re
import socket
from collections import Counter
from datetime import datetime

import pytest

from askdesk.sanitise import (
    DEFAULT_ENTITIES,
    SanitiseError,
    Sanitiser,
    SanitiserConfig,
    ScrubResult,
    normalise,
)
from indexing.records import RequestRow, SanitisedRequest
from indexing.sanitise_rows import sanitise_rows

SECRET = "unit-test-secret"
TOKEN = re.compile(r"person_[0-9a-f]{8}")


@pytest.fixture(scope="module")
def san() -> Sanitiser:
    return Sanitiser(SanitiserConfig(secret=SECRET))


@pytest.fixture(scope="module")
def other_secret() -> Sanitiser:
    return Sanitiser(SanitiserConfig(secret="a-different-secret"))


# ----------------------------------------------------------------------------- configuration


def test_config_defaults_are_picklable_and_hide_the_secret() -> None:
    cfg = SanitiserConfig(secret="s3cr3t-value")
    assert cfg.entities == DEFAULT_ENTITIES
    assert not {"DATE_TIME", "NRP", "LOCATION", "URL"} & set(cfg.entities)
    assert cfg.employee_id_patterns == (r"\bE-\d{5}\b", r"\bEMP\d{5,8}\b")
    assert cfg.batch_size == 64 and 0 < cfg.score_threshold < 1 and cfg.spacy_model is None
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    assert "s3cr3t-value" not in repr(cfg)
    # lists (from a TOML/YAML file) are stored as tuples
    assert SanitiserConfig(secret="x", entities=["PERSON"]).entities == ("PERSON",)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": ""},
        {"secret": "x", "entities": ("PERSON", "NOT_AN_ENTITY")},
        {"secret": "x", "employee_id_patterns": ("(unclosed",)},
        {"secret": "x", "score_threshold": 1.5},
    ],
)
def test_config_rejects_bad_values(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        SanitiserConfig(**kwargs)


# --------------------------------------------------------------------------- planted PII


@pytest.mark.parametrize(
    ("text", "secret_values", "entity", "replacement"),
    [
        # names found by NER
        ("Please ask Olga Petrova to approve the request.", ["Olga Petrova"], "PERSON", None),
        ("My manager Priya Raghunathan approved it yesterday.", ["Priya Raghunathan"], "PERSON", None),
        ("Spoke with Mark Johnson from payroll, he will call back.", ["Mark Johnson"], "PERSON", None),
        # e-mail addresses, public and internal domains
        ("Send it to ann.lee@acme.co.uk.", ["ann.lee@acme.co.uk"], "EMAIL_ADDRESS", "<EMAIL>"),
        (
            "cc j_smith+it@corp.local and BOB@EXAMPLE.ORG",
            ["j_smith+it@corp.local", "BOB@EXAMPLE.ORG"],
            "EMAIL_ADDRESS",
            "<EMAIL>",
        ),
        # phone numbers in several formats
        ("Call me on +44 20 7946 0958 after lunch.", ["+44 20 7946 0958"], "PHONE_NUMBER", "<PHONE>"),
        (
            "My mobile is 07700 900123, desk 0161 496 0000.",
            ["07700 900123", "0161 496 0000"],
            "PHONE_NUMBER",
            "<PHONE>",
        ),
        ("US office: (555) 123-4567 or 212-555-0143.", ["(555) 123-4567", "212-555-0143"], "PHONE_NUMBER", "<PHONE>"),
        (
            "Ring +1-415-555-2671 or 2025550143 or 555.123.4567",
            ["+1-415-555-2671", "2025550143", "555.123.4567"],
            "PHONE_NUMBER",
            "<PHONE>",
        ),
        (
            "Berlin desk +49 30 901820, Paris +33 1 42 68 53 00",
            ["+49 30 901820", "+33 1 42 68 53 00"],
            "PHONE_NUMBER",
            "<PHONE>",
        ),
        # IBANs with valid check digits, spaced and not
        ("Refund to IBAN GB82 WEST 1234 5698 7654 32 please.", ["GB82 WEST 1234 5698 7654 32"], "IBAN_CODE", "<IBAN>"),
        (
            "Account DE89 3704 0044 0532 0130 00 and NL91ABNA0417164300",
            ["DE89 3704 0044 0532 0130 00", "NL91ABNA0417164300"],
            "IBAN_CODE",
            "<IBAN>",
        ),
        # employee ids
        ("My employee id is E-48213.", ["E-48213"], "EMPLOYEE_ID", "<EMPLOYEE_ID>"),
        ("Badge EMP00123456 stopped working", ["EMP00123456"], "EMPLOYEE_ID", "<EMPLOYEE_ID>"),
        # cards and national ids
        ("Card 4111 1111 1111 1111 was declined", ["4111 1111 1111 1111"], "CREDIT_CARD", "<CARD>"),
        ("SSN 536-22-8492 is on file", ["536-22-8492"], "US_SSN", "<NATIONAL_ID>"),
        ("NHS number 943 476 5919 for the claim", ["943 476 5919"], "UK_NHS", "<NATIONAL_ID>"),
    ],
)
def test_planted_pii_is_removed(
    san: Sanitiser, text: str, secret_values: list[str], entity: str, replacement: str | None
) -> None:
    result = san.scrub(text)
    for value in secret_values:
        assert value not in result.text
    assert result.counts == Counter({entity: len(secret_values)})
    if replacement is None:
        assert TOKEN.search(result.text)
        for value in secret_values:
            assert san.pseudonym(value) in result.text
    else:
        assert result.text.count(replacement) == len(secret_values)


def test_yesterday_and_employee_ids_are_not_dates_or_nrp(san: Sanitiser) -> None:
    result = san.scrub("Since yesterday E-48213 cannot log in, see REQ-100045.")
    assert result.text == "Since yesterday <EMPLOYEE_ID> cannot log in, see REQ-100045."
    assert result.counts == Counter({"EMPLOYEE_ID": 1})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi Pooja, thanks for the ticket - I'll pick this up today.", "Pooja"),
        ("Still broken after the reboot. Quite urgent please.\n\nThanks Nathan", "Nathan"),
        ("It happens on and off all day.\n\nBest,\nAisha", "Aisha"),
        ("Hi team, it's Matthias Choi from Data & Analytics at London HQ.", "Matthias Choi"),
        # people introduced by their role (spaCy's small model missed "Catalina Vasquez" here)
        ("The new starter is Catalina Vasquez, starting Monday.", "Catalina Vasquez"),
        ("The leaver is Ines Duarte, last day Friday.", "Ines Duarte"),
        ("Their name is Oskar Lindqvist and they start soon.", "Oskar Lindqvist"),
        ("It's for Mei Tanaka in accounts.", "Mei Tanaka"),
    ],
)
def test_names_after_greetings_and_sign_offs(san: Sanitiser, text: str, name: str) -> None:
    result = san.scrub(text)
    assert name not in result.text and san.pseudonym(name) in result.text
    assert result.counts == Counter({"PERSON": 1})


@pytest.mark.parametrize(
    "text",
    [
        "Hi team, the VPN is down again.",
        "Dear End User Computing, please re-image PC-77812.",
        "It's Printer 4 again, floor 3, desk 4.21.",
        "Hello, Wi-Fi drops on floor 2 every afternoon. Thanks, Outlook works now.",
        "I'm Unable to print. Regards, Service Desk",
        "The manager is Visual Studio Code now.",
        "Spoke to Service Desk about it.",
    ],
)
def test_greetings_without_names_are_kept(san: Sanitiser, text: str) -> None:
    assert san.scrub(text).text == text


def test_uncommon_names_are_removed_through_the_rows_own_values(san: Sanitiser) -> None:
    known = ["Zebulon Quixwort", "zq@northwind-corp.com", "+44 20 7946 0321", "E-90417"]
    text = (
        "hi, zebulon quixwort here (E-90417). Outlook is broken again. "
        "Mail zq@northwind-corp.com or call 020 7946 0321. Thanks, Zebulon. Regards, QUIXWORT"
    )
    result = san.scrub(text, known=known)
    for leaked in ("zebulon", "Zebulon", "Quixwort", "QUIXWORT", "zq@", "7946", "90417"):
        assert leaked not in result.text
    token = san.pseudonym("Zebulon Quixwort")
    # the full name and its capitalised parts all map to the full name's token
    assert result.text.count(token) == 3
    assert "Outlook is broken again." in result.text
    assert result.counts == Counter({"PERSON": 3, "EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1, "EMPLOYEE_ID": 1})


def test_name_parts_are_only_removed_when_capitalised(san: Sanitiser) -> None:
    result = san.scrub("The rose in reception needs water, Rose said.", known=["Rose Tyler"])
    assert result.text.startswith("The rose in reception")
    assert san.pseudonym("Rose Tyler") in result.text
    assert "Rose said" not in result.text


def test_known_names_set_finds_names_in_any_request(san: Sanitiser, other_secret: Sanitiser) -> None:
    names = ["Oyelaran Thistlewood-Vance", "Xiomara Quenby Ashdown"]
    text = "Please loop in Oyelaran Thistlewood-Vance; ask xiomara quenby ashdown about Oyelaran Thistlewood-Vance's laptop."
    before = san.scrub(text)
    assert "ashdown" in before.text  # lowercase: NER takes "xiomara quenby" at most, the names lexicon nothing

    san.remember_names([*names, None, "  "])
    after = san.scrub(text)
    assert after.text == (
        f"Please loop in {san.pseudonym(names[0])}; ask {san.pseudonym(names[1])} about "
        f"{san.pseudonym(names[0])}'s laptop."
    )
    assert after.counts == Counter({"PERSON": 3})

    hashes = san.known_name_hashes()
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    assert not any(part.casefold() in h for h in hashes for part in ["oyelaran", "thistlewood", "xiomara"])
    # hashes are keyed: another secret cannot use them, and they can be restored
    other_secret.load_known_name_hashes(hashes)
    assert "ashdown" in other_secret.scrub(text).text
    with pytest.raises(ValueError):
        other_secret.load_known_name_hashes(["Oyelaran Thistlewood-Vance"])


def test_known_name_hashes_restore_into_a_new_sanitiser() -> None:
    first = Sanitiser(SanitiserConfig(secret="restore-secret", entities=("PERSON", "EMAIL_ADDRESS")))
    first.remember_names(["Quillon Marbeck"])
    second = Sanitiser(SanitiserConfig(secret="restore-secret", entities=("PERSON", "EMAIL_ADDRESS")))
    second.load_known_name_hashes(first.known_name_hashes())
    assert second.scrub("cc quillon marbeck").text == f"cc {first.pseudonym('Quillon Marbeck')}"


# ------------------------------------------------------------------------------ pseudonyms


def test_pseudonyms_are_consistent_across_texts_and_with_pseudonym(san: Sanitiser) -> None:
    token = san.pseudonym("Ann Lee")
    assert re.fullmatch(r"person_[0-9a-f]{8}", token)
    assert san.pseudonym("  ann   LEE. ") == token == san.pseudonym("Ann Lee,")
    assert san.pseudonym("Ann Lee", kind="requester").startswith("requester_")
    assert san.pseudonym("Ann Lee", kind="requester")[-8:] == token[-8:]
    assert san.pseudonym(None) is None and san.pseudonym("   ") is None and san.pseudonym("...") is None
    assert san.pseudonym("Ann Leigh") != token

    results = san.scrub_many(
        ["Ann Lee reported the outage.", "Escalated to the network team by Ann Lee.", "thanks ann lee"],
        known=[[], [], ["Ann Lee"]],
    )
    for r in results:
        assert token in r.text and "Lee" not in r.text and "lee" not in r.text


def test_a_different_secret_gives_different_tokens(san: Sanitiser, other_secret: Sanitiser) -> None:
    assert san.pseudonym("Ann Lee") != other_secret.pseudonym("Ann Lee")
    a = san.scrub("Escalated by Ann Lee.").text
    b = other_secret.scrub("Escalated by Ann Lee.").text
    assert TOKEN.search(a) and TOKEN.search(b) and a != b


def test_normalise() -> None:
    assert normalise("  Ann\t LEE.  ") == "ann lee"
    assert normalise("\u00c9lodie  Dupr\u00e9!") == "\u00e9lodie dupr\u00e9"
    assert normalise("(o'brien)") == "o'brien"


# ------------------------------------------------------------------------- over-redaction


HELPDESK_TEXTS = [
    "REQ-100045 and INC0000045 both mention error 0x800704cf after the 10.2.3 update.",
    "Outlook, Teams, SAP, Workday and GlobalProtect all fail since yesterday at 09:30.",
    "The printer on floor 4, room 4.21, jams every morning; last time on 2024-03-05 14:30.",
    "VPN gateway on port 8443 drops packets; netmask 255.255.255.0, loopback 127.0.0.1, agent version 10.2.3.4.",
    "Windows 11 update KB5034441 fails with 0x80070643; build 22631.3155 installed on 12/03/2024.",
    "Citrix Workspace shows 'Cannot connect to server' on Tuesday, Jira and Confluence are slow.",
    "Adobe Acrobat Pro licence expired; Excel 16.0.17328 freezes opening the Q3 budget workbook.",
    "ServiceNow ticket RITM0012345 still pending approval, priority P2, 3 users affected.",
    "Laptop Dell Latitude 5420 asset LT-004512 battery swelling; SAP order 4500012345.",
    "Mark the ticket as resolved once Tableau works again. Will the upgrade happen this weekend?",
]


@pytest.mark.parametrize("text", HELPDESK_TEXTS)
def test_helpdesk_meaning_is_kept(san: Sanitiser, text: str) -> None:
    result = san.scrub(text)
    assert result.text == text
    assert result.counts == Counter()


def test_scrub_many_equals_scrub_and_handles_edge_cases(san: Sanitiser) -> None:
    texts = [HELPDESK_TEXTS[0], "", "   ", "Call Olga Petrova on 07700 900123.", HELPDESK_TEXTS[0]]
    batch = san.scrub_many(texts)
    assert [r.text for r in batch] == [san.scrub(t).text for t in texts]
    assert batch[1] == ScrubResult("", Counter()) and batch[2].text == "   "
    assert batch[3].counts == Counter({"PERSON": 1, "PHONE_NUMBER": 1})
    assert san.scrub_many([]) == []
    with pytest.raises(ValueError):
        san.scrub_many(["a", "b"], known=[[]])
    with pytest.raises(TypeError):
        san.scrub_many("not a list")


def test_very_long_texts_are_scrubbed_in_pieces(san: Sanitiser) -> None:
    filler = "The shared drive is slow again today. " * 6000  # ~230k characters
    text = "Reported by Olga Petrova. " + filler + "Contact ann.lee@acme.co.uk for details."
    result = san.scrub(text)
    assert "Olga" not in result.text and "ann.lee@" not in result.text
    assert result.counts == Counter({"PERSON": 1, "EMAIL_ADDRESS": 1})
    assert len(result.text) > len(filler)


# --------------------------------------------------------------------------------- offline


def test_nothing_reaches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import tldextract

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(tldextract.TLDExtract, "__call__", no_network)
    monkeypatch.setattr(tldextract, "extract", no_network)
    # a fresh instance: loading the engines is covered too
    fresh = Sanitiser(SanitiserConfig(secret="offline", entities=("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")))
    result = fresh.scrub("Write to ann.lee@acme.co.uk, it-support@northwind-corp.com or x.y@corp.local.")
    assert result.text == "Write to <EMAIL>, <EMAIL> or <EMAIL>."
    assert result.counts == Counter({"EMAIL_ADDRESS": 3})


# ---------------------------------------------------------------------------- no PII leaks


def test_no_pii_in_logs(san: Sanitiser, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text = "Olga Petrova (olga.petrova@acme.com, +44 20 7946 0958, GB82 WEST 1234 5698 7654 32, E-48213)"
    san.scrub(text, known=["Olga Petrova"])
    san.scrub("IBAN GB00 0000 0000 0000 0000 00 maybe")  # fails its checksum
    logs = caplog.text
    for value in ("Olga", "Petrova", "olga.petrova", "7946", "WEST", "48213", "GB00"):
        assert value not in logs


def test_errors_carry_no_pii(san: Sanitiser, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text, **kwargs):
        raise ValueError(f"cannot handle {text!r}")

    monkeypatch.setattr(san._anonymizer, "anonymize", boom)
    with pytest.raises(SanitiseError) as info:
        san.scrub("Call Olga Petrova on 07700 900123.")
    assert "Olga" not in str(info.value) and "07700" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


# ------------------------------------------------------------------------------------ rows


def _row(request_id: str, **overrides) -> RequestRow:
    base = {
        "request_id": request_id,
        "title": "Outlook crashes for Zebulon Quixwort",
        "texts": {
            "description": "Since yesterday Outlook 16.0.1 crashes (0x800704cf). Thanks, Zebulon.",
            "comments": "Agent: called 020 7946 0321, no answer. Mailed zq@northwind-corp.com.",
        },
        "status": "Open",
        "category": "Email",
        "priority": "P3",
        "created_at": datetime(2026, 3, 1, 9, 0),
        "updated_at": datetime(2026, 3, 2, 10, 0),
        "resolved_at": None,
        "pseudonymise": {"requester": "Zebulon Quixwort", "assignee": None},
        "drop": {
            "requester_email": "zq@northwind-corp.com",
            "requester_phone": "+44 20 7946 0321",
            "employee_number": "E-90417",
        },
        "extra": {"assignment_group": "Service Desk", "location": "Leeds - ask Zebulon Quixwort", "site": None},
        "position": "line 2",
        "source_hash": "abc123",
    }
    base.update(overrides)
    return RequestRow(**base)


def test_sanitise_rows(san: Sanitiser) -> None:
    rows = [
        _row("REQ-100001"),
        _row(
            "REQ-100002",
            title="VPN drops on floor 3",
            texts={
                "description": "GlobalProtect 6.1.2 drops every 10 minutes; Zebulon Quixwort has it too.",
                "comments": "",
            },
            pseudonymise={"requester": "Ann Lee", "assignee": "Zebulon Quixwort"},
            drop={"requester_email": "ann.lee@acme.co.uk", "requester_phone": None, "employee_number": None},
            extra={},
            position="line 3",
            source_hash="def456",
        ),
    ]
    out = sanitise_rows(san, rows)
    assert len(out) == 2 and all(isinstance(r, SanitisedRequest) for r in out)
    first, second = out
    zq = san.pseudonym("Zebulon Quixwort")

    assert first.request_id == "REQ-100001" and first.source_hash == "abc123"
    assert (first.status, first.category, first.priority) == ("Open", "Email", "P3")
    assert first.created_at == datetime(2026, 3, 1, 9, 0) and first.resolved_at is None
    assert first.people == {"requester": zq, "assignee": None}
    assert first.title == f"Outlook crashes for {zq}"
    assert first.texts == {
        "description": f"Since yesterday Outlook 16.0.1 crashes (0x800704cf). Thanks, {zq}.",
        "comments": "Agent: called <PHONE>, no answer. Mailed <EMAIL>.",
    }
    assert first.extra == {"assignment_group": "Service Desk", "location": f"Leeds - ask {zq}", "site": None}
    assert first.pii_found == Counter({"PERSON": 3, "PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1})
    # no drop column or its value survives anywhere
    dump = repr(out)
    for value in ("Zebulon", "Quixwort", "zq@", "7946", "E-90417", "ann.lee", "Ann Lee", "requester_email"):
        assert value not in dump
    assert not hasattr(first, "drop")

    assert second.people == {"requester": san.pseudonym("Ann Lee"), "assignee": zq}
    assert second.texts["description"] == f"GlobalProtect 6.1.2 drops every 10 minutes; {zq} has it too."
    assert second.title == "VPN drops on floor 3" and second.texts["comments"] == ""
    assert second.pii_found == Counter({"PERSON": 1})
    assert zq in second.body and "VPN drops on floor 3" in second.body

    assert sanitise_rows(san, []) == []
