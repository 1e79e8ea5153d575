"""Form defaults as Swedish public-sector forms write them, applied once at start-up (accounts.apps):
labels without a trailing colon (Django adds ":"), and "Välj …" instead of Django's "---------" as the
empty choice of a select."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

_original_init = forms.BaseForm.__init__
DASHES = BLANK_CHOICE_DASH[0][1]
CHOOSE = _("Välj …")


def _init_with_swedish_defaults(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    if str(self.label_suffix).strip() == ":":
        self.label_suffix = ""
    for field in self.fields.values():
        if getattr(field, "empty_label", None) == DASHES:
            field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", CHOOSE)] + choices[1:]


def drop_label_colons() -> None:
    if forms.BaseForm.__init__ is not _init_with_swedish_defaults:
        forms.BaseForm.__init__ = _init_with_swedish_defaults
