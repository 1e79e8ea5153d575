"""The calendar's shared rules: ISO weeks as URLs and people write them, and a period that ends before it
starts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trygg.calendar import (
    END_BEFORE_START,
    check_period,
    ends_before_start,
    iso_week,
    iso_week_of,
    parse_iso_week,
    period_errors,
    week_title,
)

MAY_1, MAY_2 = datetime.date(2025, 5, 1), datetime.date(2025, 5, 2)
EIGHT = datetime.datetime(2025, 5, 1, 8, 0, tzinfo=datetime.UTC)


def test_iso_week_is_the_iso_year_and_a_two_digit_week():
    assert iso_week(datetime.date(2025, 6, 4)) == iso_week_of(2025, 23) == "2025-W23"
    assert iso_week(datetime.date(2024, 12, 30)) == "2025-W01"  # a Monday in ISO year 2025
    assert iso_week(datetime.date(2021, 1, 3)) == "2020-W53"
    assert parse_iso_week(iso_week(datetime.date(2025, 6, 4))) == datetime.date(2025, 6, 2)


def test_week_title_in_swedish_and_english():
    with translation.override("sv"):
        assert week_title(2025, 23) == "Vecka 23, 2025"
    with translation.override("en"):
        assert week_title(2025, 23) == "Week 23, 2025"


@pytest.mark.parametrize(
    "start,end,strict,before",
    [
        (MAY_2, MAY_1, False, True),
        (MAY_1, MAY_1, False, False),  # a one-day period
        (MAY_1, MAY_2, False, False),
        (MAY_1, MAY_1, True, True),  # a period that must last cannot end as it starts
        (EIGHT, EIGHT + datetime.timedelta(minutes=1), True, False),
        (EIGHT, EIGHT - datetime.timedelta(minutes=1), False, True),
        (None, MAY_1, False, False),  # an open end is the field's own check
        (MAY_2, None, True, False),
    ],
)
def test_ends_before_start(start, end, strict, before):
    assert ends_before_start(start, end, strict=strict) is before


def test_period_errors_name_the_end_field_with_the_message():
    assert period_errors(MAY_2, MAY_1, field="valid_to") == {"valid_to": END_BEFORE_START}
    assert period_errors(MAY_2, MAY_1, field="till", message="Till före från.") == {"till": "Till före från."}
    assert period_errors(MAY_1, MAY_2, field="valid_to") == {}


def test_check_period_raises_on_the_end_field():
    check_period(MAY_1, MAY_1, field="ends_on")
    with pytest.raises(ValidationError) as raised:
        check_period(MAY_2, MAY_1, field="ends_on")
    assert raised.value.message_dict == {"ends_on": ["Slutdatum kan inte vara före startdatum."]}
