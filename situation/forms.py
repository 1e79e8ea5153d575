from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.calendar import parse_iso_week
from trygg.forms import Form, ModelForm

from .models import SituationReport


class WeekForm(Form):
    week = forms.RegexField(
        regex=r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$",
        label=_("Vecka"),
        # A week picker where the browser has one (Chromium, Edge); elsewhere a text field in the same format.
        widget=forms.TextInput(attrs={"type": "week", "placeholder": "2025-W23"}),
        help_text=_("Välj veckan, eller skriv den som 2025-W23."),
        error_messages={"invalid": _("Skriv veckan som 2025-W23.")},
    )

    def clean_week(self):
        week = self.cleaned_data["week"]
        try:
            monday = parse_iso_week(week)
        except ValueError:
            raise forms.ValidationError(_("Veckan finns inte.")) from None
        if monday > timezone.localdate():
            raise forms.ValidationError(_("Veckan har inte börjat än. Välj en vecka som har börjat."))
        return week


class AnalysisForm(NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = SituationReport
        fields = ["analysis"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 6})}
