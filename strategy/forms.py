from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import VersionedFormMixin
from accounts.models import Municipality, Organisation, User
from dialogue.models import Dialogue
from places.models import District, Place
from privacy.forms import NameCheckMixin
from programme.models import Activity, Promise
from situation.models import SituationReport
from surveys.models import Survey
from trygg.bounds import bounded_formfield
from trygg.calendar import week_title
from trygg.forms import DateInput, ModelForm

from .models import ActionPlan, Assessment, AssessmentSection, Measure, Problem


class MunicipalityScopedForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality


class ProblemForm(MunicipalityScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Problem
        fields = [
            "title",
            "what",
            "where",
            "places",
            "districts",
            "when",
            "whom",
            "offender",
            "target",
            "place_cause",
            "handlers",
            "guardians",
            "managers",
            "evidence",
            "priority",
            "prioritised_on",
            "public_summary",
            "found_in",
            "evidence_reports",
            "evidence_dialogues",
            "evidence_surveys",
        ]
        widgets = {
            "places": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "evidence_reports": forms.CheckboxSelectMultiple,
            "evidence_dialogues": forms.CheckboxSelectMultiple,
            "evidence_surveys": forms.CheckboxSelectMultiple,
            "prioritised_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "what",
                    "where",
                    "when",
                    "whom",
                    "offender",
                    "target",
                    "place_cause",
                    "handlers",
                    "guardians",
                    "managers",
                    "evidence",
                    "public_summary",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality
        self.fields["places"].queryset = Place.objects.filter(municipality=self.municipality, active=True).order_by(
            "name"
        )
        self.fields["districts"].queryset = District.objects.filter(municipality=self.municipality)
        self.fields["found_in"].queryset = AssessmentSection.objects.filter(
            assessment__municipality=self.municipality
        ).select_related("assessment")
        self.fields["found_in"].label_from_instance = lambda s: f"{s.assessment.title}: {s.get_kind_display()}"
        self.fields["found_in"].empty_label = _("Inget avsnitt")
        # The approved weekly reports of the last year, newest first: the evidence a working group cites.
        reports = SituationReport.objects.filter(municipality=self.municipality, status=SituationReport.Status.APPROVED)
        self.fields["evidence_reports"].queryset = reports.order_by("-year", "-week")[:52]
        self.fields["evidence_reports"].label_from_instance = lambda r: week_title(r.year, r.week)
        self.fields["evidence_dialogues"].queryset = Dialogue.objects.filter(municipality=self.municipality)
        self.fields["evidence_surveys"].queryset = Survey.objects.filter(municipality=self.municipality)


class ActionPlanForm(MunicipalityScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = ActionPlan
        fields = ["title", "period_start", "period_end", "adopted_on", "adopted_by"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "adopted_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality


class MeasureForm(VersionedFormMixin, NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Measure
        fields = [
            "title",
            "description",
            "problems",
            "owner",
            "responsible",
            "starts_on",
            "ends_on",
            "hours",
            "cost",
            "status",
            "promises",
            "activities",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "problems": forms.CheckboxSelectMultiple,
            "promises": forms.CheckboxSelectMultiple,
            "activities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        municipality = plan.municipality
        self.fields["problems"].queryset = Problem.objects.filter(municipality=municipality)
        self.fields["owner"].queryset = Organisation.objects.filter(municipalities=municipality).order_by("name")
        self.fields["owner"].empty_label = _("Välj organisation")
        self.fields["responsible"].queryset = (
            User.objects.filter(organisation__municipalities=municipality, is_active=True)
            .order_by("username")
            .distinct()
        )
        self.fields["responsible"].empty_label = _("Ingen utsedd")
        sets = {"focus_area__promise_set__municipality": municipality}
        self.fields["promises"].queryset = Promise.objects.filter(**sets).select_related("focus_area__promise_set")
        self.fields["promises"].label_from_instance = lambda p: f"{p.focus_area.promise_set.title}: {p.text[:120]}"
        self.fields["activities"].queryset = Activity.objects.filter(
            promise__focus_area__promise_set__municipality=municipality
        ).select_related("promise__focus_area__promise_set")
        self.fields["activities"].label_from_instance = lambda a: f"{a.promise.focus_area.promise_set.title}: {a.title}"


class AssessmentForm(MunicipalityScopedForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Assessment
        fields = ["title", "period_start", "period_end", "summary"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality


class SectionTextForm(NameCheckMixin, ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = AssessmentSection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


SectionTextFormSet = forms.modelformset_factory(AssessmentSection, form=SectionTextForm, extra=0)
