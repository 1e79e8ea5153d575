"""Personal data written to slip past screening: identity numbers split by separators anywhere, e-mail
addresses spelled out or spaced, names in lower or upper case. Ordinary Swedish text with dates, times,
counts, addresses and postcodes still passes."""

import datetime
import re

import pytest
from django.urls import reverse
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from evaluation.models import Evaluation
from incidents.models import Incident
from privacy.screening import _names, likely_names, screen, validate_no_personal_data
from public.models import Open311ApiKey
from surveys.forms import SurveyImportForm
from surveys.models import Survey
from tests.factories import evaluation_form_data

IDENTITY = {"personal_number", "coordination_number"}
# 6 or 8 digits, up to three separators, 4 digits: how identity numbers are usually written.
USUAL_FORM = re.compile(r"(?<!\d)(?:\d{6}|\d{8})\D{0,3}\d{4}(?!\d)")

# 850101-1236 has a valid check digit; so does the coordination number 850161-1233 (day 1 + 60).
SPLIT_PERSONAL_NUMBERS = [
    "85 01 01-1236",
    "85 01 01 1236",
    "85-01-01-1236",
    "85.01.01.1236",
    "1985 01 01-1236",
    "19 85 01 01 - 12 36",
    "850101-12 36",
    "8 5 0 1 0 1 - 1 2 3 6",
    "85 01 01+1236",
    "1985-01-01-1236",
    "85  01  01 -  1236",
    "85/01/01 1236",
    "85 01 01\t1236",
    "85\u00a001\u00a001-1236",
    "85 01 01\u20131236",
]


def _kinds(text: str) -> set[str]:
    return {finding.kind for finding in screen(text)}


@pytest.mark.parametrize("number", SPLIT_PERSONAL_NUMBERS)
def test_a_personal_number_split_by_separators_is_found(number):
    assert _kinds(f"Pojken, {number}, sålde vid torget") == {"personal_number"}
    with pytest.raises(Exception, match="personnummer"):
        validate_no_personal_data(f"Pojken {number} sålde")


@pytest.mark.parametrize("number", ["85 01 61-1233", "85.01.61.1233", "19850161 12 33"])
def test_a_coordination_number_split_by_separators_is_found(number):
    assert _kinds(f"Mannen {number} sov i busskuren") == {"coordination_number"}


def test_a_split_number_followed_by_an_age_is_still_found():
    assert _kinds("Kalle 85 01 01-1236 15 år sågs") == {"personal_number"}


@pytest.mark.parametrize(
    "text",
    [
        "kalle at example dot se",
        "kalle@example .se",
        "kalle @ example . se",
        "KALLE AT EXAMPLE DOT SE",
        "kalle snabel-a example punkt se",
        "kalle (at) example (dot) se",
        "kalle[at]example[punkt]se",
        "kalle.anka at strangnas punkt se",
        "kalle at example.se",
    ],
)
def test_a_spelled_out_or_spaced_email_is_found(text):
    assert _kinds(f"Mejla {text} om ni vill veta mer") == {"email"}


@pytest.mark.parametrize(
    "text, names",
    [
        ("kalle andersson sålde hasch", ["kalle andersson"]),
        ("KALLE ANDERSSON SÅLDE HASCH", ["KALLE ANDERSSON"]),
        ("kalle Andersson sålde", ["kalle Andersson"]),
        ("pratade med sara lindqvist vid torget", ["sara lindqvist"]),
        ("hans andersson var där", ["hans andersson"]),
        ("bråk med familjen svensson", ["svensson"]),
        ("kalle, 15 år, sågs", ["kalle"]),
    ],
)
def test_names_are_found_whatever_the_case(text, names):
    assert likely_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "per timme kom fem ungdomar",
        "hans cykel stod vid resecentrum",
        "HANS CYKEL STOD VID RESECENTRUM",
        "dag och natt vid berg och strand",
        "björn och max sågs inte",
        "VID STRAND OCH HOLM",
    ],
)
def test_everyday_words_in_any_case_are_not_names(text):
    assert likely_names(text) == []


