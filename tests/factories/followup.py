"""The layers above the evidence: the weekly lägesbild, strategy, safety walks and action items."""

import datetime

import factory
from django.utils import timezone

from actions.models import ActionItem, FocusDecision
from safetywalks.models import Finding, SafetyWalk
from situation.models import SituationReport
from strategy.models import ActionPlan, Assessment, Measure, Problem

from .accounts import KommunFactory, StrangnasFactory, same_municipality
from .places import LATITUDE, LONGITUDE
from .relations import many


def _days_ahead(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=days))


class SituationReportFactory(factory.django.DjangoModelFactory):
    """A draft, unbuilt weekly lägesbild (version 1); weeks of 2025 onwards, one after the other."""

    class Meta:
        model = SituationReport

    municipality = factory.SubFactory(StrangnasFactory)
    year = factory.Sequence(lambda n: 2025 + n // 52)
    week = factory.Sequence(lambda n: n % 52 + 1)
    figures = factory.LazyFunction(dict)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Strategisk lägesbild 2024"
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)


class ProblemFactory(factory.django.DjangoModelFactory):
    """`places=[...]` and `districts=[...]` set where it is."""

    class Meta:
        model = Problem
        skip_postgeneration_save = True

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Skadegörelse vid Resecentrum"
    what = "Klotter och glaskross på kvällar."

    places = many("places")
    districts = many("districts")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Åtgärdsplan 2025"
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A planned measure from March 2025, owned by the plan's municipality. `problems=[...]` sets what it meets."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    title = "Bättre belysning vid Resecentrum"
    owner = factory.SubFactory(KommunFactory, municipality=factory.SelfAttribute("..plan.municipality"))
    starts_on = datetime.date(2025, 3, 1)

    problems = many("problems")


class SafetyWalkFactory(factory.django.DjangoModelFactory):
    """An unpublished safety walk whose first meeting was on 10 September 2024."""

    class Meta:
        model = SafetyWalk
        skip_postgeneration_save = True

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Trygghetsvandring i centrum"
    meeting_on = datetime.date(2024, 9, 10)

    organisations = many("organisations")


class FindingFactory(factory.django.DjangoModelFactory):
    """An open finding without an owner, at its place's coordinates or, without a place, at Stortorget."""

    class Meta:
        model = Finding

    walk = factory.SubFactory(SafetyWalkFactory)
    description = "Trasig belysning i gångtunneln."
    place = None
    latitude = factory.LazyAttribute(lambda o: o.place.latitude if o.place else LATITUDE)
    longitude = factory.LazyAttribute(lambda o: o.place.longitude if o.place else LONGITUDE)


class ActionItemFactory(factory.django.DjangoModelFactory):
    """An open action item of the municipality's own organisation, due in two weeks."""

    class Meta:
        model = ActionItem

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Byt lampor i gångtunneln"
    owner = same_municipality(KommunFactory)
    due_on = _days_ahead(14)


class FocusDecisionFactory(factory.django.DjangoModelFactory):
    """A decision of the weekly meeting, owned by the report's municipality, due in a week."""

    class Meta:
        model = FocusDecision

    report = factory.SubFactory(SituationReportFactory)
    action = "Extra nattvandring vid Resecentrum"
    owner = factory.SubFactory(KommunFactory, municipality=factory.SelfAttribute("..report.municipality"))
    due_date = _days_ahead(7)
