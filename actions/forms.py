from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality
from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, Form, ModelForm

from . import selectors
from .models import ActionItem


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
