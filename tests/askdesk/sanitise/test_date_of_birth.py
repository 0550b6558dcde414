"""DateOfBirthRecognizer: a date right after a birth word (many languages and date forms) or in
a table column headed so; other dates (incidents, due dates) kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.date_of_birth import DateOfBirthRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> DateOfBirthRecognizer:
    return DateOfBirthRecognizer()


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("DOB: 12/03/1985", ["12/03/1985"]),
        ("D.O.B. 01.02.1970", ["01.02.1970"]),
        ("DOB 1/2/70", ["1/2/70"]),
        ("dob=1985-03-12", ["1985-03-12"]),
        ("date of birth: 1985-03-12, employee since 2019", ["1985-03-12"]),
        ("She was born on 4 July 1990 in Leeds", ["4 July 1990"]),
        ("birthday is March 4, 1990", ["March 4, 1990"]),
        ("birthdate: 3rd March 1985", ["3rd March 1985"]),
        ("Date of Birth\t12/03/1985", ["12/03/1985"]),
        ("DOB | 12/03/1985", ["12/03/1985"]),
        ("Geburtsdatum 12.03.1985", ["12.03.1985"]),
        ("geboren am 3. März 1979", ["3. März 1979"]),
        ("né le 3 mars 1979", ["3 mars 1979"]),
        ("fecha de nacimiento: 12/03/1985", ["12/03/1985"]),
        ("nacida el 5 de mayo de 1988", ["5 de mayo de 1988"]),
        ("data di nascita 12/03/1985", ["12/03/1985"]),
        ("geboortedatum 12-03-1985", ["12-03-1985"]),
        ("data de nascimento: 12/03/1985", ["12/03/1985"]),
        ("födelsedatum 1985-03-12", ["1985-03-12"]),
        ("ngày sinh 12/03/1985", ["12/03/1985"]),
        # a table: the dates in the DOB column, not the start dates beside them
        (
            "| Name | DOB | Start date |\n|---|---|---|\n| Jane | 12/03/1985 | 01/04/2024 |\n| Bob | unknown | 02/04/2024 |",
            ["12/03/1985"],
        ),
        ("Name\tDate of Birth\tStart date\nJane\t12/03/1985\t01/04/2024", ["12/03/1985"]),
    ],
)
def test_dates_of_birth_are_found(rec: DateOfBirthRecognizer, text: str, dates: list[str]) -> None:
    assert found(rec, text) == dates


@pytest.mark.parametrize(
    "text",
    [
        "The incident happened on 12/03/2024",
        "Due date: 2024-03-12",
        "created on 12 March 2024",
        "password expired on 12.03.2024",
        "born in 1985",
        "Birthday party on 12/03/2024 in the canteen",
        "Date of birth field is missing in Workday",
        "| Ticket | Opened |\n| INC0012345 | 12/03/2024 |",
        "KB5034441 installed 2024-03-12 on LT-04512",
    ],
)
def test_other_dates_are_kept(rec: DateOfBirthRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "DOB: 12/03/1985; incident on 12/03/2024"
    assert san.scrub(text).text == "DOB: <DOB>; incident on 12/03/2024"
