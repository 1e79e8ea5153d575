from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from places.selectors import active_places
from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.forms import DateTimeInput, Form, ModelForm, PeriodFilterForm
from trygg.images import reencode

from . import tabular
from .models import Incident, IncidentCategory

PHOTO_MAX_BYTES = 15 * 1024 * 1024  # a phone's full-size photo
PHOTO_BOX = (1600, 1600)  # enough to see the damage, small enough to keep


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: IncidentCategory) -> str:
        return str(obj)


def category_field(**kwargs) -> CategoryChoiceField:
    """Subcategories grouped under their main category, for a select with optgroups."""
    return CategoryChoiceField(
        queryset=IncidentCategory.objects.filter(active=True)
        .select_related("parent")
        .order_by("parent__order", "order"),
        label=_("Kategori"),
        **kwargs,
    )


class IncidentReportForm(NameCheckMixin, ModelForm):
    """A partner's report from a phone: what, when, where."""

    category = category_field()

    class Meta:
        formfield_callback = bounded_formfield
        model = Incident
        fields = ["category", "occurred_at", "occurred_until", "place", "latitude", "longitude", "description"]
        widgets = {
            "occurred_at": DateTimeInput(),
            "occurred_until": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.HiddenInput(),
            "longitude": forms.HiddenInput(),
        }

    photo = forms.FileField(
        required=False,
        label=_("Foto av platsen eller skadan (frivilligt)"),
        help_text=_(
            "Fotografera skadan eller platsen, aldrig människor. Fotot ses bara av den som granskar rapporten "
            "och publiceras aldrig; platsuppgifter och annan information i filen tas bort."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["place"].queryset = active_places(municipality).order_by("name")
        self.fields["place"].empty_label = _("Ingen namngiven plats – jag markerar på kartan")
        self.fields["latitude"].required = self.fields["longitude"].required = False
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return reencode(upload, max_bytes=PHOTO_MAX_BYTES, box=PHOTO_BOX, fmt="JPEG") if upload else None

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("place")
        if place:
            cleaned["latitude"], cleaned["longitude"] = place.latitude, place.longitude
            self.instance.latitude, self.instance.longitude = place.latitude, place.longitude
        elif cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            raise forms.ValidationError(_("Välj en plats i listan eller markera platsen på kartan."))
        # A point outside the municipality is refused by the model (Incident.check_point), as on every intake.
        if cleaned.get("occurred_at") and cleaned["occurred_at"] > timezone.now():
            self.add_error("occurred_at", _("Händelsen kan inte ligga i framtiden."))
        return cleaned


class ReviewForm(NameCheckMixin, Form):
    status = forms.ChoiceField(
        choices=[(Incident.Status.REVIEWED, _("Godkänn")), (Incident.Status.REJECTED, _("Avvisa"))]
    )
    category = category_field(required=False)
    answer = forms.CharField(
        label=_("Svar till den som rapporterade"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=Incident._meta.get_field("public_answer").validators,
        help_text=Incident._meta.get_field("public_answer").help_text,
    )


class BulkReviewForm(Form):
    """Approve or reject several reports at once, each keeping its category. At most a page (100)."""

    status = ReviewForm.base_fields["status"]
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Markera minst en rapport.")}
    )

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in queue.values_list("pk", flat=True)[:100]]


class ImportForm(Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara CSV eller XLSX."))
        if upload.size > tabular.FILE_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return upload


class PoliceEventFilterForm(PeriodFilterForm):
    typ = forms.ChoiceField(required=False, label=_("Händelsetyp"))
    period_field = "occurred_at"
    field_order = ["typ"]

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        types = events.order_by("event_type").values_list("event_type", flat=True).distinct()
        self.fields["typ"].choices = [("", _("Alla"))] + [(t, t) for t in types]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("typ"):
            events = events.filter(event_type=data["typ"])
        return self.filter_period(events)


class IncidentMapFilterForm(PeriodFilterForm):
    """The staff incident map: a main category (its subcategories included) and a period."""

    kategori = forms.ModelChoiceField(
        queryset=IncidentCategory.objects.filter(parent__isnull=True, active=True),
        required=False,
        label=_("Kategori"),
        empty_label=_("Alla kategorier"),
    )
    period_field = "occurred_at"
    field_order = ["kategori"]

    def filter(self, incidents):
        if main := self.cleaned_data.get("kategori"):
            incidents = incidents.filter(Q(category=main) | Q(category__parent=main))
        return self.filter_period(incidents)
