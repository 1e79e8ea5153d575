from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality
from places.selectors import active_places
from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, ModelForm

from .models import Dialogue


class ScopedForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if "place" in self.fields:
            self.fields["place"].queryset = active_places(municipality).order_by(
                "name"
            )
            self.fields["place"].empty_label = _("Ingen namngiven plats")


class DialogueForm(ScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Dialogue
        fields = ["kind", "title", "held_on", "method", "place", "participants", "themes"]
        widgets = {"held_on": DateInput(), "themes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality
