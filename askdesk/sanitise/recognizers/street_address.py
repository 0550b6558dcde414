"""Street addresses, with the postcode and town that follow them.

Three tells, in the forms helpdesk text uses (signatures, delivery requests, tables):
* a house number and a street type: "221B Baker Street", "1600 Pennsylvania Ave NW",
  "Hauptstraße 12", "12 rue de la Paix", "Calle Mayor 5", "Via Roma 10", "số 12 đường Lê Lợi";
* then, on the same line, an optional unit, town, region and postcode
  (", Apt 4, Springfield, IL 62704", ", London NW1 6XE", ", 10115 Berlin");
* an address label ("Address:", "ship to:", "Adresse :", "Dirección:", "địa chỉ:") followed by
  the rest of the line, unless the label is about a network ("IP address", "MAC address",
  "e-mail address", "web address").
Street types are capitalised words ("Road", not "road"), so "3 main road works" stays; French
ones ("rue", "place") may be lowercase but the name after them is capitalised, so "saved in 1
place only" stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer
from askdesk.sanitise.wordlists import load_word_list

_CAP = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’.-]*"
#: a town: capitalised words of letters only (so "London NW1 6XE" leaves the postcode to the postcode part)
_TOWN = r"[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’.-]+(?:[^\S\n]+[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’.-]+){0,2}"
_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Close|"
    r"Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy|Gardens|Grove|Mews|Circle|Cir|Trail|Parade|Quay|Wharf"
)
_NUMBER = r"\d{1,5}[A-Za-z]?(?:[-–/]\d{1,5}[A-Za-z]?)?"
_TAIL = (
    # unit, town, region / postcode on the same line
    r"(?:,?[^\S\n]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Bldg|Building)\.?[^\S\n]*[\w-]+)?"
    # the town after a comma, or on the next line (a signature: "1118 Kingsbury Avenue\nBoise, ID 83764")
    r"(?:(?:,[^\S\n]*|[^\S\n]*\n[^\S\n]*)" + _TOWN + r"(?=,?[^\S\n]*(?:[A-Z]{2}[^\S\n]+)?\d|,|[^\S\n]*$|[^\S\n]+[A-Z]{1,2}\d))?"
    r"(?:,?[^\S\n]*(?:[A-Z]{2}[^\S\n]+)?(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[^\S\n]*\d[A-Z]{2}|[A-Z]\d[A-Z][^\S\n]?\d[A-Z]\d))?"
    r"(?:,?[^\S\n]+(?:USA|UK|United Kingdom|United States|Canada|Ireland))?"
)
_PATTERNS = (
    # 221B Baker Street / 1600 Pennsylvania Ave NW
    re.compile(rf"(?<![\w-]){_NUMBER},?[^\S\n]+(?:{_CAP}[^\S\n]+){{1,4}}(?:{_STREET_TYPES})\b\.?(?:[^\S\n]+(?:NW|NE|SW|SE|N|S|E|W)\b)?{_TAIL}"),
    # Hauptstraße 12, 10115 Berlin / Bahnhofweg 3a
    re.compile(
        r"(?<![\w-])(?:" + _CAP + r"[^\S\n]+)?[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|laan|straat|gracht|vägen|gatan|gade|vej)"
        rf"[^\S\n]+{_NUMBER}(?:,?[^\S\n]*\d{{4,5}}[^\S\n]+{_CAP})?",
    ),
    # 12 rue de la Paix, 75002 Paris / 5 bis avenue Foch
    # (the street type in any case, the name capitalised: "in 1 place only" is no address)
    re.compile(
        rf"(?<![\w-]){_NUMBER}(?:[^\S\n]*(?i:bis|ter))?,?[^\S\n]+(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours)"
        r"[^\S\n]+(?:(?i:de|du|des|la|le|les|d['’]|l['’])[^\S\n]*)*" + _CAP + r"(?:[^\S\n]+" + _CAP + r"){0,3}"
        r"(?:,?[^\S\n]*\d{5}[^\S\n]+" + _CAP + r")?",
    ),
    # Calle Mayor 5, 28013 Madrid / Via Roma 10 / Rua Augusta 100 / C/ Mayor, 5
    re.compile(
        r"(?<![\w-])(?:Calle|C/|Avenida|Avda\.?|Plaza|Paseo|Carrer|Rua|Via|Viale|Piazza|Corso|Largo|Travessa|Camino)"
        r"[^\S\n]+(?:(?:de|del|la|los|las|da|do|dos|das|di|della|dei)[^\S\n]+)*" + _CAP + r"(?:[^\S\n]+" + _CAP + r"){0,3}"
        rf",?[^\S\n]*(?:n[º°o]\.?[^\S\n]*)?{_NUMBER}(?:,?[^\S\n]*\d{{4,5}}[^\S\n]+{_CAP})?",
    ),
    # số 12 đường Lê Lợi, phường Bến Nghé, quận 1
    re.compile(
        r"(?<![\w-])(?:(?:số|so)[^\S\n]+)?\d{1,4}[A-Za-z]?(?:/\d{1,4})?[^\S\n]+(?:đường|phố|ngõ|hẻm|duong|pho)[^\S\n]+"
        + _CAP + r"(?:[^\S\n]+" + _CAP + r"){0,4}(?:,[^\S\n]*(?:phường|quận|huyện|thành phố|tp\.?)[^\S\n]+[\wÀ-ỹ ]{1,30})*",
        re.IGNORECASE,
    ),
    # PO Box 1234
    re.compile(r"(?<![\w-])(?:P\.?\s?O\.?\s?Box|Postfach|Apartado)[^\S\n]+\d{1,6}\b", re.IGNORECASE),
)
#: "Address: <rest of the line>", in the languages above; not IP/MAC/e-mail/web addresses
_LABELLED = re.compile(
    r"(?<![\w-])(?<!IP )(?<!MAC )(?<!mail )(?<!e-mail )(?<!email )(?<!web )(?<!server )(?<!URL )"
    r"(?:(?:home|postal|mailing|delivery|shipping|street|billing|residential|private)[^\S\n]+)?"
    r"(?:address|addr|ship[^\S\n]+to|deliver[^\S\n]+to|adresse|anschrift|dirección|direccion|indirizzo|endereço|morada|địa[^\S\n]+chỉ)"
    r"[^\S\n]*[:=][^\S\n]*(?P<value>[^\n|;]{6,120})",
    re.IGNORECASE,
)
_HAS_DIGIT = re.compile(r"\d")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^\S\n]*$")


class StreetAddressRecognizer(SpanRecognizer):
    ENTITY = "STREET_ADDRESS"
    SCORE = 0.85

    def spans(self, text: str) -> Iterator[Span]:
        if not _HAS_DIGIT.search(text):
            return
        not_names = load_word_list("not_names")
        for pattern in _PATTERNS:
            for m in pattern.finditer(text):
                before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
                if before and before.group(1).casefold() in not_names:
                    continue  # "Windows 10 Enterprise Way": a product's number, no house number
                end = m.end()
                while end > m.start() and text[end - 1] in " ,.":
                    end -= 1
                yield m.start(), end, self.SCORE
        for m in _LABELLED.finditer(text):
            value = m.group("value").rstrip(" .,")
            if _HAS_DIGIT.search(value):  # "Address: see above" is no address
                yield m.start("value"), m.start("value") + len(value), self.SCORE
