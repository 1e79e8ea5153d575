import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from incidents.models import IncidentCategory
from trygg.calendar import parse_iso_week
from trygg.forms import Form

from . import selectors

NIGHT_WALK_MINIMUM = 2


def next_monday(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=7 - today.weekday())


class GapForm(Form):
    """The week to plan and how the analysis looks back."""

    vecka = forms.CharField(
        label=_("Vecka att planera"),
        max_length=8,
        help_text=_("ÅÅÅÅ-Vnn, t.ex. 2025-W23. Förslagen gäller den veckan."),
    )
    veckor = forms.IntegerField(
        label=_("Veckor bakåt för förväntade händelser"),
        min_value=selectors.HISTORY_BOUNDS[0],
        max_value=selectors.HISTORY_BOUNDS[1],
        initial=selectors.HISTORY_WEEKS,
    )
    tackning = forms.IntegerField(
        label=_("Veckor bakåt för täckningen"),
        min_value=selectors.COVERAGE_BOUNDS[0],
        max_value=selectors.COVERAGE_BOUNDS[1],
        initial=selectors.COVERAGE_WEEKS,
    )
    radie = forms.IntegerField(
        label=_("Avstånd till platsen (meter)"),
        min_value=selectors.RADIUS_BOUNDS[0],
        max_value=selectors.RADIUS_BOUNDS[1],
        initial=selectors.RADIUS_M,
    )
    kategorier = forms.MultipleChoiceField(
        label=_("Händelsekategorier"), widget=forms.CheckboxSelectMultiple, initial=list(selectors.DEFAULT_CATEGORIES)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mains = IncidentCategory.objects.filter(parent=None, active=True).order_by("order", "name")
        self.fields["kategorier"].choices = [(c.code, c.name) for c in mains]

    def clean_vecka(self) -> datetime.date:
        try:
            return parse_iso_week(self.cleaned_data["vecka"].strip())
        except ValueError:
            raise forms.ValidationError(_("Ange veckan som ÅÅÅÅ-Vnn, t.ex. 2025-W23.")) from None


class CapacityForm(Form):
    """What one organisation can put out in the week (it has a presence plan then)."""

    personer = forms.IntegerField(label=_("Personer tillgängliga"), min_value=0, max_value=200, initial=4)
    per_pass = forms.IntegerField(label=_("Minst per pass"), min_value=1, max_value=20, initial=2)
    per_kvall = forms.IntegerField(label=_("Högst pass per kväll"), min_value=0, max_value=12, initial=1)
    undviker = forms.MultipleChoiceField(label=_("Går inte till"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation, places, night_walks: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["undviker"].choices = [(str(p.pk), p.name) for p in places]
        if night_walks:  # a night walk is never done alone
            self.fields["per_pass"].min_value = NIGHT_WALK_MINIMUM
            self.fields["per_pass"].validators.append(MinValueValidator(NIGHT_WALK_MINIMUM))
            self.fields["per_pass"].widget.attrs["min"] = NIGHT_WALK_MINIMUM
            self.fields["per_pass"].help_text = _("Nattvandrare går minst två och två.")

    def capacity(self) -> selectors.Capacity:
        data = self.cleaned_data
        return selectors.Capacity(
            self.organisation,
            people=data["personer"],
            per_shift=data["per_pass"],
            per_evening=data["per_kvall"],
            avoided_places=frozenset(int(pk) for pk in data["undviker"]),
        )
