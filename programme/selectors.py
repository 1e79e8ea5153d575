from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import Activity, FocusArea, FollowUp, Indicator, IndicatorValue, Promise, PromiseSet, Signatory


def _with_tree(queryset: QuerySet[PromiseSet]) -> QuerySet[PromiseSet]:
    """Prefetch everything a promise-set page shows, in a fixed number of queries."""
    activities = Activity.objects.select_related("responsible").prefetch_related("indicators")
    promises = Promise.objects.prefetch_related(Prefetch("activities", queryset=activities), "measures__problems")
    focus_areas = FocusArea.objects.prefetch_related(Prefetch("promises", queryset=promises))
    return queryset.select_related("municipality", "agreement").prefetch_related(
        "parties",
        "signatories__organisation",
        Prefetch("focus_areas", queryset=focus_areas),
    )


def promise_sets_for(user: User) -> QuerySet[PromiseSet]:
    return PromiseSet.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def promise_set_tree_for(user: User) -> QuerySet[PromiseSet]:
    return _with_tree(promise_sets_for(user))


def published_promise_sets() -> QuerySet[PromiseSet]:
    return (
        PromiseSet.objects.filter(published=True)
        .select_related("municipality")
        .order_by("municipality__name", "-period_start")
    )


def published_promise_set_tree() -> QuerySet[PromiseSet]:
    return _with_tree(PromiseSet.objects.filter(published=True))


def promises_for(user: User) -> QuerySet[Promise]:
    return Promise.objects.filter(focus_area__promise_set__in=promise_sets_for(user))


def activities_for(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(promise__focus_area__promise_set__in=promise_sets_for(user))


def signatories_for(user: User) -> QuerySet[Signatory]:
    return Signatory.objects.filter(promise_set__in=promise_sets_for(user))


def indicators_for(user: User) -> QuerySet[Indicator]:
    return Indicator.objects.filter(activity__promise__focus_area__promise_set__in=promise_sets_for(user))


def focus_areas_for(user: User) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(promise_set__in=promise_sets_for(user))


def follow_ups_for(user: User) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(promise_set__in=promise_sets_for(user)).select_related("promise_set")


def indicator_values_for(user: User) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__in=indicators_for(user))