ORDINARY = [
    "Larm 2024-01-30 22.00–02.00 vid torget",
    "2024-01-30 22.00 vid Stortorget, 2024-01-31 23.15 vid resecentrum",
    "Mellan 2024-01-30 2024-02-06 sågs 12 personer",
    "12 personer vid Storgatan 12, 645 30 Strängnäs",
    "Kl 22.00-02.00 var 12 personer på plats, 3 vuxna",
    "Storgatan 12 B, lgh 1201, 645 30 Strängnäs",
    "Tåg 12.36 och 13.36 från spår 2",
    "Vecka 5 2024: 1 234 567 kr i skador",
    "Ärende 2024-123456 och dnr KS 2023/1234",
    "Nattvandring 30.01.2024 22.00 till 02.00",
    "Vi var vid torget. Se bilden",
    "Samling vid punkt 3, sedan vidare",
    "Mötet 2024 01 30 kl 18.00 i Stadshuset",
    "Den 30 januari 2024 kl 22.00 var 15 16 17 åringar på torget",
    "Vecka 12/13 2024 och 30/1 22.00-02.00",
    "Dnr KS 2024/00123-1, bankgiro 5050-1055",
    "Konto SE45 5000 0000 0583 9825 7466",
    "Org.nr 212000-2411, Strängnäs kommun",
    "Lägesbild 2024-01-29–2024-02-04, 15 händelser",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_swedish_text_with_numbers_passes(text):
    assert screen(text) == []
    validate_no_personal_data(text)


def test_dates_with_times_pass_for_every_day_and_minute_of_a_year():
    """A date followed by a time is the most common digit run in an observation; none may be refused."""
    day = datetime.date(2024, 1, 1)
    refused = []
    while day.year == 2024:
        for hour in range(24):
            text = f"{day:%Y-%m-%d} {hour:02d}.{(day.day * 7 + hour) % 60:02d} vid torget"
            if screen(text):
                refused.append(text)
        day += datetime.timedelta(days=1)
    assert refused == []


# Property-based: any valid number with any separators in any text is found; wrong check digits mostly pass.

SEPARATORS = st.sampled_from(["", "", " ", "-", ".", "+", " - ", "  ", ". "])
WORDS = st.sampled_from(
    ["pojken", "sågs", "vid", "torget", "med", "nummer", "och", "bråk", "kväll", "ungdomar", "lugnt", "busskuren"]
)
CASE = st.sampled_from([str.lower, str.upper, str.title])


@st.composite
def swedish_text(draw) -> str:
    change_case = draw(CASE)
    return change_case(" ".join(draw(st.lists(WORDS, max_size=6))))


@st.composite
def identity_digits(draw, valid: bool) -> str:
    born = draw(st.dates(datetime.date(1920, 1, 1), datetime.date(2020, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    check = luhn.calc_check_digit(nine)
    if not valid:
        check = str((int(check) + draw(st.integers(1, 9))) % 10)
    century = f"{born.year // 100}" if draw(st.booleans()) else ""
    return century + nine + check


def _valid_ten_digits_within(digits: str) -> bool:
    """Whether some ten digits in a row form a real date (a coordination number's day less 60) with a valid
    check digit: such digits hold an identity number whatever the intended one's check digit."""
    for start in range(len(digits) - 9):
        ten = digits[start : start + 10]
        day = int(ten[4:6]) - (60 if int(ten[4:6]) > 60 else 0)
        try:
            datetime.datetime.strptime(f"{ten[:4]}{day:02d}", "%y%m%d")
        except ValueError:
            continue
        if luhn.is_valid(ten):
            return True
    return False


def _written(draw, digits: str, separators) -> str:
    return "".join(digit + (draw(separators) if i < len(digits) - 1 else "") for i, digit in enumerate(digits))


@given(data=st.data())
@settings(max_examples=400)
def test_any_valid_identity_number_with_any_separators_in_any_text_is_found(data):
    digits = data.draw(identity_digits(valid=True))
    written = _written(data.draw, digits, SEPARATORS)
    text = f"{data.draw(swedish_text())} {written} {data.draw(swedish_text())}"
    assert _kinds(text) & IDENTITY, text


@given(data=st.data())
@settings(max_examples=400)
def test_digits_with_a_wrong_check_digit_out_of_the_usual_forms_are_not_taken_for_a_personal_number(data):
    digits = data.draw(identity_digits(valid=False))
    assume(not _valid_ten_digits_within(digits))  # "199106620075" holds the valid 991066-2007
    written = _written(data.draw, digits, SEPARATORS)
    assume(not USUAL_FORM.search(written))  # the usual forms are refused with any check digit, on purpose
    text = f"{data.draw(swedish_text())} {written} {data.draw(swedish_text())}"
    kinds = _kinds(text)
    assert not kinds & (IDENTITY | {"personal_number_like"}), text
    # A run of ten digits starting with 0 is a phone number; that is the only other reason to refuse.
    assert kinds <= {"phone"} and (not kinds or re.search(r"(?:^|\D)0", written)), text


@given(
    local=st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True),
    domain=st.from_regex(r"[a-z]{2,10}", fullmatch=True),
    tld=st.sampled_from(["se", "com", "nu", "org"]),
    at=st.sampled_from(["@", " @ ", "@ ", " at ", " (at) ", "[at]", " snabel-a ", " (snabel-a) "]),
    dot=st.sampled_from([".", " . ", " .", " dot ", " punkt ", "(dot)", " [punkt] "]),
    case=CASE,
    before=swedish_text(),
)
def test_any_email_however_spelled_and_cased_is_found(local, domain, tld, at, dot, case, before):
    assert "email" in _kinds(case(f"{before} {local}{at}{domain}{dot}{tld} tack"))


@given(data=st.data(), case=CASE, before=swedish_text(), after=swedish_text())
def test_any_common_first_name_and_surname_in_any_case_is_found(data, case, before, after):
    first_names, surnames, _ = _names()
    first = data.draw(st.sampled_from(sorted(first_names)))
    surname = data.draw(st.sampled_from(sorted(surnames)))
    assert likely_names(f"{before} {case(first + ' ' + surname)} {after}")


# Every channel that stores or publishes text refuses the disguised forms.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "description, says",
    [
        ("Pojken 85 01 01-1236 sprejade", "personuppgifter"),
        ("Mejla kalle at example dot se", "personuppgifter"),
        ("kalle andersson sprejade på busskuren", "namn"),  # a name in lower case
    ],
)
def test_open311_refuses_disguised_personal_data(client, strangnas, description, says):
    _, key = Open311ApiKey.issue("Felanmälningsappen", strangnas)
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "jurisdiction_id": "strangnas",
            "service_code": "klotter",
            "lat": "59.3776",
            "long": "17.0313",
            "description": description,
        },
    )
    assert response.status_code == 400
    assert says in response.json()[0]["description"]
    assert not Incident.objects.exists()


