"""IBANs: random accounts with correct ISO 13616 mod-97 check digits, and the check itself."""

from __future__ import annotations

import random
import string


def _check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{98 - num % 97:02d}"


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check (spaces allowed)."""
    s = iban.replace(" ", "").upper()
    if len(s) < 15 or not s[:2].isalpha() or not s[2:4].isdigit() or not s.isalnum():
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def random_iban(rng: random.Random, country: str) -> str:
    """A random account of ``country`` (DE, GB, NL, IE, ES), printed in groups of four 55 % of the time."""
    digits = string.digits
    letters = string.ascii_uppercase

    def rd(k: int) -> str:
        return "".join(digits[int(rng.random() * 10)] for _ in range(k))

    def rl(k: int) -> str:
        return "".join(letters[int(rng.random() * 26)] for _ in range(k))

    if country == "DE":
        bban = rd(18)
    elif country == "GB":
        bban = rl(4) + rd(14)
    elif country == "NL":
        bban = rl(4) + rd(10)
    elif country == "IE":
        bban = rl(4) + rd(14)
    elif country == "ES":
        bban = rd(20)
    else:  # pragma: no cover - internal
        raise ValueError(country)
    compact = country + _check_digits(country, bban) + bban
    if rng.random() < 0.55:  # the printed form, in groups of four
        return " ".join(compact[k:k + 4] for k in range(0, len(compact), 4))
    return compact
