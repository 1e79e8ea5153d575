"""Reads of the strategic spine, scoped to the user's municipalities, and the chain from a promise or a
problem to everything linked to it."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for
from evaluation.models import Evaluation
from programme.models import Activity, Promise

from .models import ActionPlan, Assessment, Measure, Problem


def assessments_for(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(municipality__in=municipalities_for(user)).select_related(
        "municipality", "approved_by"
    )


def problems_for(user: User) -> QuerySet[Problem]:
    return Problem.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def plans_for(user: User) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def measures_for(user: User) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__municipality__in=municipalities_for(user)).select_related(
        "plan__municipality", "owner", "responsible"
    )


def _activities(queryset) -> QuerySet[Activity]:
    return queryset.select_related("responsible", "promise__focus_area__promise_set").prefetch_related(
        "indicators", Prefetch("evaluations", Evaluation.objects.order_by("-starts_on"))
    )


def measure_chain(measure: Measure) -> dict:
    """A measure with its problems, the promises and activities that carry it, their indicators and evaluations."""
    return {
        "measure": measure,
        "problems": measure.problems.all(),
        "promises": measure.promises.select_related("focus_area__promise_set"),
        "activities": _activities(measure.activities.all()),
    }


def problem_chain(problem: Problem) -> list[dict]:
    """Per measure answering the problem: the measure's chain."""
    measures = problem.measures.select_related("plan", "owner").order_by("starts_on")
    return [measure_chain(measure) for measure in measures]


def promise_chain(promise: Promise) -> dict:
    """From a promise: the measures it carries, the problems they answer, and the promise's own activities
    with their indicators, logged work (via the indicators' roll-up) and evaluations."""
    measures = promise.measures.select_related("plan", "owner").prefetch_related("problems__found_in__assessment")
    return {
        "promise": promise,
        "measures": measures,
        "activities": _activities(promise.activities.all()),
    }
