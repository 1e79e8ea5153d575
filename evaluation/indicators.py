"""Outcome indicators computed from reviewed incidents: the value source for indicators with an
IncidentIndicator (settings.INDICATOR_VALUE_SOURCES; the roll-up is programme.rollup)."""

import datetime
from decimal import Decimal

import shapely
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from analysis.projection import to_sweref99tm
from incidents.models import Incident
from places.location import nearest_place
from privacy import ledger
from programme.models import Indicator
from programme.rollup import IndicatorRow, aggregate_months
from trygg.calendar import local_day_bounds

from .models import Evaluation, IncidentIndicator
from .selectors import target_geometry


def matching_incidents(binding: IncidentIndicator, first: datetime.date, last: datetime.date) -> list[Incident]:
    """Reviewed incidents of the binding's categories in [first, last] (local days) at its places (within
    the radius, or registered at the place) or in its districts; everywhere in the municipality when
    neither is chosen."""
    categories = list(binding.categories.all())
    start, end = local_day_bounds(first, last)
    incidents: QuerySet[Incident] = Incident.objects.filter(
        municipality=binding.indicator.municipality,
        status=Incident.Status.REVIEWED,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).filter(Q(category__in=categories) | Q(category__parent__in=categories))
    places, districts = list(binding.places.all()), list(binding.districts.all())
    if not places and not districts:
        return list(incidents)
    district_ids, place_ids = {d.pk for d in districts}, {p.pk for p in places}
    evaluated = _evaluated_areas(places)
    plain = [p for p in places if p.pk not in evaluated]
    return [
        incident
        for incident in incidents
        if incident.district_id in district_ids
        or incident.place_id in place_ids
        or _near(incident, plain, binding.radius_m)
        or _inside(incident, evaluated.values())
    ]


def _evaluated_areas(places) -> dict:
    """Camera places whose camera has an evaluation: the evaluation's target area counts for the outcome
    indicator too, so the indicator and the evaluation rest on the same incidents."""
    evaluations = Evaluation.objects.filter(camera_site__place__in=places).select_related("target_place", "camera_site")
    return {e.camera_site.place_id: target_geometry(e) for e in evaluations}


def _inside(incident: Incident, areas) -> bool:
    if not areas:
        return False
    x, y = to_sweref99tm(float(incident.latitude), float(incident.longitude))
    return any(shapely.contains_xy(area, float(x), float(y)) for area in areas)


def _near(incident: Incident, places, radius_m: int) -> bool:
    if incident.latitude is None or not places:
        return False
    return nearest_place(float(incident.latitude), float(incident.longitude), places, within_m=radius_m) is not None


def _counted(binding: IncidentIndicator, first: datetime.date, last: datetime.date) -> tuple[Decimal, list[int]]:
    """The count over the period, or per month combined as the indicator declares (e.g. mean per month), and
    the incidents the value rests on (those of the month it shows, for the latest or highest month)."""
    incidents = matching_incidents(binding, first, last)
    aggregation = binding.indicator.aggregation
    if aggregation in (Indicator.Aggregation.SUM, Indicator.Aggregation.DISTINCT):
        return Decimal(len(incidents)).quantize(Decimal("0.01")), [i.pk for i in incidents]
    by_month: dict[datetime.date, list[int]] = {}
    month = first.replace(day=1)
    while month <= last:  # months without incidents count as 0, not as missing
        by_month[month] = []
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    for incident in incidents:
        by_month[timezone.localtime(incident.occurred_at).date().replace(day=1)].append(incident.pk)
    value = aggregate_months({m: Decimal(len(ids)) for m, ids in by_month.items()}, aggregation)
    if aggregation == Indicator.Aggregation.AVERAGE:
        return value, [i.pk for i in incidents]
    shown = (
        max(by_month, key=lambda m: (len(by_month[m]), m))
        if aggregation == Indicator.Aggregation.MAXIMUM
        else max(by_month)
    )
    return value, by_month[shown]


def incident_value(binding: IncidentIndicator, first: datetime.date, last: datetime.date) -> Decimal:
    return _counted(binding, first, last)[0]


def indicator_row(
    indicator: Indicator, first: datetime.date, last: datetime.date, today: datetime.date
) -> IndicatorRow | None:
    binding = getattr(indicator, "incident_binding", None)
    if binding is None:
        return None
    names = ", ".join(category.name for category in binding.categories.all())
    value, counted = _counted(binding, first, last)
    return IndicatorRow(
        indicator,
        computed=True,
        value=value,
        source=_("Granskade händelser: %(categories)s") % {"categories": names},
        population=ledger.incidents(counted),
    )
