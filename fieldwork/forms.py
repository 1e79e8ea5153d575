import datetime

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality, Organisation, User
from places.models import Place
from places.selectors import places_for
from privacy.forms import NameCheckMixin
from trygg.bounds import BoundedDateField, bounded_formfield
from trygg.forms import DateInput, DateTimeInput, Form, ModelForm, PeriodFilterForm, TimeInput
from trygg.geojson import GeoJSONFormField

from .models import (
    WEEKDAYS,
    ActivityLog,
    CaseCollaborationQuarter,
    IndicatorBinding,
    LogType,
    PresencePlan,
)


def _rounded_now() -> datetime.datetime:
    now = timezone.localtime()
    return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)


def one_municipality(places) -> None:
    if len({place.municipality_id for place in places}) > 1:
        raise forms.ValidationError(_("Alla platser måste ligga i samma kommun."))


def from_occurrence(occurrence) -> dict:
    """A planned shift as the log form's starting values: "Logga detta pass" needs only the counts."""
    plan = occurrence.plan
    return {
        "plan": plan,
        "log_type": plan.log_type,
        "started_at": timezone.localtime(occurrence.start).replace(tzinfo=None),
        "ended_at": timezone.localtime(occurrence.end).replace(tzinfo=None),
        "places": list(plan.places.all()),
        "staff_count": plan.planned_staff,
    }


def default_log_type(user: User) -> str | None:
    """The organisation's usual kind of shift: the type of most of its logs, else of most of its plans."""
    for model in (ActivityLog, PresencePlan):
        usual = (
            model.objects.filter(organisation=user.organisation_id)
            .values("log_type")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if usual:
            return usual["log_type"]
    return None


class ActivityLogForm(NameCheckMixin, ModelForm):
    """The phone form: defaults make a typical night walk a matter of a few taps."""

    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Platser")
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = ActivityLog
        fields = [
            "log_type",
            "plan",
            "started_at",
            "ended_at",
            "places",
            "staff_count",
            "youth_contacts",
            "citizen_contacts",
            "lecture_topic",
            "audience_size",
            "observations",
        ]
        widgets = {
            "log_type": forms.RadioSelect,
            "started_at": DateTimeInput(),
            "ended_at": DateTimeInput(),
            "observations": forms.Textarea(attrs={"rows": 3}),
            "staff_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "youth_contacts": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "citizen_contacts": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "audience_size": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, user: User, occurrence=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The user's own municipality first, then by district.
        self.fields["places"].queryset = (
            places_for(user).filter(active=True).order_by("municipality__name", "district__name", "name")
        )
        self.fields["log_type"].choices = LogType.choices
        # Current plans first; a shift may be logged afterwards, so past plans stay selectable.
        self.fields["plan"].queryset = PresencePlan.objects.filter(
            municipality__in=self.fields["places"].queryset.values("municipality")
        ).order_by("-valid_to", "title")
        self.fields["plan"].required = False
        self.fields["plan"].empty_label = _("Inget planerat pass")
        if not self.is_bound and occurrence is not None:
            self.initial.update(from_occurrence(occurrence))
        if not self.is_bound:
            end = _rounded_now()
            self.initial.setdefault("ended_at", end)
            self.initial.setdefault("started_at", end - datetime.timedelta(hours=2))
            self.initial.setdefault("log_type", default_log_type(user))

    def clean_places(self):
        places = self.cleaned_data["places"]
        one_municipality(places)
        return places

    def clean(self):
        cleaned = super().clean()
        plan, started_at = cleaned.get("plan"), cleaned.get("started_at")
        if plan and started_at:
            if not plan.valid_from <= timezone.localdate(started_at) <= plan.valid_to:
                self.add_error("plan", _("Passet ligger utanför planens giltighetstid."))
            if plan.log_type != cleaned.get("log_type"):
                self.add_error("plan", _("Planen gäller en annan typ av pass."))
        return cleaned


class PlaceForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Place
        fields = ["name", "kind", "district", "latitude", "longitude", "area", "active"]
        widgets = {"area": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"area": GeoJSONFormField}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["area"].required = False


class PresencePlanForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label=_("Veckodagar")
    )
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Platser")
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = PresencePlan
        fields = [
            "title",
            "activity",
            "organisation",
            "log_type",
            "weekdays",
            "interval_weeks",
            "start_time",
            "end_time",
            "valid_from",
            "valid_to",
            "places",
            "planned_staff",
        ]
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        from programme.selectors import activities_for

        self.fields["activity"].queryset = activities_for(user).select_related("promise")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipalities__in=places_for(user).values("municipality")
        ).distinct()
        self.fields["places"].queryset = places_for(user).filter(active=True)

    def clean(self):
        cleaned = super().clean()
        activity, places = cleaned.get("activity"), cleaned.get("places") or []
        one_municipality(places)
        if activity and places and places[0].municipality_id != activity.municipality.pk:
            self.add_error("places", _("Platserna ligger i en annan kommun än aktiviteten."))
        if activity:
            self.instance.municipality = activity.municipality
        return cleaned


