from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality, Organisation
from privacy.forms import NameCheckMixin
from trygg.bounds import bounded_formfield
from trygg.forms import DateInput, ModelForm, PeriodFilterForm

from .models import (
    Activity,
    FocusArea,
    FollowUp,
    Indicator,
    IndicatorValue,
    Promise,
    PromiseSet,
    PromiseStatus,
    Signatory,
)


class PromiseSetScopedForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    """A form whose choices are limited to one promise set."""

    def __init__(self, *args, promise_set: PromiseSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise_set = promise_set


class PromiseSetForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    """A promise set: created, edited and signed by a coordinator in the app."""

    class Meta:
        formfield_callback = bounded_formfield
        model = PromiseSet
        fields = ["title", "slug", "introduction", "period_start", "period_end", "parties", "signed_on"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "signed_on": DateInput(),
            "parties": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": _("Del av den publika adressen, t.ex. 2026-2027. Små bokstäver, siffror och bindestreck."),
            "signed_on": _("Dagen då parterna undertecknade. Lämna tomt tills det är gjort."),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        # The municipality itself, the police area serving it and the other organisations working there.
        self.fields["parties"].queryset = Organisation.objects.filter(municipalities=municipality).order_by("name")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        others = PromiseSet.objects.filter(municipality=self.instance.municipality, slug=slug).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(_("Kommunen har redan medborgarlöften med det kortnamnet."))
        return slug

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError(_("Undertecknandet kan inte ligga i framtiden."))
        return signed_on


class SignatoryForm(VersionedFormMixin, ModelForm):
    """Who signs for a party: officials who sign a public document by name (so no name check here)."""

    class Meta:
        formfield_callback = bounded_formfield
        model = Signatory
        fields = ["name", "title", "organisation", "order"]

    def __init__(self, *args, promise_set: PromiseSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise_set = promise_set
        self.instance.promise_set = promise_set
        self.fields["organisation"].queryset = promise_set.parties.all()
        self.fields["organisation"].empty_label = _("Välj part")


class FocusAreaForm(PromiseSetScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = FocusArea
        fields = ["title", "description", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.promise_set = self.promise_set


class PromiseForm(PromiseSetScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Promise
        fields = ["focus_area", "text", "promisor", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.promise_set.focus_areas.all()


class ActivityForm(PromiseSetScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Activity
        fields = ["promise", "title", "description", "activity_type", "responsible", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = Promise.objects.filter(focus_area__promise_set=self.promise_set)
        # The parties, or any organisation working in the municipality (a school, an association).
        self.fields["responsible"].queryset = Organisation.objects.filter(
            Q(promise_sets=self.promise_set) | Q(municipalities=self.promise_set.municipality_id)
        ).distinct()


class IndicatorForm(PromiseSetScopedForm):
    def clean_aggregation(self):
        return self.cleaned_data.get("aggregation") or Indicator.Aggregation.SUM

    class Meta:
        formfield_callback = bounded_formfield
        model = Indicator
        fields = [
            "activity",
            "name",
            "kind",
            "unit",
            "baseline",
            "target",
            "period_start",
            "period_end",
            "source",
            "aggregation",
            "counts_own_work",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(promise__focus_area__promise_set=self.promise_set)
        self.fields["aggregation"].required = False
        if not self.instance.pk:
            self.initial.setdefault("period_start", self.promise_set.period_start)
            self.initial.setdefault("period_end", self.promise_set.period_end)


class FollowUpForm(NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = FollowUp
        fields = ["title", "period_start", "period_end", "summary"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, promise_set: PromiseSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.promise_set = promise_set
        if not self.instance.pk:
            self.initial.setdefault("period_start", promise_set.period_start)
            self.initial.setdefault("period_end", promise_set.period_end)


class PromiseStatusForm(NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = PromiseStatus
        fields = ["status", "narrative"]


PromiseStatusFormSet = forms.modelformset_factory(
    PromiseStatus,
    form=PromiseStatusForm,
    edit_only=True,  # a posted TOTAL_FORMS one too high must not create a status without a follow-up
    fields=["status", "narrative"],
    widgets={"narrative": forms.Textarea(attrs={"rows": 2})},
    extra=0,
)


class IndicatorValueForm(NameCheckMixin, ModelForm):
    """A value entered by hand: a survey result or a figure from another authority, with its source."""

    class Meta:
        formfield_callback = bounded_formfield
        model = IndicatorValue
        fields = ["measured_on", "value", "source", "note"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise forms.ValidationError(_("Mätdatumet kan inte ligga i framtiden."))
        return measured_on


class AuditFilterForm(PeriodFilterForm):
    """Filters of the change log: all optional, bad values are field errors and filter nothing."""

    vem = forms.ModelChoiceField(queryset=None, required=False, label=_("Vem"), empty_label=_("Alla"))
    typ = forms.ChoiceField(required=False, label=_("Typ av objekt"))
    objekt = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    period_field = "at"
    field_order = ["vem", "typ"]

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.history import object_types
        from accounts.models import User

        self.fields["vem"].queryset = User.objects.filter(pk__in=entries.order_by().values("user")).order_by("username")
        self.fields["typ"].choices = [("", _("Alla"))] + object_types(entries)

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("vem"):
            entries = entries.filter(user=data["vem"])
        if data.get("typ"):
            entries = entries.filter(object_type=data["typ"])
            if data.get("objekt"):
                entries = entries.filter(object_id=data["objekt"])
        return self.filter_period(entries)
