"""CredentialsRecognizer: secrets announced by the words around them (prose, key=value, JSON,
XML, command lines, tables), and the helpdesk words next to "password" that are no secrets."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.credentials import CredentialsRecognizer, looks_like_placeholder
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> CredentialsRecognizer:
    return CredentialsRecognizer()


@pytest.fixture(scope="module")
def san() -> Sanitiser:
    return full_sanitiser()


# ------------------------------------------------------------------------------- found


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        # prose
        ("the temporary password is Tr0ub4dor&3x", ["Tr0ub4dor&3x"]),
        ("Hi, my new password is Summer2024! but it still fails", ["Summer2024!"]),
        ("wifi password for the conference is Conf-2024!", ["Conf-2024!"]),
        ("the password has been reset to Welcome1! please change it", ["Welcome1!"]),
        ("The password for PRN-3A-01 admin page is Adm1n!Pass", ["Adm1n!Pass"]),
        ("the wifi password is GUEST2024", ["GUEST2024"]),
        ("the password is Quokka", ["Quokka"]),  # a rare word after "is"
        ('my passphrase is "correct horse battery staple"', ["correct horse battery staple"]),
        ("Password   Summer2024", ["Summer2024"]),
        ("user jdoe pw Spring#2024", ["Spring#2024"]),
        # PINs and codes take digits alone
        ("PIN: 4821", ["4821"]),
        ("door code is 4471", ["4471"]),
        ("the OTP was 482913", ["482913"]),
        ("verification code 482913", ["482913"]),
        ("the passcode 908172 was sent by SMS", ["908172"]),
        ("pin 1234 did not work", ["1234"]),
        (
            "BitLocker recovery key: 123456-234567-345678-456789-567890-678901-789012-890123",
            ["123456-234567-345678-456789-567890-678901-789012-890123"],
        ),
        ("the product key is ABCDE-FGHIJ-KLMNO-PQRST-UVWXY", ["ABCDE-FGHIJ-KLMNO-PQRST-UVWXY"]),
        # other languages (data/secret_words.txt)
        ("das Passwort lautet Sommer2024!", ["Sommer2024!"]),
        ("Passwort: Geheim123", ["Geheim123"]),
        ("le mot de passe est Soleil#2024", ["Soleil#2024"]),
        ("la contraseña es Verano2024!", ["Verano2024!"]),
        ("a senha é Verao2024!", ["Verao2024!"]),
        ("wachtwoord: Welkom01!", ["Welkom01!"]),
        ("hasło jest Lato2024!", ["Lato2024!"]),
        ("mật khẩu là Matkhau@123", ["Matkhau@123"]),
        ("пароль: Zima2024!", ["Zima2024!"]),
        # key=value, configs, connection strings
        ("DB_PASSWORD=hunter2", ["hunter2"]),
        ("export DB_PASS=Spring2024x", ["Spring2024x"]),
        ("pass=Summer2024", ["Summer2024"]),
        ("pin=4821", ["4821"]),
        ("psk=Corp-Guest-2024", ["Corp-Guest-2024"]),
        ("clientSecret: 8f3kL9x2Qp", ["8f3kL9x2Qp"]),
        ("client_secret=Xy7~Qa.8Hn_2Lp-3Ms~0", ["Xy7~Qa.8Hn_2Lp-3Ms~0"]),
        ("SigningKey=ab12cd34ef56gh78", ["ab12cd34ef56gh78"]),
        ("Server=sql01;Database=hr;User Id=svc_hr;Password=P@ssw0rd1;", ["P@ssw0rd1"]),
        ("Username: jdoe  Password: Spring#2024", ["Spring#2024"]),
        ("login: jdoe / pass: Spring#2024", ["Spring#2024"]),
        # JSON, Python, YAML, PowerShell, command lines
        ('{"username": "jdoe", "password": "Spring#2024"}', ["Spring#2024"]),
        ('"apiKey": "8d9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b"', ["8d9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b"]),
        ("{'password': 'Spring#2024'}", ["Spring#2024"]),
        ('password: "Spring#2024"', ["Spring#2024"]),
        ("$password = 'Spring#2024'", ["Spring#2024"]),
        ('password = "correct horse battery staple"', ["correct horse battery staple"]),
        ("mysql -u root --password=Spring#2024 hr", ["Spring#2024"]),
        ("mysql -u root --password Spring#2024 hr", ["Spring#2024"]),
        # XML (an unattend.xml pasted into a ticket)
        ("<password>Spring#2024</password>", ["Spring#2024"]),
        (
            "<AdministratorPassword>\n  <Value>Spring#2024</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>",
            ["Spring#2024"],
        ),
        # a random-looking token a few words after the secret word
        ("the API key we were sent is below: 8d9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b", ["8d9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b"]),
    ],
)
def test_announced_secrets_are_found_exactly(rec: CredentialsRecognizer, text: str, secrets: list[str]) -> None:
    assert found(rec, text) == secrets


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        # a table pasted with pipes: the cells under the Password column
        (
            "New starters:\n| user | password |\n|------|----------|\n| jdoe | Spring#2024 |\n| asmith | Quokka |\nThanks",
            ["Spring#2024", "Quokka"],
        ),
        # pasted from Excel: tabs
        ("user\tpassword\tteam\njdoe\tSpring#2024\tHR\nasmith\tWinter#2023\tIT", ["Spring#2024", "Winter#2023"]),
        # a PIN column takes digits; the badge number beside it stays
        ("| Badge | New PIN |\n| 4411 | 0913 |", ["0913"]),
        # a key | value row
        ("| Password | Spring#2024 |", ["Spring#2024"]),
        ("Password\tSpring#2024", ["Spring#2024"]),
    ],
)
def test_tables(rec: CredentialsRecognizer, text: str, secrets: list[str]) -> None:
    assert found(rec, text) == secrets


def test_a_signature_after_the_password_is_kept(rec: CredentialsRecognizer) -> None:
    text = "Your account is ready.\nPassword: Tr0ub4dor&3x\n\nKind regards,\nIT Service Desk\nExt. 4411"
    assert found(rec, text) == ["Tr0ub4dor&3x"]


def test_several_secrets_in_one_text(rec: CredentialsRecognizer) -> None:
    text = "VPN password is Vpn!2024 and the wifi key is Corp-Guest-2024; PIN: 4821"
    assert found(rec, text) == ["Vpn!2024", "Corp-Guest-2024", "4821"]


# ------------------------------------------------------------------------------- kept


@pytest.mark.parametrize(
    "text",
    [
        "password reset for LT-04512",
        "ticket INC0012345 password reset",
        "token expired again this morning",
        "PIN pad at till 3 not working",
        "PIN pad PRN-3A-01 error 0x80070005",
        "lost my key fob",
        "Password policy: 12 characters",
        "Your password must be at least 12 characters",
        "Password: reset done",
        "Password: see ticket INC0012345",
        "Token: expired",
        "my password is expired",
        "the password is correct but login fails",
        "Please reset my password, it's locked after 5 attempts",
        "password was changed on 12/03/2024",
        "Password expired on 2024-03-12",
        "password for jdoe expired on 12.03.2024",
        "password expires in 14 days",
        "I forgot my password for Outlook",
        "Password manager: 1Password",
        "Can you reset the PIN for badge 4411?",
        "I need a new PIN for the printer PRN-3A-01",
        "Please pin Outlook to the taskbar",
        "access token lifetime 3600 seconds",
        "API token: generated, will send via Teams",
        "client secret expires 2025-01-31",
        "Secret Server is down",
        "Windows 10 Enterprise product key issue",
        "license key for Office 2019 not accepted",
        "My KB5034441 update failed with 0x80070005",
        "error code: 0x80070005",
        "Error ERR_CONNECTION_RESET when opening the portal",
        "version 16.0.17928.20114",
        "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301 in the event log",
        "reset your password at https://passwordreset.microsoftonline.com",
        # key=value whose key says it is no secret, or whose value is none
        "token_expiry=3600",
        "password_policy=strict",
        "key_id=12",
        "pin_length=6",
        "auth_method=password",
        "auth_mode=basic",
        "grant_type=password",
        "token_type=Bearer",
        "use_token=true",
        "password_required=false",
        "private_key_path=/etc/ssl/key.pem",
        "passwordFile=/etc/app/pw.txt",
        "client_id=3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        # placeholders: nothing left to hide (re-scrubbing stored text, masked values)
        "PIN: ****",
        "password=<SECRET>",
        "the password is <SECRET>",
        "password=${DB_PASS}",
        "pwd=%DB_PWD%",
        "password: [redacted]",
        # generic keys that also name tickets and changes
        "Issue Key: HD-4512",
        "Key: INC0012345",
        "Authorization: CHG0031234 approved",
        # an identifier of a secret is no secret
        "BitLocker recovery key ID: 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        # table headers and ordinary cells
        "| user | password | status |\n| jdoe | expired | locked |",
        "| Password | Status |",
    ],
)
def test_helpdesk_words_are_kept(rec: CredentialsRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_the_next_secret_word_is_tried_when_the_first_takes_no_value(rec: CredentialsRecognizer) -> None:
    # the first "password" is followed by a common word; the second announces the secret
    assert found(rec, "password expired, new password is Tr0ub4dor&3x") == ["Tr0ub4dor&3x"]


def test_the_secret_word_must_be_a_whole_word(rec: CredentialsRecognizer) -> None:
    assert found(rec, "compass=north bypass=Summer2024 passthrough=true") == []
    # a compound that ends in a secret word is one ("WLAN-Passwort", "my-password")
    assert found(rec, "Das WLAN-Passwort lautet Summer2024") == ["Summer2024"]


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("<SECRET>", True),
        ("****", True),
        ("${DB_PASS}", True),
        ("%DB_PWD%", True),
        ("{{ db_password }}", True),
        ("true", True),
        ("OFF", True),
        ("ab", True),
        ("hunter2", False),
        ("Spring#2024", False),
    ],
)
def test_looks_like_placeholder(value: str, placeholder: bool) -> None:
    assert looks_like_placeholder(value) is placeholder


# ------------------------------------------------------------------------- through the sanitiser


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (
            "the temporary password is Tr0ub4dor&3x, ticket INC0012345",
            "the temporary password is <SECRET>, ticket INC0012345",
        ),
        (
            "Server=sql01;Database=hr;User Id=svc_hr;Password=P@ssw0rd1;",
            "Server=sql01;Database=hr;User Id=svc_hr;Password=<SECRET>;",
        ),
        ('{"username": "svc_hr", "password": "Spring#2024"}', '{"username": "svc_hr", "password": "<SECRET>"}'),
        ("das Passwort lautet Sommer2024!", "das Passwort lautet <SECRET>"),
        ("PIN: 4821 for the door", "PIN: <SECRET> for the door"),
    ],
)
def test_only_the_value_is_replaced(san: Sanitiser, text: str, scrubbed: str) -> None:
    assert san.scrub(text).text == scrubbed


def test_password_reset_requests_keep_their_meaning(san: Sanitiser) -> None:
    text = "password reset for LT-04512 (INC0012345): token expired, PIN pad and key fob fine. Password policy: 12 characters"
    result = san.scrub(text)
    assert result.text == text
    assert result.counts["SECRET"] == 0
