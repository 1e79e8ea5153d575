from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from dialogue.forms import ScopedForm
from places.models import District
from strategy.models import Measure, Problem
from trygg.bounds import bounded_formfield
from trygg.calendar import period_errors
from trygg.forms import DateInput

from .models import Finding, SafetyWalk


class SafetyWalkForm(ScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = SafetyWalk
        fields = [
            "title",
            "district",
            "meeting_on",
            "walked_on",
            "follow_up_on",
            "participants",
            "organisations",
            "summary",
            "published",
        ]
        widgets = {
            "meeting_on": DateInput(),
            "walked_on": DateInput(),
            "follow_up_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality
        self.fields["district"].queryset = District.objects.filter(municipality=self.municipality)
        self.fields["organisations"].queryset = Organisation.objects.filter(municipalities=self.municipality).order_by(
            "name"
        )

    def clean(self):
        cleaned = super().clean()
        meeting, walked, follow_up = (cleaned.get(k) for k in ("meeting_on", "walked_on", "follow_up_on"))
        before_meeting = _("Vandringen kan inte ligga före det inledande mötet.")
        if errors := period_errors(meeting, walked, field="walked_on", message=before_meeting):
            self.add_error(None, errors)
        before_walk = _("Uppföljningsmötet kan inte ligga före vandringen.")
        if errors := period_errors(walked, follow_up, field="follow_up_on", message=before_walk):
            self.add_error(None, errors)
        return cleaned


class FindingForm(ScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Finding
        fields = [
            "description",
            "place",
            "latitude",
            "longitude",
            "owner",
            "due_on",
            "status",
            "public_answer",
            "problem",
            "measure",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "public_answer": forms.Textarea(attrs={"rows": 3}),
            "due_on": DateInput(),
            "latitude": forms.HiddenInput(),
            "longitude": forms.HiddenInput(),
        }

    def __init__(self, *args, walk: SafetyWalk, **kwargs):
        super().__init__(*args, municipality=walk.municipality, **kwargs)
        self.instance.walk = walk
        self.fields["latitude"].required = self.fields["longitude"].required = False
        self.fields["owner"].queryset = Organisation.objects.filter(municipalities=walk.municipality).order_by("name")
        self.fields["owner"].empty_label = _("Ingen ännu")
        self.fields["problem"].queryset = Problem.objects.filter(municipality=walk.municipality)
        self.fields["problem"].empty_label = _("Inget")
        self.fields["measure"].queryset = Measure.objects.filter(plan__municipality=walk.municipality)
        self.fields["measure"].empty_label = _("Ingen")

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("place")
        if place:
            self.instance.latitude, self.instance.longitude = place.latitude, place.longitude
            cleaned["latitude"], cleaned["longitude"] = place.latitude, place.longitude
        elif cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            raise forms.ValidationError(_("Välj en plats i listan eller markera fyndet på kartan."))
        return cleaned
