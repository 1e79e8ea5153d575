from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality
from places.selectors import active_places
from privacy.forms import NameCheckMixin
from situation.models import SituationReport
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, Form, ModelForm

from . import selectors
from .models import ActionItem, FocusDecision


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.get_full_name() or user.get_username()} ({user.organisation})"


class ItemForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    """What, who and by when: set by a coordinator."""

    class Meta:
        formfield_callback = bounded_formfield
        model = ActionItem
        fields = ["title", "owner", "assignee", "due_on"]
        field_classes = {"assignee": AssigneeChoiceField}
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["owner"].queryset = selectors.organisations_in(municipality)
        self.fields["assignee"].queryset = selectors.assignable(municipality)


class StatusForm(NameCheckMixin, ModelForm):
    """What became of it: set by its person, its organisation or a coordinator."""

    class Meta:
        formfield_callback = bounded_formfield
        model = ActionItem
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ListFilter(Form):
    SCOPES = [("mina", _("Mina")), ("organisation", _("Min organisation")), ("alla", _("Alla"))]
    STATES = [
        ("oppna", _("Öppna")),
        ("forsenade", _("Försenade")),
        ("stangda", _("Klara eller strukna")),
        ("alla", _("Alla")),
    ]

    visa = forms.ChoiceField(label=_("Visa"), choices=SCOPES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)


class DecisionForm(NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = FocusDecision
        fields = ["place", "action", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, report: SituationReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.report = report
        self.fields["place"].queryset = active_places(report.municipality)
        self.fields["owner"].queryset = selectors.organisations_in(report.municipality)
        self.fields["assignee"] = AssigneeChoiceField(
            queryset=selectors.assignable(report.municipality),
            required=False,
            label=_("ansvarig person"),
            help_text=_("Valfritt. Får e-post om beslutet och en påminnelse före datumet."),
        )

    def clean(self):
        cleaned = super().clean()
        assignee, owner = cleaned.get("assignee"), cleaned.get("owner")
        if assignee and owner and assignee.organisation_id != owner.pk:
            self.add_error("assignee", _("Den ansvariga personen måste höra till den ansvariga organisationen."))
        return cleaned
