"""The roll-up: one home for how indicator values become progress of activities, promises, focus areas
and the promise set. Other apps only supply values (settings.INDICATOR_VALUE_SOURCES); the rule is here.

Rule (as Decidim Accountability): an indicator's progress is value / target, or for an indicator that
should go down from its baseline, (baseline − value) / (baseline − target); it is shown as it is (over
100 % when the target is passed). An activity's and a promise's progress is the mean of its computed
indicators' progress, each counted at most 100 % and at least 0 %; a focus area's is the mean of its
promises'; the promise set's is the mean of its focus areas'. Indicators without a value are shown but do
not count; a level with nothing computed has no progress. Values over a period combine as each indicator
declares (Indicator.aggregation).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from statistics import fmean

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Indicator, PromiseSet

CENT = Decimal("0.01")


@dataclass
class IndicatorRow:
    indicator: Indicator
    computed: bool
    value: Decimal | None = None
    planned: int | None = None
    delivered: int | None = None
    source: str = ""  # where the value comes from, in words a reader understands
    # The records the value counts ({"incident:12": 1}), for the ledger of published figures (privacy.ledger),
    # when the source knows them.
    population: dict[str, int] | None = None

    @property
    def progress(self) -> float | None:
        """Progress towards the target as it is: 2.76 is 276 %, never silently capped."""
        indicator = self.indicator
        if self.value is None or indicator.target is None:
            return None
        if indicator.lower_is_better:
            return float((indicator.baseline - self.value) / (indicator.baseline - indicator.target))
        return float(self.value / indicator.target) if indicator.target else None


def mean_progress(values: list[float | None]) -> float | None:
    """Each part counts between 0 and 100 %, so one indicator far over its target cannot hide another
    that is behind (stated on the follow-up pages)."""
    known = [min(max(v, 0.0), 1.0) for v in values if v is not None]
    return fmean(known) if known else None


@dataclass
class Node:
    """A focus area, promise or activity in the follow-up tree."""

    item: object
    children: list = field(default_factory=list)

    @property
    def progress(self) -> float | None:
        return mean_progress([child.progress for child in self.children])


@dataclass
class RollUp:
    promise_set: PromiseSet
    first: datetime.date
    last: datetime.date
    focus_areas: list[Node]

    @property
    def progress(self) -> float | None:
        return mean_progress([node.progress for node in self.focus_areas])

    def rows(self):
        """Flat rows for tables and exports: (focus area node, promise node, activity node, indicator row)."""
        for fa in self.focus_areas:
            for promise in fa.children:
                for activity in promise.children:
                    for row in activity.children:
                        yield fa, promise, activity, row


def aggregate_months(monthly: dict[datetime.date, Decimal], aggregation: str) -> Decimal:
    """Combine monthly values as the indicator declares: a sum over the period, or the latest, highest or
    mean monthly value (people supported each month are the same people: their sum is no head count)."""
    if not monthly:
        return Decimal(0).quantize(CENT)
    values = [monthly[month] for month in sorted(monthly)]
    combined = {
        Indicator.Aggregation.LATEST: lambda: values[-1],
        Indicator.Aggregation.MAXIMUM: lambda: max(values),
        Indicator.Aggregation.AVERAGE: lambda: sum(values) / len(values),
    }.get(aggregation, lambda: sum(values))()
    return Decimal(combined).quantize(CENT)


def entered_value(
    indicator: Indicator, first: datetime.date, last: datetime.date, today: datetime.date
) -> IndicatorRow | None:
    """Values entered by hand (a survey result, a figure from another authority), each with its source
    and date: those measured in the period, combined as the indicator declares (one value per month, the
    month's latest)."""
    values = list(indicator.values.filter(measured_on__range=(first, last)).order_by("measured_on", "id"))
    if not values:
        return None
    monthly = {value.measured_on.replace(day=1): value.value for value in values}
    latest = values[-1]
    return IndicatorRow(
        indicator,
        computed=True,
        value=aggregate_months(monthly, indicator.aggregation),
        source=latest.source_and_date,
    )


@cache
def _sources():
    return [import_string(path) for path in settings.INDICATOR_VALUE_SOURCES]


def indicator_row(
    indicator: Indicator, first: datetime.date, last: datetime.date, today: datetime.date
) -> IndicatorRow:
    """The indicator's value over the part of [first, last] it measures, from the first source that has
    one (log bindings, incident bindings, entered values), or a row marked not computed."""
    first, last = max(first, indicator.period_start), min(last, indicator.period_end)
    if last < first:
        return IndicatorRow(indicator, computed=False)
    for source in _sources():
        row = source(indicator, first, last, today)
        if row is not None:
            return row
    return IndicatorRow(indicator, computed=False)


def round_published_means(result: RollUp) -> RollUp:
    """A published mean per month of people or incidents is a whole number: with decimals, the mean times
    the months gives back the exact total, and totals of nested periods give away a small month."""
    for *_, row in result.rows():
        indicator = row.indicator
        if (
            row.value is not None
            and indicator.aggregation == Indicator.Aggregation.AVERAGE
            and not indicator.counts_own_work
        ):
            row.value = row.value.quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(CENT)
    return result


def roll_up(
    promise_set: PromiseSet, first: datetime.date, last: datetime.date, today: datetime.date | None = None
) -> RollUp:
    """The follow-up of a promise set for a period, every figure computed from what the sources supply."""
    today = today or timezone.localdate()
    indicators = (
        Indicator.objects.filter(activity__promise__focus_area__promise_set=promise_set)
        .select_related("binding", "incident_binding")
        .prefetch_related("binding__places", "incident_binding__categories", "incident_binding__places")
    )
    rows_by_activity: dict[int, list[IndicatorRow]] = {}
    for indicator in indicators:
        rows_by_activity.setdefault(indicator.activity_id, []).append(indicator_row(indicator, first, last, today))
    focus_areas = []
    for fa in promise_set.focus_areas.prefetch_related("promises__activities"):
        promises = [
            Node(promise, [Node(a, rows_by_activity.get(a.pk, [])) for a in promise.activities.all()])
            for promise in fa.promises.all()
        ]
        focus_areas.append(Node(fa, promises))
    return RollUp(promise_set, first, last, focus_areas)
