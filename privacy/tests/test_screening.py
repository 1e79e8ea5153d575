import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from privacy.screening import screen, validate_no_personal_data


def _with_check_digit(nine: str) -> str:
    return nine + luhn.calc_check_digit(nine)


@st.composite
def identity_numbers(draw, coordination: bool = False):
    year = draw(st.integers(1920, 2020))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) + (60 if coordination else 0)
    serial = draw(st.integers(0, 999))
    ten = _with_check_digit(f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}")
    style = draw(st.sampled_from(["short", "dash", "long", "long-dash"]))
    century = str(year // 100)
    return {
        "short": ten,
        "dash": f"{ten[:6]}-{ten[6:]}",
        "long": century + ten,
        "long-dash": f"{century}{ten[:6]}-{ten[6:]}",
    }[style]


safe_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö ,.", max_size=40)


def test_known_valid_personal_number():
    assert [f.kind for f in screen("Pojke med pnr 811218-9876 sågs")] == ["personal_number"]
    assert [f.kind for f in screen("19811218-9876")] == ["personal_number"]


def test_wrong_check_digit_still_looks_like_a_personal_number():
    # A reader sees a personal number whatever the check digit; it is refused with its own message.
    assert [f.kind for f in screen("811218-9875")] == ["personal_number_like"]
    with pytest.raises(ValidationError, match="ser ut som ett personnummer"):
        validate_no_personal_data("811218-9875")


def test_coordination_number():
    assert [f.kind for f in screen("701063-2391")] == ["coordination_number"]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 070-123 45 67",
        "mobil 0701234567",
        "+46 70 123 45 67",
        "tel 08-123 456 78",
        "0046701234567",
        "+46701234567",
    ],
)
def test_phone_numbers(text):
    assert [f.kind for f in screen(text)] == ["phone"]


@pytest.mark.parametrize("text", ["kalle.anka@example.se", "Mejla a_b+c@strangnas.se nu"])
def test_email(text):
    assert [f.kind for f in screen(text)] == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "Nattvandring fredag 21-01 vid resecentrum, 4 vuxna, 25 ungdomar",
        "Datum 2025-06-07 kl 21.30 vid Stortorget",
        "Vecka 23, 15 ungdomar vid Visholmen, glaskross vid busshållplatsen",
        "Buss 0800-2300 går varje timme",
        "Ca 120 kontakter under 3 timmar",
    ],
)
def test_ordinary_observations_pass(text):
    assert screen(text) == []
    validate_no_personal_data(text)


@given(prefix=safe_words, number=identity_numbers(), suffix=safe_words)
def test_any_valid_personal_number_is_found_anywhere(prefix, number, suffix):
    assert any(f.kind == "personal_number" for f in screen(f"{prefix} {number} {suffix}"))


@given(prefix=safe_words, number=identity_numbers(coordination=True), suffix=safe_words)
def test_any_valid_coordination_number_is_found_anywhere(prefix, number, suffix):
    assert any(f.kind == "coordination_number" for f in screen(f"{prefix} {number} {suffix}"))


@given(text=safe_words)
def test_text_without_digits_or_at_signs_passes(text):
    assert screen(text) == []


@given(
    local=st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True),
    domain=st.from_regex(r"[a-z]{2,10}", fullmatch=True),
)
def test_any_email_address_is_found(local, domain):
    assert [f.kind for f in screen(f"kontakt {local}@{domain}.se tack")] == ["email"]


@given(digits=st.from_regex(r"7[02369][0-9]{7}", fullmatch=True), style=st.sampled_from(["0", "+46 ", "0046"]))
def test_any_swedish_mobile_number_is_found(digits, style):
    text = f"ring {style}{digits} ikväll"
    findings = screen(text)
    # A ten-digit mobile number can also be a valid identity number; either way it is refused.
    assert findings and findings[0].kind in {"phone", "personal_number", "coordination_number"}
    assert text[findings[0].start : findings[0].end].replace(" ", "").endswith(digits)


def test_digits_of_other_scripts_do_not_hide_a_number():
    assert [f.kind for f in screen("ring ٠٧٠١٢٣٤٥٦٧")] == ["phone"]
    assert [f.kind for f in screen("٨١١٢١٨-٩٨٧٦")] == ["personal_number"]


def test_validator_message_is_swedish_and_specific():
    with pytest.raises(ValidationError) as excinfo:
        validate_no_personal_data("Ring 070-123 45 67 eller mejla a@b.se")
    messages = excinfo.value.messages
    assert "Texten innehåller ett telefonnummer." in messages
    assert "Texten innehåller en e-postadress." in messages
    assert any("inte personer" in m for m in messages)


# Numbers in disguise: separators, invisible characters, other spellings.
@pytest.mark.parametrize(
    "text",
    [
        "811218\u20139876",  # en dash
        "811218\u20149876",  # em dash
        "811218\u22129876",  # minus sign
        "811218/9876",
        "811218.9876",
        "811218_9876",
        "811218  9876",
        "811218\u200b-9876",  # zero-width space
        "8112\u00ad18-9876",  # soft hyphen
        "\uff18\uff11\uff11\uff12\uff11\uff18-9876",  # full-width digits
        "19811218 - 9876",
    ],
)
def test_disguised_personal_numbers_are_found(text):
    assert [f.kind for f in screen(text)] == ["personal_number"]


@pytest.mark.parametrize("text", ["070/123 45 67", "070.123.45.67", "46701234567", "070\u2013123\u200b45 67"])
def test_disguised_phone_numbers_are_found(text):
    assert [f.kind for f in screen(text)] == ["phone"]


@pytest.mark.parametrize("text", ["kalle\uff20example.se", "kalle(at)example.se", "kalle [at] example [dot] se"])
def test_disguised_email_is_found(text):
    assert [f.kind for f in screen(text)] == ["email"]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Kalle Andersson, 15 år, sålde hasch", ["Kalle Andersson"]),
        ("Pratade med Sara vid torget", ["Sara"]),
        ("Hans, 15 år, var där", ["Hans"]),
        ("Bråk med familjen Svensson", ["Svensson"]),
    ],
)
def test_likely_names(text, names):
    from privacy.screening import likely_names

    assert likely_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Per timme kom fem ungdomar till Stortorget",
        "Hans cykel stod vid Resecentrum",
        "Lugnt vid Thomasskolan och Visholmen",
        "Nattvandring fredag 21-01 vid resecentrum, 4 vuxna, 25 ungdomar",
    ],
)
def test_places_and_everyday_words_are_not_names(text):
    from privacy.screening import likely_names

    assert likely_names(text) == []


def test_text_that_normalising_leaves_alone_is_left_alone_without_the_work():
    """The shortcut in normalise agrees with the full normalisation (forced by a zero-width space, which
    it removes) for every character it lets through, and for random texts of them."""
    import random

    from privacy.screening import _UNCHANGED, normalise

    plain = [chr(c) for c in range(0x250) if _UNCHANGED.fullmatch(chr(c))]
    assert "å" in plain and "\u00ad" not in plain and "ª" not in plain and "\u2013" not in plain
    for char in plain:
        assert normalise(char + "\u200b") == char == normalise(char)
    rng = random.Random(15)
    for _ in range(2000):
        text = "".join(rng.choices(plain, k=rng.randint(1, 40)))
        assert normalise(text + "\u200b") == text == normalise(text)