class IndicatorBindingForm(ModelForm):
    log_types = forms.MultipleChoiceField(
        choices=LogType.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Typer av pass")
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = IndicatorBinding
        fields = ["measure", "log_types", "places"]
        widgets = {"places": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.indicator.municipality
        self.fields["places"].queryset = Place.objects.filter(municipality=municipality).select_related("district")


class DefectorCountForm(Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Kommun"))
    month = BoundedDateField(
        label=_("Månad"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Till exempel 2025-06."),
    )
    people_supported = forms.IntegerField(label=_("Personer som fått stöd under månaden"), min_value=0, max_value=10000)
    new_contacts = forms.IntegerField(label=_("Nya kontakter under månaden"), min_value=0, max_value=10000, initial=0)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.initial["municipality"] = municipalities.get()

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month > timezone.localdate():
            raise forms.ValidationError(_("Månaden kan inte ligga i framtiden."))
        return month


class LogFilterForm(PeriodFilterForm):
    """Filters of the log list; all optional, bad values are field errors and filter nothing."""

    typ = forms.ChoiceField(required=False, label=_("Typ"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Organisation"), empty_label=_("Alla")
    )
    mina = forms.BooleanField(required=False, label=_("Bara mina pass"))
    period_field = "started_at"
    field_order = ["typ", "organisation", "fran", "till"]

    def __init__(self, *args, logs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [("", _("Alla"))] + list(LogType.choices)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=logs.order_by().values("organisation")
        ).order_by("name")

    def filter(self, logs, user: User):
        data = self.cleaned_data
        if data.get("typ"):
            logs = logs.filter(log_type=data["typ"])
        if data.get("organisation"):
            logs = logs.filter(organisation=data["organisation"])
        if data.get("mina"):
            logs = logs.filter(reported_by=user)
        return self.filter_period(logs)


class CaseCollaborationForm(Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Kommun"))
    kind = forms.ChoiceField(choices=CaseCollaborationQuarter.Kind.choices, label=_("Samverkan"))
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2999)
    quarter = forms.TypedChoiceField(choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int, label=_("Kvartal"))
    active_cases = forms.IntegerField(label=_("Pågående ärenden under kvartalet"), min_value=0, max_value=10000)
    new_cases = forms.IntegerField(label=_("Nya ärenden"), min_value=0, max_value=10000, initial=0)
    meetings = forms.IntegerField(label=_("Möten"), min_value=0, max_value=100000, initial=0)
    closed_as_planned = forms.IntegerField(label=_("Avslutade enligt plan"), min_value=0, max_value=10000, initial=0)
    closed_otherwise = forms.IntegerField(label=_("Avslutade på annat sätt"), min_value=0, max_value=10000, initial=0)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.initial["municipality"] = municipalities.get()
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        today = timezone.localdate()
        if year and quarter and (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
            self.add_error("quarter", _("Kvartalet kan inte ligga i framtiden."))
        closed = (cleaned.get("closed_as_planned") or 0) + (cleaned.get("closed_otherwise") or 0)
        if cleaned.get("active_cases") is not None and closed > cleaned["active_cases"]:
            self.add_error("closed_otherwise", _("Fler avslutade än pågående ärenden under kvartalet."))
        return cleaned
