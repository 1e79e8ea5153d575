from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from cameras.models import CameraSite
from incidents.models import IncidentCategory
from places.models import District, Place
from places.selectors import active_places
from privacy.forms import NameCheckMixin
from programme.models import Activity
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, ModelForm
from trygg.geojson import GeoJSONFormField

from .models import Evaluation, IncidentIndicator


class CategoryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: IncidentCategory) -> str:
        return str(obj)


class EvaluationForm(NameCheckMixin, ModelForm):
    categories = CategoryChoices(
        queryset=IncidentCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Händelsekategorier"),
        help_text=Evaluation._meta.get_field("categories").help_text,
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = Evaluation
        fields = [
            "title",
            "activity",
            "camera_site",
            "target_place",
            "use_place_area",
            "target_radius_m",
            "target_area",
            "buffer_m",
            "control_districts",
            "control_area",
            "categories",
            "starts_on",
            "before_days",
            "after_days",
        ]
        widgets = {
            "starts_on": DateInput(),
            "control_districts": forms.CheckboxSelectMultiple,
            "target_area": forms.Textarea(attrs={"rows": 2, "data-draw": "target"}),
            "control_area": forms.Textarea(attrs={"rows": 2, "data-draw": "control"}),
        }
        field_classes = {"target_area": GeoJSONFormField, "control_area": GeoJSONFormField}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["activity"].queryset = Activity.objects.filter(
            promise__focus_area__promise_set__municipality=municipality
        ).order_by("-promise__focus_area__promise_set__period_start", "title")
        self.fields["camera_site"].queryset = CameraSite.objects.filter(municipality=municipality)
        self.fields["target_place"].queryset = active_places(municipality).order_by(
            "name"
        )
        self.fields["control_districts"].queryset = District.objects.filter(municipality=municipality)
        self.fields["categories"].queryset = IncidentCategory.objects.filter(active=True).select_related("parent")
        self.fields["target_area"].required = self.fields["control_area"].required = False
        self.fields["target_area"].widget.attrs["data-map-label"] = _("Karta: klicka för att rita målområdet")
        self.fields["control_area"].widget.attrs["data-map-label"] = _("Karta: klicka för att rita jämförelseområdet")
        for name, label in (("activity", _("Ingen")), ("camera_site", _("Ingen")), ("target_place", _("Välj plats"))):
            self.fields[name].empty_label = label

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("control_districts")
            and cleaned.get("control_area") is None
            and not self.has_error("control_area")
        ):
            self.add_error("control_districts", _("Välj kommundelar eller rita ett jämförelseområde."))
        return cleaned


class IncidentIndicatorForm(ModelForm):
    """Count reviewed incidents for an outcome indicator: which categories, where."""

    class Meta:
        formfield_callback = bounded_formfield
        model = IncidentIndicator
        fields = ["categories", "places", "radius_m", "districts"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "places": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.indicator.municipality
        self.fields["categories"].queryset = IncidentCategory.objects.filter(active=True).select_related("parent")
        self.fields["places"].queryset = Place.objects.filter(municipality=municipality).select_related("district")
        self.fields["districts"].queryset = District.objects.filter(municipality=municipality)
