"""The name-lexicon recogniser: names from many cultures in running text, and what is no name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from askdesk.sanitise.config import DEFAULT_NOT_NAMES
from askdesk.sanitise.recognizers.name_lexicon import NameLexiconRecognizer, ascii_fold, fold
from askdesk.sanitise.wordlists import load_word_list


@pytest.fixture(scope="module")
def lexicon() -> NameLexiconRecognizer:
    return NameLexiconRecognizer(not_names=DEFAULT_NOT_NAMES)


def found(recognizer: NameLexiconRecognizer, text: str) -> list[str]:
    return [text[s:e] for s, e, _ in recognizer.spans(text)]


# ----------------------------------------------------------------------------- data files


def test_data_files_load_and_hold_names_from_many_cultures() -> None:
    given = load_word_list("given_names")
    family = load_word_list("family_names")
    ambiguous = load_word_list("ambiguous_names")
    assert len(given) > 10_000 and len(family) > 10_000
    # Indian, Igbo, Zulu, Russian; transliterated Cyrillic and Greek with their variants
    for word in ("priya", "arjun", "ngozi", "thandiwe", "olga", "dmitriy", "dmitry", "oleh", "oleg", "giorgos"):
        assert word in given, word
    assert "minjun" in given  # 민준, joined as the recogniser joins "Min-jun"
    # as written (folded, diacritics kept), ASCII-folded and German-folded
    for word in ("nguyễn", "nguyen", "müller", "muller", "mueller", "kowalczyk", "nkosi", "okafor", "sato", "choi"):
        assert word in family, word
    # common English words are kept apart, and never as plain names
    for word in ("grace", "mark", "bill", "will", "park"):
        assert word in ambiguous and word not in given and word not in family, word
    # comments and blank lines are skipped
    assert not any(w.startswith("#") or not w.strip() for w in given | family | ambiguous)
    # product/IT words are no names at all
    assert not {"teams", "windows", "chrome"} & (given | family | ambiguous)


def test_fold_and_ascii_fold() -> None:
    assert ascii_fold(fold("Nguyễn")) == "nguyen"
    assert ascii_fold(fold("Søren")) == "soren"
    assert ascii_fold(fold("Yılmaz")) == "yilmaz"
    assert fold("İlker") == "ilker"
    assert fold("O’Brien") == "o'brien"


# ----------------------------------------------------------------------------- names found

CASES = [
    ("Please reset the MFA token for Priya Raghunathan before Monday.", ["Priya Raghunathan"]),
    ("Kim Min-jun reported that the VPN drops every hour.", ["Kim Min-jun"]),
    ("Park Ji-woo and Choi Hyun-woo cannot open the shared mailbox.", ["Park Ji-woo", "Choi Hyun-woo"]),
    ("The screen on Thandiwe Nkosi's laptop is cracked.", ["Thandiwe Nkosi"]),
    ("Requester: Siobhán Ní Bhriain | Dept: Finance | Priority: P2", ["Siobhán Ní Bhriain"]),
    ("Escalated to the network team; Nguyễn Văn An will test again tomorrow.", ["Nguyễn Văn An"]),
    ("Laptop handed over to Nguyen Van An at reception.", ["Nguyen Van An"]),
    ("Raised on behalf of Mohammed bin Rashid, who is travelling.", ["Mohammed bin Rashid"]),
    ("Fatima Al-Zahra and Ayşe Yılmaz need the finance share.", ["Fatima Al-Zahra", "Ayşe Yılmaz"]),
    ("Kind regards,\nIngrid Haugen\nFinance Operations", ["Ingrid Haugen"]),
    ("Assigned to: Hendrik van der Berg\nStatus: In Progress", ["Hendrik van der Berg"]),
    ("Spoke with Valentina De Luca on the phone.", ["Valentina De Luca"]),
    ("Can you add Oluwaseun Adeyemi to the payroll list?", ["Oluwaseun Adeyemi"]),
    ("Requester Olga Ivanova asked again.", ["Olga Ivanova"]),  # "Requester" is a role word
    ("Soren Mikkelsen and Bjorn Lindqvist", ["Soren Mikkelsen", "Bjorn Lindqvist"]),  # no diacritics
    ("Wang Xiuying reported the printer jam.", ["Wang Xiuying"]),
    ("Niamh O'Sullivan's badge does not open the door.", ["Niamh O'Sullivan"]),
    ("Hi, I'm Yasmin Costa from accounts.", ["Yasmin Costa"]),  # "I'm" is no name
]


@pytest.mark.parametrize(("text", "names"), CASES)
def test_names_found_with_their_spans(lexicon: NameLexiconRecognizer, text: str, names: list[str]) -> None:
    spans = [(s, e) for s, e, _ in lexicon.spans(text)]
    expected = [(text.index(n), text.index(n) + len(n)) for n in names]
    assert spans == expected, found(lexicon, text)


def test_analyze_returns_person_results(lexicon: NameLexiconRecognizer) -> None:
    text = "Laptop handed over to Arjun Venkatesh at reception."
    results = lexicon.analyze(text, ["PERSON"], None)
    assert [(r.entity_type, text[r.start : r.end], r.score) for r in results] == [("PERSON", "Arjun Venkatesh", 0.6)]
    assert lexicon.supported_entities == ["PERSON"]


# ----------------------------------------------------------------------------- no names

NOT_NAMES = [
    "The Grace Period for the licence renewal ends next week.",
    "Click Mark Complete once the module is finished.",
    "The Bill Payment screen times out.",
    "The Power BI dashboard does not refresh.",
    "Windows Server 2019 patching is scheduled for Patch Tuesday.",
    "Microsoft Teams keeps crashing in Visual Studio Code sessions.",
    "Zoom Rooms and Google Chrome were updated by the Service Desk.",
    "Adobe Acrobat Reader cannot open the signed PDF.",
    "The Carter Building badge readers were replaced.",  # "The" cannot start a name
    "Will Call pickup is at the Loading Bay.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_product_and_common_word_phrases_are_no_names(lexicon: NameLexiconRecognizer, text: str) -> None:
    assert found(lexicon, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, Priya.",  # one word
        "Raghunathan will call back.",
        "Sent to Nkosi yesterday.",
        "PRIYA RAGHUNATHAN | FINANCE",  # all caps
        "Priya SAP access",  # an acronym is no name word
        "Ask van der Berg about it.",  # particles do not make a name
        "priya raghunathan asked",  # lowercase
    ],
)
def test_single_words_acronyms_and_bare_particles_are_not_enough(lexicon: NameLexiconRecognizer, text: str) -> None:
    assert found(lexicon, text) == []


def test_names_do_not_run_across_lines(lexicon: NameLexiconRecognizer) -> None:
    assert found(lexicon, "Priya\nRaghunathan") == []


def test_not_names_argument_breaks_a_name() -> None:
    recognizer = NameLexiconRecognizer(not_names=("priya",))
    assert found(recognizer, "Please reset Priya Raghunathan's token.") == []
    assert found(recognizer, "Please reset Arjun Venkatesh's token.") == ["Arjun Venkatesh"]


def test_default_not_names_come_from_the_data_file() -> None:
    recognizer = NameLexiconRecognizer()
    assert found(recognizer, "Requester Olga Ivanova") == ["Olga Ivanova"]


def test_safe_to_share_between_threads(lexicon: NameLexiconRecognizer) -> None:
    texts = [text for text, _ in CASES] + NOT_NAMES
    expected = [found(lexicon, t) for t in texts]
    fresh = NameLexiconRecognizer(not_names=DEFAULT_NOT_NAMES)  # cold caches, filled concurrently
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: found(fresh, t), texts * 20))
    assert got == expected * 20
