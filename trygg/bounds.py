"""Bounds every date, time and number a user can send: one definition for forms, imports and APIs.

At the calendar's ends (year 1, 9999) time-zone arithmetic overflows, and nothing Trygg records lies
outside 1900–2999, so such input is refused with a message instead of failing later with a 500.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
OUT_OF_RANGE = _("Ange ett datum mellan år 1900 och 2999.")


def year_in_range(value: datetime.date | datetime.datetime) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


class BoundedDateTimeField(forms.DateTimeField):
    def to_python(self, value):
        try:
            result = super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range") from None
        if result is not None and not year_in_range(result):
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return result


class BoundedDateField(forms.DateField):
    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and not year_in_range(result):
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return result


def bounded_formfield(db_field, **kwargs):
    """formfield_callback for ModelForms: every date and datetime field is bounded."""
    from django.db import models

    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", BoundedDateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", BoundedDateField)
    return db_field.formfield(**kwargs)