def _evaluation(square, district, title: str, **extra) -> dict:
    return evaluation_form_data(square, district, title=title, **extra)


@pytest.mark.django_db
def test_an_evaluation_title_with_a_split_personal_number_is_refused(coordinator_client, strangnas, square, district):
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]), _evaluation(square, district, "Kamera 85 01 01-1236")
    )
    assert response.status_code == 400
    assert "personnummer" in " ".join(response.context["form"].errors["title"])
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_an_evaluation_title_with_a_name_asks_first(coordinator_client, strangnas, square, district):
    url = reverse("evaluation:create", args=[strangnas.slug])
    asked = coordinator_client.post(url, _evaluation(square, district, "kalle andersson sålde vid torget"))
    assert asked.status_code == 400
    assert 'name="bekrafta_inga_namn"' in asked.content.decode()
    assert not Evaluation.objects.exists()
    confirmed = coordinator_client.post(
        url, _evaluation(square, district, "Kalle Anka-torget, belysning", bekrafta_inga_namn="on")
    )
    assert confirmed.status_code == 302


@pytest.mark.django_db
def test_a_survey_name_with_a_name_asks_first():
    form = SurveyImportForm(data={"name": "Enkät av kalle andersson", "source": Survey.Source.values[0]})
    assert not form.is_valid()
    assert "namn" in " ".join(form.errors["name"])


def test_split_digits_that_are_both_a_phone_number_and_an_identity_number_are_said_to_be_either():
    assert _kinds("Ring 010-567 36 28 fram till kl 22") == {"coordination_number", "phone"}
    assert _kinds("Ring 010-569 02 16 idag mellan 14.30-22.00") == {"phone"}


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Han 85010\u034f1-1236 sålde på torget", "personal_number"),  # a combining grapheme joiner
        ("85010\ufe0f1-1236", "personal_number"),  # a variation selector
        ("Han har personnummer 850101\u31641236", "personal_number"),  # a Hangul filler
        ("8501\u28000 1-1236", "personal_number"),  # the braille blank
        ("Personnr 85,01,01,1236 klottrade", "personal_number"),
        ("Personnr 850101*1236 klottrade", "personal_number"),
        ("Personnr 85 01 01\n1236 klottrade", "personal_number"),
        ("85 01 01      1236", "personal_number"),
        ("❽❺⓿❶⓿❶-❶❷❸❻", "personal_number"),  # dingbat digits
        ("Maila x99-at-example-dot-se", "email"),
        ("kalle_at_example_dot_se", "email"),
        ("kalle@example\u3002se", "email"),  # an ideographic full stop
    ],
)
def test_invisible_marks_other_separators_and_drawn_digits_do_not_hide_personal_data(text, kind):
    assert kind in {finding.kind for finding in screen(text)}


@pytest.mark.parametrize("text", ["Klottrat av Kalle-Andersson vid kiosken", "kalle_andersson sålde"])
def test_names_joined_by_a_hyphen_or_an_underscore_are_asked_about(text):
    assert likely_names(text)


@pytest.mark.parametrize("text", ["Anna-Karin var här", "Antal 12, 34, 56 och 7890", "Besök 3, 5, 7 och 12 maj"])
def test_hyphenated_first_names_and_lists_of_numbers_pass(text):
    assert not screen(text) and not likely_names(text)
