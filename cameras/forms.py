from django import forms

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality
from places.models import Place
from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, ModelForm

from .models import CameraSite


class CameraSiteForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = CameraSite
        fields = [
            "name",
            "place",
            "purpose",
            "area",
            "interest_balancing",
            "started_on",
            "ended_on",
            "recording_retention_days",
        ]
        widgets = {"started_on": DateInput(), "ended_on": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["place"].queryset = Place.objects.filter(municipality=municipality)
