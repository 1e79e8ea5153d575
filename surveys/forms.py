from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.forms import NameCheckMixin
from programme.models import Indicator
from trygg.forms import Form, ModelForm

from .models import Survey, SurveyResult
from .selectors import shown_results


class SurveyImportForm(NameCheckMixin, ModelForm):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))

    class Meta:
        model = Survey
        fields = ["name", "source"]


class IndicatorValueFromSurveyForm(Form):
    result = forms.ModelChoiceField(queryset=SurveyResult.objects.none(), label=_("Resultat"))
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label=_("Indikator"))

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        # Only results shown publicly can become an indicator's value: the follow-up is public.
        self.fields["result"].queryset = shown_results(survey)
        self.fields["result"].label_from_instance = (
            lambda r: f"{r.question} – {r.option}, {r.area} {r.year}: {r.share} %"
        )
        self.fields["indicator"].queryset = Indicator.objects.filter(
            activity__promise__focus_area__promise_set__municipality=survey.municipality, kind=Indicator.Kind.OUTCOME
        )
        self.fields["result"].empty_label = _("Välj resultat")
        self.fields["indicator"].empty_label = _("Välj indikator")
