"""The counts an evaluation rests on, and the statistics computed from them.

Reviewed incidents of the chosen categories are placed, in SWEREF 99 TM metres, in the target area (a circle
around the measure's place, or the place's drawn outline), the buffer ring around it, or the control
districts (never both: target and buffer are taken out of the control). Periods are local days; an after
period that has not ended yet is cut at yesterday and weighted by its days.
"""

import datetime
from dataclasses import asdict, dataclass, field

import numpy as np
import shapely
from django.db.models import Q, QuerySet
from django.utils import timezone
from shapely.geometry import Point, Polygon

from accounts.models import User
from accounts.selectors import municipalities_for
from analysis import evaluation as stats
from analysis.projection import to_sweref99tm
from incidents.models import Incident, IncidentCategory
from trygg.freezing import upgraded

from .models import Evaluation, IncidentIndicator

MIN_AFTER_DAYS = 7  # fewer, and there is nothing to evaluate yet
# The shape of a published evaluation's locked figures (trygg.freezing): a change of shape raises it and
# published_snapshot upgrades what older publications stored.
SNAPSHOT_SCHEMA = 1


def published_snapshot(evaluation: Evaluation) -> dict | None:
    """A published evaluation's locked figures ("figures", "results", "computed_on") in today's shape; None
    for a draft. Those stored before the key was written are schema 1."""
    return upgraded(evaluation.snapshot, SNAPSHOT_SCHEMA) if evaluation.snapshot else None


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(municipality__in=municipalities_for(user)).select_related(
        "municipality", "target_place", "camera_site", "activity"
    )


def category_ids(evaluation: Evaluation) -> list[int]:
    """The chosen categories with the subcategories of chosen main categories."""
    chosen = list(evaluation.categories.values_list("pk", flat=True))
    children = IncidentCategory.objects.filter(parent__in=chosen).values_list("pk", flat=True)
    return sorted(set(chosen) | set(children))


def _projected_polygon(area: dict) -> Polygon:
    rings = []
    for ring in area["coordinates"]:
        lon, lat = zip(*ring, strict=True)
        x, y = to_sweref99tm(lat, lon)
        rings.append(list(zip(x, y, strict=True)))
    return Polygon(rings[0], rings[1:])


def target_geometry(evaluation: Evaluation):
    """The drawn target area, else the place's outline (when asked for), else a circle around the place."""
    place = evaluation.target_place
    if evaluation.target_area:
        return _projected_polygon(evaluation.target_area)
    if evaluation.use_place_area and place.area:
        return _projected_polygon(place.area)
    x, y = to_sweref99tm(float(place.latitude), float(place.longitude))
    return Point(float(x), float(y)).buffer(evaluation.target_radius_m, quad_segs=32)


@dataclass
class Figures:
    """Counts per area and period, and the weeks behind them."""

    before: tuple[datetime.date, datetime.date]
    after: tuple[datetime.date, datetime.date]
    before_days: int
    after_days: int  # days of the after period that have passed (at most the evaluation's after_days)
    target: tuple[int, int]
    buffer: tuple[int, int] | None
    control: tuple[int, int]
    weeks: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    # Per chosen category (its subcategories included), when more than one is chosen: name, harm weight and
    # the target's and control's counts, for the harm-weighted WDD.
    by_category: list[dict] = field(default_factory=list)
    # The incidents behind each count ("target.before", "category.0.control.after", …), for the ledger of
    # published figures; never part of the frozen figures.
    incident_ids: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def ready(self) -> bool:
        return self.after_days >= MIN_AFTER_DAYS

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["incident_ids"]
        for key in ("before", "after"):
            data[key] = [day.isoformat() for day in data[key]]
        return data


