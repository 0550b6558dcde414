"""EmployeeIdRecognizer: the employee-id shapes the settings give (default E-12345, EMP12345678);
asset tags and other ids of similar shape kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser, SanitiserConfig
from askdesk.sanitise.recognizers.employee_id import EmployeeIdRecognizer
from tests.support.sanitisers import found, full_sanitiser

DEFAULT_PATTERNS = SanitiserConfig(secret="t").employee_id_patterns


@pytest.fixture(scope="module")
def rec() -> EmployeeIdRecognizer:
    return EmployeeIdRecognizer(DEFAULT_PATTERNS)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("employee E-12345 asked for access", ["E-12345"]),
        ("EMP1234567 starts Monday", ["EMP1234567"]),
        ("emp12345", ["emp12345"]),  # any case, as Presidio compiles them
        ("| name | id |\n| Jane | E-54321 |", ["E-54321"]),
        ("Kind regards,\nJane (E-12345)", ["E-12345"]),
        ("E-12345, EMP00012345", ["E-12345", "EMP00012345"]),
    ],
)
def test_default_shapes_are_found(rec: EmployeeIdRecognizer, text: str, ids: list[str]) -> None:
    assert found(rec, text) == ids


@pytest.mark.parametrize(
    "text",
    ["E-123456", "E-1234", "KE-12345", "LT-04512", "PRN-3A-01", "EMP1234", "INC0012345", "KB5034441", "0x80070005"],
)
def test_other_ids_are_kept(rec: EmployeeIdRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_patterns_from_the_settings() -> None:
    rec = EmployeeIdRecognizer([r"\bSTAFF-\d{4}\b"])
    assert found(rec, "STAFF-0042 and E-12345") == ["STAFF-0042"]


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub("E-12345 needs LT-04512 reimaged").text == "<EMPLOYEE_ID> needs LT-04512 reimaged"
