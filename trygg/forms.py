"""Form pieces shared by the apps: the base classes every form derives from, the date widget and the
period of a list filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .bounds import BoundedDateField
from .calendar import period_errors
from .text import reject_control_characters, reject_line_breaks


class TextRules:
    """Every text field refuses control characters; a field typed on one line (any widget but a text
    area) refuses line breaks too. The field shows the error; nothing is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(field, forms.JSONField):
                continue
            field.validators.append(reject_control_characters)
            if not isinstance(field.widget, forms.Textarea):
                field.validators.append(reject_line_breaks)


class Form(TextRules, forms.Form):
    pass


class ModelForm(TextRules, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PeriodFilterForm(Form):
    """A list filter with a period, Från–Till in local days, on the date-time field named by
    ``period_field``. Subclasses add their own fields (put first with ``field_order``) and filters."""

    period_field: str

    fran = BoundedDateField(required=False, label=_("Från"), widget=DateInput())
    till = BoundedDateField(required=False, label=_("Till"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if errors := period_errors(
            data.get("fran"), data.get("till"), field="till", message=_("Till-datumet kan inte vara före Från-datumet.")
        ):
            self.add_error(None, errors)
        return data

    def filter_period(self, items):
        data = self.cleaned_data
        if data.get("fran"):
            items = items.filter(**{f"{self.period_field}__date__gte": data["fran"]})
        if data.get("till"):
            items = items.filter(**{f"{self.period_field}__date__lte": data["till"]})
        return items