def _weekly(days: np.ndarray, in_area: np.ndarray, start: datetime.date, weeks: int) -> list[int]:
    offsets = np.array([(d - start).days for d in days[in_area]], dtype=int)
    offsets = offsets[(offsets >= 0) & (offsets < weeks * 7)]
    return np.bincount(offsets // 7, minlength=weeks).astype(int).tolist() if weeks else []


def figures(evaluation: Evaluation, today: datetime.date | None = None) -> Figures:
    today = today or timezone.localdate()
    before_start, before_end = evaluation.before_period
    after_start, planned_end = evaluation.after_period
    after_end = min(planned_end, today - datetime.timedelta(days=1))
    after_days = max((after_end - after_start).days + 1, 0)
    rows = list(
        Incident.objects.filter(
            municipality=evaluation.municipality,
            status=Incident.Status.REVIEWED,
            category__in=category_ids(evaluation),
            occurred_at__date__gte=before_start,
            occurred_at__date__lte=max(after_end, before_end),
        ).values_list("latitude", "longitude", "district_id", "occurred_at", "category_id", "category__parent_id", "pk")
    )
    tz = timezone.get_current_timezone()
    days = np.array([timezone.localtime(row[3], tz).date() for row in rows], dtype=object)
    lat = np.array([float(r[0]) for r in rows])
    lon = np.array([float(r[1]) for r in rows])
    x, y = to_sweref99tm(lat, lon) if rows else (np.array([]), np.array([]))
    target = target_geometry(evaluation)
    in_target = shapely.contains_xy(target, x, y) if rows else np.zeros(0, bool)
    outer = target.buffer(evaluation.buffer_m) if evaluation.buffer_m else target
    in_outer = shapely.contains_xy(outer, x, y) if rows else np.zeros(0, bool)
    in_buffer = in_outer & ~in_target
    control_ids = set(evaluation.control_districts.values_list("pk", flat=True))
    in_districts = np.array([r[2] in control_ids for r in rows], dtype=bool)
    if evaluation.control_area and rows:
        in_districts |= shapely.contains_xy(_projected_polygon(evaluation.control_area), x, y)
    in_control = in_districts & ~in_outer
    is_before = np.array([before_start <= d <= before_end for d in days], dtype=bool)
    is_after = np.array([after_start <= d <= after_end for d in days], dtype=bool)

    pks = np.array([row[6] for row in rows], dtype=int)
    incident_ids: dict[str, list[int]] = {}

    def pair(mask, label: str | None = None) -> tuple[int, int]:
        if label:
            incident_ids[f"{label}.before"] = pks[mask & is_before].tolist()
            incident_ids[f"{label}.after"] = pks[mask & is_after].tolist()
        return int(np.sum(mask & is_before)), int(np.sum(mask & is_after))

    weeks_before, weeks_after = evaluation.before_days // 7, after_days // 7
    weekly = {
        name: {
            "before": _weekly(days, mask & is_before, before_start, weeks_before),
            "after": _weekly(days, mask & is_after, after_start, weeks_after),
        }
        for name, mask in (("target", in_target), ("control", in_control))
    }
    by_category = []
    chosen = list(evaluation.categories.order_by("order", "name"))
    if len(chosen) > 1:
        for n, category in enumerate(chosen):
            mine = np.array([category.pk in (row[4], row[5]) for row in rows], dtype=bool)
            by_category.append(
                {
                    "name": str(category),
                    "harm": category.harm_weight,
                    "target": pair(in_target & mine, f"category.{n}.target"),
                    "control": pair(in_control & mine, f"category.{n}.control"),
                }
            )
    return Figures(
        before=(before_start, before_end),
        after=(after_start, after_end),
        before_days=evaluation.before_days,
        after_days=after_days,
        target=pair(in_target, "target"),
        buffer=pair(in_buffer, "buffer") if evaluation.buffer_m else None,
        control=pair(in_control, "control"),
        weeks=weekly,
        by_category=by_category,
        incident_ids=incident_ids,
    )


def results(data: Figures) -> dict:
    """Each statistic as a dict, or its reason for being left out ({"error": ...}). Time weights put the
    before period on the after period's scale, so the WDD counts incidents over the after period."""
    out = {}
    time_weights = (data.before_days / data.after_days, 1) if data.after_days else (1, 1)
    try:
        out["wdd"] = stats.wdd(data.target, data.control, time_weights=time_weights).as_dict()
    except stats.EvaluationError as error:
        out["wdd"] = {"error": str(error)}
    if data.by_category:
        out["harm"] = _harm(data, time_weights)
    try:  # quotients of counts in the same period: the periods' lengths cancel out
        out["wdq"] = stats.wdq(data.target, data.control, data.buffer).as_dict()
    except stats.EvaluationError as error:
        out["wdq"] = {"error": str(error)}
    try:
        out["rates"] = stats.compare_rates(
            data.target[1], data.target[0], exposure1=max(data.after_days, 1), exposure2=data.before_days
        ).as_dict()
    except stats.EvaluationError as error:
        out["rates"] = {"error": str(error)}
    weeks = data.weeks
    try:
        out["series"] = stats.series_regression(
            weeks["target"]["before"], weeks["target"]["after"], weeks["control"]["before"], weeks["control"]["after"]
        ).as_dict()
    except stats.EvaluationError as error:
        out["series"] = {"error": str(error)}
    return out


def _harm(data: Figures, time_weights) -> dict:
    """Each category's WDD weighted by its harm and summed (Wheeler & Ratcliffe 2018, ptools::wdd_harm)."""
    try:
        parts = [
            {
                "name": c["name"],
                "harm": c["harm"],
                **stats.wdd(c["target"], c["control"], time_weights=time_weights).as_dict(),
            }
            for c in data.by_category
        ]
        total = stats.wdd_harm([p["estimate"] for p in parts], [p["se"] for p in parts], [p["harm"] for p in parts])
    except stats.EvaluationError as error:
        return {"error": str(error)}
    return {**total.as_dict(), "parts": parts}


def similar_districts(evaluation: Evaluation, target_before: int, limit: int = 5) -> list[tuple[str, int]]:
    """Districts ranked by how close their count before the measure is to the target's: a starting point
    for choosing the control area (a similar level makes regression to the mean less of a worry)."""
    before_start, before_end = evaluation.before_period
    counts = (
        Incident.objects.filter(
            Q(municipality=evaluation.municipality)
            & Q(status=Incident.Status.REVIEWED)
            & Q(category__in=category_ids(evaluation))
            & Q(occurred_at__date__gte=before_start)
            & Q(occurred_at__date__lte=before_end)
            & ~Q(district=None)
        )
        .values_list("district__name")
        .order_by()
    )
    totals: dict[str, int] = {}
    for (name,) in counts:
        totals[name] = totals.get(name, 0) + 1
    ranked = sorted(totals.items(), key=lambda item: (abs(item[1] - target_before), item[0]))
    return ranked[:limit]


def incident_binding(indicator) -> IncidentIndicator:
    """The indicator's binding to reviewed incidents, or a new, unsaved one."""
    return IncidentIndicator.objects.filter(indicator=indicator).first() or IncidentIndicator(indicator=indicator)


def published_evaluations() -> QuerySet[Evaluation]:
    """What the public may read: published evaluations only."""
    return Evaluation.objects.filter(status=Evaluation.Status.PUBLISHED).select_related(
        "municipality", "target_place", "activity"
    )
