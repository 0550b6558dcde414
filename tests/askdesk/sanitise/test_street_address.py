"""StreetAddressRecognizer: house number + street (English, German, Dutch/Nordic, French,
Spanish/Italian/Portuguese, Vietnamese), the town and postcode after it, PO boxes, and
labelled addresses; product names, rooms, network "addresses" and lower-case prose kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.street_address import StreetAddressRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> StreetAddressRecognizer:
    return StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("Please send the laptop to 221B Baker Street, London NW1 6XE", ["221B Baker Street, London NW1 6XE"]),
        ("1600 Pennsylvania Ave NW, Washington, DC 20500 is the office", ["1600 Pennsylvania Ave NW, Washington, DC 20500"]),
        ("We moved to 5 King Street last week", ["5 King Street"]),
        ("Deliver to 14 Park Lane please", ["14 Park Lane"]),
        ("10 Downing St", ["10 Downing St"]),
        # an e-mail signature: the address line only
        (
            "Kind regards,\nJane\n12 High Street, Apt 4, Springfield, IL 62704\nTel 555 0100",
            ["12 High Street, Apt 4, Springfield, IL 62704"],
        ),
        ("| name | address |\n| Jane | 42 Oak Road, Bristol BS1 4DJ |", ["42 Oak Road, Bristol BS1 4DJ"]),
        ("Name\tAddress\nJane\t42 Oak Road\tBristol", ["42 Oak Road"]),
        # other languages
        ("Bitte an Hauptstraße 12, 10115 Berlin schicken", ["Hauptstraße 12, 10115 Berlin"]),
        ("Lieferadresse: Bahnhofweg 3a", ["Bahnhofweg 3a"]),
        ("Kantoor: Keizersgracht 123", ["Keizersgracht 123"]),
        ("skicka till Storgatan 5", ["Storgatan 5"]),
        ("livrer au 12 rue de la Paix, 75002 Paris", ["12 rue de la Paix, 75002 Paris"]),
        ("5 bis avenue Foch", ["5 bis avenue Foch"]),
        ("8 place Bellecour, 69002 Lyon", ["8 place Bellecour, 69002 Lyon"]),
        ("enviar a Calle Mayor 5, 28013 Madrid", ["Calle Mayor 5, 28013 Madrid"]),
        ("Via Roma 10, 00184 Roma", ["Via Roma 10, 00184 Roma"]),
        ("Rua Augusta 100", ["Rua Augusta 100"]),
        ("giao tới số 12 đường Lê Lợi, phường Bến Nghé, quận 1", ["số 12 đường Lê Lợi, phường Bến Nghé, quận 1"]),
        ("PO Box 1234", ["PO Box 1234"]),
        ("Postfach 4411", ["Postfach 4411"]),
        # a label and the rest of its line (up to a table's | or a ;)
        ("Address: 4 Elm Grove, Leeds", ["4 Elm Grove, Leeds"]),
        ("ship to: Unit 7, Riverside Park, Cardiff", ["Unit 7, Riverside Park, Cardiff"]),
        ("home address: Flat 2, 17 Mill Lane | phone on file", ["Flat 2, 17 Mill Lane"]),
        ("Adresse : 3 chemin des Vignes; merci", ["3 chemin des Vignes"]),
    ],
)
def test_addresses_are_found(rec: StreetAddressRecognizer, text: str, addresses: list[str]) -> None:
    assert found(rec, text) == addresses


@pytest.mark.parametrize(
    "text",
    [
        "IP address: 10.2.3.4",
        "MAC address: 00:1A:2B:3C:4D:5E",
        "e-mail address: jdoe1@example.com",
        "email address: jdoe1@example.com",
        "server address: fs01.corp.example.com",
        "web address: https://portal.example.com/a1",
        "Address: see above",
        "Windows 10 Enterprise Way",
        "Windows 11 Pro Drive mapping fails",
        "3 main road works",
        "Floor 3 Room 12 is cold",
        "printer PRN-3A-01 on Level 3",
        "Office 365 Suite",
        "Step 3 Close Outlook and reopen",
        "Building 4 Court 2 is closed",
        "it is saved in 1 place only",
        "Add 2 route entries for the VPN",
        "I have 2 Monitor Stands",
        "Please call 0800 100 200",
        "KB5034441 fails with 0x80070005 on 12/03/2024",
        "ticket INC0012345, laptop LT-04512",
    ],
)
def test_look_alikes_are_kept(rec: StreetAddressRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "Please send the replacement LT-04512 to 221B Baker Street, London NW1 6XE by Friday"
    assert san.scrub(text).text == "Please send the replacement LT-04512 to <ADDRESS> by Friday"
