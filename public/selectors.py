"""Reads for the public side. Every count leaves here already suppressed (privacy.suppression)."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality
from incidents.models import Incident, IncidentCategory
from incidents.selectors import public_incidents
from places.models import District
from privacy.suppression import SUPPRESSED, WITHHELD, Cell, row_total, suppress
from programme import snapshot
from programme.models import FollowUp, Indicator, PromiseSet
from trygg.calendar import local_day_bounds


def indicator_value(indicator: snapshot.Indicator):
    """A follow-up indicator's value as the public sees it, None if not computed. Counts of people or
    incidents under 5 are suppressed, and those the ledger withheld read "–"; a mean per month of them is a
    whole number (snapshots before schema 4 hold two decimals). The municipality's own things (camera sites,
    lectures) are shown as they are. Snapshots from before the declaration (schema 1) read as counting
    people (programme.snapshot): the safe side."""
    if not indicator.computed:
        return None
    if not indicator.about_people:
        return indicator.value
    value = indicator.value
    if value is not None and indicator.aggregation == Indicator.Aggregation.AVERAGE:
        value = float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return suppress(value, exact=not indicator.withheld)


def indicator_share(indicator: snapshot.Indicator) -> float | None:
    """Its share of target, hidden with a suppressed or withheld value: share × target would give it away.
    (A mean of people or incidents in a snapshot from before schema 4 has no share: programme.snapshot.)"""
    if indicator_value(indicator) in (None, SUPPRESSED, WITHHELD):
        return None
    return indicator.progress


def format_number(value) -> str:
    """Swedish number formatting for a snapshot value: whole numbers plain, a decimal comma otherwise."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",")


def target_phrase(indicator: snapshot.Indicator) -> str:
    """How the value relates to the target, in words: "av 10 st", or for an indicator that should go
    down, "mål högst 20 st, utgångsvärde 30" (snapshots before schema 3 have no direction: "av")."""
    target, unit = format_number(indicator.target), indicator.unit
    if indicator.lower_is_better:
        return _("mål högst %(target)s %(unit)s, utgångsvärde %(baseline)s") % {
            "target": target,
            "unit": unit,
            "baseline": format_number(indicator.baseline),
        }
    return _("av %(target)s %(unit)s") % {"target": target, "unit": unit}


def published_follow_ups(promise_set: PromiseSet) -> QuerySet[FollowUp]:
    return promise_set.follow_ups.filter(status=FollowUp.Status.PUBLISHED).order_by("-version")


def promise_timelines(promise_set: PromiseSet) -> dict[int, list[dict]]:
    """Promise id -> its status in every published follow-up, oldest first (as Decidim's timeline)."""
    timelines = defaultdict(list)
    for follow_up in published_follow_ups(promise_set).order_by("version"):
        for fa in snapshot.read(follow_up.snapshot).focus_areas:
            for promise in fa.promises:
                timelines[promise.id].append(
                    {
                        "version": follow_up.version,
                        "date": follow_up.published_at,
                        "status": promise.status,
                        "narrative": promise.narrative,
                    }
                )
    return dict(timelines)


def main_categories() -> list[IncidentCategory]:
    return list(IncidentCategory.objects.filter(parent=None).order_by("order"))


def district_centres(municipality: Municipality) -> dict[str, tuple[float, float]]:
    """Centre of each district: the mean of its named places (an area, never an incident's point)."""
    centres = {}
    for district in District.objects.filter(municipality=municipality).prefetch_related("places"):
        places = list(district.places.all())
        if places:
            centres[district.name] = (
                round(fmean(float(p.latitude) for p in places), 4),
                round(fmean(float(p.longitude) for p in places), 4),
            )
    return centres


def cell_of(incident) -> Cell:
    """The public cell of an incident from public_incidents()."""
    return (timezone.localtime(incident.month).strftime("%Y-%m"), incident.area, incident.main)


def cell_counts(municipality: Municipality, start: datetime.datetime, end: datetime.datetime) -> dict[Cell, int]:
    """Exact counts per public cell for incidents occurring in [start, end): for deciding, never for showing."""
    rows = (
        public_incidents(municipality)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .values("month", "area", "main")
        .annotate(n=Count("id"))
    )
    return {(timezone.localtime(row["month"]).strftime("%Y-%m"), row["area"], row["main"]): row["n"] for row in rows}


def incident_cells(municipality: Municipality, first_month: datetime.date, last_month: datetime.date) -> list[dict]:
    """Reviewed incidents per month × district × main category, every cell suppressed under 5.

    The cells are one fixed partition; no totals are published beside them (see privacy.suppression).
    """
    start, _ = local_day_bounds(first_month, first_month)
    _, end = local_day_bounds(last_month, _month_end(last_month))
    found = cell_counts(municipality, start, end)
    districts = sorted(district_centres(municipality))
    categories = [c.name for c in main_categories()]
    cells = []
    month = first_month
    while month <= last_month:
        key = month.strftime("%Y-%m")
        for district in districts:
            for category in categories:
                cells.append(
                    {
                        "month": key,
                        "district": district,
                        "category": category,
                        "count": suppress(found.get((key, district, category), 0)),
                    }
                )
        month = _next_month(month)
    return cells


def safety_map(municipality: Municipality, month: datetime.date) -> dict:
    """One month of the safety map: the main categories, the table's rows (each district's suppressed
    counts, in the categories' order) and the map's districts (name, centre, counts by category, the total
    it is labelled with and the number its circle is drawn by). Every number the map shows is here, already
    suppressed: the browser adds nothing up."""
    cells = incident_cells(municipality, month, month)
    centres = district_centres(municipality)
    categories = [c.name for c in main_categories()]
    rows = [{"district": d, "counts": [c["count"] for c in cells if c["district"] == d]} for d in sorted(centres)]
    exact = _exact_rows(municipality, month, sorted(centres), categories)
    districts = []
    for row in rows:
        total, size = row_total(exact[row["district"]])
        districts.append(
            {
                "name": row["district"],
                "lat": centres[row["district"]][0],
                "lng": centres[row["district"]][1],
                "counts": dict(zip(categories, row["counts"], strict=True)),
                "total": _("minst {n}").format(n=size) if total is None else total,
                "size": size,
            }
        )
    return {"categories": categories, "rows": rows, "districts": districts}


def _exact_rows(municipality: Municipality, month: datetime.date, districts: list[str], categories: list[str]):
    """District -> its exact counts per category in the month: for deciding its total, never for showing."""
    start, _ = local_day_bounds(month, month)
    _, end = local_day_bounds(month, _month_end(month))
    found = cell_counts(municipality, start, end)
    key = month.strftime("%Y-%m")
    return {d: [found.get((key, d, c), 0) for c in categories] for d in districts}


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _month_end(month: datetime.date) -> datetime.date:
    return _next_month(month) - datetime.timedelta(days=1)


def incident_months(municipality: Municipality) -> list[datetime.date]:
    """The months with reviewed incidents, newest first (for the month picker)."""
    months = (
        Incident.objects.filter(municipality=municipality, status=Incident.Status.REVIEWED)
        .annotate(month=TruncMonth("occurred_at"))
        .values_list("month", flat=True)
        .distinct()
    )
    return sorted({m.date() if isinstance(m, datetime.datetime) else m for m in months}, reverse=True)
