from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from incidents.forms import category_field
from incidents.models import Incident, validate_plain_address
from places.geometry import validate_point
from places.models import Place
from places.selectors import active_places
from privacy.forms import NameCheckMixin
from privacy.screening import validate_no_personal_data
from trygg.bounds import BoundedDateTimeField
from trygg.forms import Form


class CitizenReportForm(NameCheckMixin, Form):
    """A citizen tells the municipality about an unsafe place. No account needed."""

    category = category_field()
    place = forms.ModelChoiceField(queryset=Place.objects.none(), required=False, label=_("Plats"))
    address = forms.CharField(
        label=_("Adress eller platsens namn"), required=False, max_length=200, validators=[validate_no_personal_data]
    )
    latitude = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    occurred_at = BoundedDateTimeField(
        label=_("När hände det?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    description = forms.CharField(
        label=_("Beskriv platsen och vad som hänt"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_personal_data],
        help_text=_("Skriv inte namn, personnummer, telefonnummer eller e-postadresser till andra personer."),
    )
    email = forms.EmailField(
        label=_("Din e-post (frivilligt)"),
        required=False,
        validators=[validate_plain_address],
        help_text=_("Bara om du vill ha återkoppling. Adressen visas aldrig och raderas efter ett år."),
    )
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Lämna tomt"))

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["place"].queryset = active_places(municipality).order_by("name")
        self.fields["place"].empty_label = _("Välj en plats, eller markera på kartan")
        if not self.is_bound:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("Händelsen kan inte ligga i framtiden."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place") is None and cleaned.get("address"):
            cleaned["place"] = Place.objects.filter(
                municipality=self.municipality, active=True, name__iexact=cleaned["address"].strip()
            ).first()
        if cleaned.get("place") is None and (cleaned.get("latitude") is None or cleaned.get("longitude") is None):
            raise forms.ValidationError(
                _("Vi kan inte placera rapporten. Välj en plats i listan eller markera platsen på kartan.")
            )
        if cleaned.get("place") is None:
            validate_point(cleaned["latitude"], cleaned["longitude"], self.municipality.code)
        return cleaned

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def to_incident(self) -> Incident:
        data = self.cleaned_data
        description = data["description"]
        if data.get("address"):
            description = f"{description}\n({_('Adress')}: {data['address']})"
        return Incident(
            municipality=self.municipality,
            category=data["category"],
            occurred_at=data["occurred_at"],
            place=data.get("place"),
            latitude=data.get("latitude") or 0,
            longitude=data.get("longitude") or 0,
            description=description[:1000],
            contact_email=data.get("email", ""),
            source=Incident.Source.CITIZEN,
        )
