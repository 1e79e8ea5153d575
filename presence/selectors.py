"""The presence-gap analysis read from the database: reviewed incidents of the chosen
categories and logged and planned adult presence, per named place and two-hour window; analysis.presence
does the arithmetic. Places and times only: no person, no individual case, enters it."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.spatial import cKDTree

from accounts.models import Municipality, Organisation
from analysis import presence
from analysis.projection import to_sweref99tm
from fieldwork.models import WEEKDAYS, ActivityLog, LogType, PresencePlan
from incidents.models import Incident
from incidents.selectors import category_ids
from places.models import Place
from places.selectors import active_places
from trygg.calendar import iso_week, local_day_bounds

from .models import AcceptedSuggestion

# Youth gatherings, disorder and vandalism (the EST main categories; their subcategories come along).
DEFAULT_CATEGORIES = ("samling", "ordning", "skadegorelse")
# Adult presence where young people gather.
PRESENCE_TYPES = (LogType.NIGHT_WALK, LogType.FIELD_WORK, LogType.FOOT_PATROL, LogType.YOUTH_CENTRE_VISIT)
RADIUS_M, HISTORY_WEEKS, COVERAGE_WEEKS, PROFILE_WEEKS = 300, 8, 4, 52
HISTORY_BOUNDS, COVERAGE_BOUNDS, RADIUS_BOUNDS = (8, 12), (1, 12), (50, 1000)
TOP_GAPS, TOP_REPORTED_GAPS = 10, 5
HOURS_PER_WINDOW = 24 // presence.WINDOWS_PER_DAY


@dataclass(frozen=True)
class Parameters:
    municipality: Municipality
    monday: datetime.date  # the week to plan: suggestions are for it, history and coverage end before it
    history_weeks: int = HISTORY_WEEKS
    coverage_weeks: int = COVERAGE_WEEKS
    radius_m: int = RADIUS_M
    categories: tuple[str, ...] = DEFAULT_CATEGORIES

    @cached_property
    def category_ids(self) -> list[int]:
        return category_ids(self.categories)

    @property
    def week_label(self) -> str:
        return iso_week(self.monday)


@dataclass(frozen=True)
class Capacity:
    """What an organisation can put out in the week, as the coordinator states it."""

    organisation: Organisation
    people: int = 4
    per_shift: int = 2  # at least two on a night walk
    per_evening: int = 1
    avoided_places: frozenset[int] = field(default_factory=frozenset)

    @property
    def shifts(self) -> int:
        return self.people // max(1, self.per_shift)


def planning_organisations(municipality: Municipality, monday: datetime.date) -> list[Organisation]:
    """Organisations with a presence plan in force in the week: the ones a suggestion can go to."""
    plans = plans_in_week(municipality, monday)
    return list(Organisation.objects.filter(pk__in=plans.values("organisation")).order_by("name"))


def night_walking_organisations(municipality: Municipality, monday: datetime.date) -> set[int]:
    """Organisations that night-walk that week: their shifts are at least two people."""
    plans = plans_in_week(municipality, monday).filter(log_type=LogType.NIGHT_WALK)
    return set(plans.values_list("organisation", flat=True))


def default_capacities(municipality: Municipality, monday: datetime.date) -> list[Capacity]:
    return [Capacity(organisation) for organisation in planning_organisations(municipality, monday)]


def plans_in_week(municipality: Municipality, monday: datetime.date):
    sunday = monday + datetime.timedelta(days=6)
    return PresencePlan.objects.filter(
        municipality=municipality, log_type__in=PRESENCE_TYPES, valid_from__lte=sunday, valid_to__gte=monday
    )


@dataclass
class _Places:
    places: list[Place]
    xy: np.ndarray
    district: np.ndarray  # per place: the index of its district in names
    district_names: list[str]

    @classmethod
    def of(cls, municipality: Municipality) -> "_Places":
        places = list(active_places(municipality).select_related("district").order_by("name"))
        names = sorted({p.district.name for p in places})
        x, y = to_sweref99tm([float(p.latitude) for p in places], [float(p.longitude) for p in places])
        xy = np.column_stack([x, y]) if places else np.empty((0, 2))
        return cls(places, xy, np.array([names.index(p.district.name) for p in places], int), names)

    def nearest(self, xy: np.ndarray, radius_m: float) -> np.ndarray:
        """Each point's nearest place within the radius, or -1."""
        if not len(self.places) or not len(xy):
            return np.full(len(xy), -1)
        distance, index = cKDTree(self.xy).query(xy, distance_upper_bound=radius_m)
        return np.where(np.isfinite(distance), index, -1)


def _slot(place: int, moment: datetime.datetime) -> int:
    local = timezone.localtime(moment)
    return (
        place * presence.SLOTS_PER_PLACE + local.weekday() * presence.WINDOWS_PER_DAY + local.hour // HOURS_PER_WINDOW
    )


def _pieces(start: datetime.datetime, end: datetime.datetime, length: int) -> list[tuple[datetime.datetime, float]]:
    """(local start, hours) of a stretch of time cut on the local clock's whole ``length``-hour windows."""
    pieces, at, end = [], timezone.localtime(start), timezone.localtime(end)
    while at < end:
        window_end = at.replace(minute=0, second=0, microsecond=0, hour=at.hour - at.hour % length)
        upto = min(end, timezone.localtime(window_end + datetime.timedelta(hours=length)))
        pieces.append((at, (upto.timestamp() - at.timestamp()) / 3600))  # real hours, also at DST
        at = upto
    return pieces


def _spread(place: int, start: datetime.datetime, end: datetime.datetime) -> list[tuple[int, float]]:
    """(slot, hours) of a stretch of presence at a place, split on the two-hour windows (local time)."""
    return [(_slot(place, at), hours) for at, hours in _pieces(start, end, HOURS_PER_WINDOW)]


def _chosen(params: Parameters):
    return Incident.objects.filter(
        municipality=params.municipality,
        status=Incident.Status.REVIEWED,
        category__in=params.category_ids,
    )


def _incidents(params: Parameters, first: datetime.date, last: datetime.date) -> dict:
    start, end = local_day_bounds(first, last)
    rows = list(
        _chosen(params)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .values_list("latitude", "longitude", "occurred_at", "district__name")
    )
    lat, lon = [float(r[0]) for r in rows], [float(r[1]) for r in rows]
    x, y = to_sweref99tm(lat, lon) if rows else (np.empty(0), np.empty(0))
    return {
        "xy": np.column_stack([x, y]) if rows else np.empty((0, 2)),
        "at": [r[2] for r in rows],
        "t": np.array([r[2].timestamp() for r in rows], float),
        "district": [r[3] or _("utan kommundel") for r in rows],
    }


def _since(incidents: dict, start: datetime.datetime) -> dict:
    """The incidents (as _incidents gives them) from ``start`` on."""
    keep = incidents["t"] >= start.timestamp()
    return {
        "xy": incidents["xy"][keep],
        "at": [at for at, kept in zip(incidents["at"], keep, strict=True) if kept],
        "t": incidents["t"][keep],
        "district": [d for d, kept in zip(incidents["district"], keep, strict=True) if kept],
    }


def _logged_windows(params: Parameters, places: _Places, first: datetime.date, last: datetime.date) -> list[tuple]:
    """(place index, start, end, staff) of every logged presence at an active place in the period."""
    start, end = local_day_bounds(first, last)
    index = {p.pk: i for i, p in enumerate(places.places)}
    logs = ActivityLog.objects.filter(
        municipality=params.municipality, log_type__in=PRESENCE_TYPES, started_at__gte=start, started_at__lt=end
    ).prefetch_related("places")
    return [
        (index[p.pk], log.started_at, log.ended_at, log.staff_count)
        for log in logs
        for p in log.places.all()
        if p.pk in index
    ]


def _planned(params: Parameters, places: _Places) -> tuple[np.ndarray, dict[int, set[int]], dict[int, set[int]]]:
    """Hours planned per slot in the week; per organisation, the slots it is planned in and the two-hour
    windows of the day it works (from its plans' hours)."""
    index = {p.pk: i for i, p in enumerate(places.places)}
    hours = np.zeros(len(places.places) * presence.SLOTS_PER_PLACE)
    planned: dict[int, set[int]] = {}
    works: dict[int, set[int]] = {}
    sunday = params.monday + datetime.timedelta(days=6)
    for plan in plans_in_week(params.municipality, params.monday).prefetch_related("places"):
        day_windows = {s % presence.WINDOWS_PER_DAY for s, _h in _spread(0, *_plan_day(plan))}
        works.setdefault(plan.organisation_id, set()).update(day_windows)
        for occurrence in plan.occurrences(params.monday, sunday):
            for place in plan.places.all():
                if place.pk in index:
                    for slot, h in _spread(index[place.pk], occurrence.start, occurrence.end):
                        hours[slot] += h
                        planned.setdefault(plan.organisation_id, set()).add(slot)
    return hours, planned, works


def _plan_day(plan: PresencePlan) -> tuple[datetime.datetime, datetime.datetime]:
    """A plan's hours on a day without a clock change (its windows of the day)."""
    day = datetime.date(2025, 1, 6)
    start = timezone.make_aware(datetime.datetime.combine(day, plan.start_time))
    end = timezone.make_aware(datetime.datetime.combine(day, plan.end_time))
    return start, end if end > start else end + datetime.timedelta(days=1)


def gap_report(params: Parameters, capacities: list[Capacity] | None = None) -> dict:
    """Coverage of the last weeks, the slots with the most expected incidents and the least presence,
    and suggestions for the week: JSON-ready (the page, the command and the situation report show it)."""
    places = _Places.of(params.municipality)
    history_first = params.monday - datetime.timedelta(weeks=params.history_weeks)
    coverage_first = params.monday - datetime.timedelta(weeks=params.coverage_weeks)
    last = params.monday - datetime.timedelta(days=1)
    # Incidents and presence read once, for the longer of the two periods, and cut for each.
    seen = _incidents(params, min(history_first, coverage_first), last)
    logged = _logged_windows(params, places, min(history_first, coverage_first), last)
    coverage_start = local_day_bounds(coverage_first, coverage_first)[0]
    history_start = local_day_bounds(history_first, history_first)[0]
    recent = _since(seen, coverage_start)
    windows = [w for w in logged if w[1] >= coverage_start]
    report = {
        "week": params.week_label,
        "parameters": {
            "kommun": params.municipality.slug,
            "history_weeks": params.history_weeks,
            "coverage_weeks": params.coverage_weeks,
            "radius_m": params.radius_m,
            "categories": list(params.categories),
            "coverage_period": [coverage_first.isoformat(), last.isoformat()],
            "history_period": [history_first.isoformat(), last.isoformat()],
        },
        **_coverage(recent, windows, places, params),
    }
    if not places.places:
        return {
            **report,
            "gaps": [],
            "suggestions": [],
            "accepted": accepted_in_week(params.municipality, params.monday),
        }
    rates, counts, logged = _rates(
        params, places, _since(seen, history_start), [w for w in logged if w[1] >= history_start]
    )
    planned_hours, planned_slots, works = _planned(params, places)
    value = rates.expected * (1 - np.minimum(1.0, planned_hours / HOURS_PER_WINDOW))
    report["gaps"] = [
        {
            **_slot_row(s, places, rates, counts, logged, planned_hours, params),
            "uncovered_incidents": round(float(value[s]), 3),
        }
        for s in _top(value, TOP_GAPS)
    ]
    capacities = default_capacities(params.municipality, params.monday) if capacities is None else capacities
    report["suggestions"] = _suggestions(
        value, places, rates, counts, logged, planned_hours, params, capacities, planned_slots, works
    )
    report["accepted"] = accepted_in_week(params.municipality, params.monday)
    return report


def _coverage(recent: dict, windows: list[tuple], places: _Places, params: Parameters) -> dict:
    result = presence.coverage(
        recent["xy"],
        recent["t"],
        places.xy[[w[0] for w in windows]] if windows else np.empty((0, 2)),
        [w[1].timestamp() for w in windows],
        [w[2].timestamp() for w in windows],
        params.radius_m,
        [w[3] for w in windows],
    )
    by_district = {}
    for district, covered in zip(recent["district"], result.covered, strict=True):
        row = by_district.setdefault(district, {"district": district, "incidents": 0, "covered": 0})
        row["incidents"] += 1
        row["covered"] += int(covered)
    for row in by_district.values():
        row["share"] = round(row["covered"] / row["incidents"], 3)
    grid_incidents = np.zeros((7, 24), int)
    for at in recent["at"]:
        local = timezone.localtime(at)
        grid_incidents[local.weekday(), local.hour] += 1
    grid_presence = np.zeros((7, 24))
    for _place, start, end, staff in windows:
        for at, hours in _pieces(start, end, 1):
            grid_presence[at.weekday(), at.hour] += hours * staff
    return {
        "coverage": {
            "incidents": len(result.covered),
            "covered": int(result.covered.sum()),
            "share": None if np.isnan(result.share) else round(result.share, 3),
            "presence_hours": round(result.presence_hours, 1),
            "idle_hours": round(result.idle_hours, 1),
        },
        "by_district": sorted(by_district.values(), key=lambda r: r["district"]),
        "grid": {"incidents": grid_incidents.tolist(), "presence_hours": np.round(grid_presence, 1).tolist()},
        "by_place": _by_place(recent, result.covered, windows, places, params),
    }


def _by_place(
    recent: dict, covered: np.ndarray, windows: list[tuple], places: _Places, params: Parameters
) -> list[dict]:
    """Per place with anything to show: incidents near it (nearest place within the radius), how many
    of them during presence, and the presence hours (× staff) logged there."""
    rows = {}

    def row(index: int) -> dict:
        place = places.places[index]
        return rows.setdefault(
            index, {"place": place.name, "place_id": place.pk, "incidents": 0, "covered": 0, "presence_hours": 0.0}
        )

    for index, was_covered in zip(places.nearest(recent["xy"], params.radius_m), covered, strict=True):
        if index >= 0:
            row(int(index))["incidents"] += 1
            row(int(index))["covered"] += int(was_covered)
    for index, start, end, staff in windows:
        row(index)["presence_hours"] += (end.timestamp() - start.timestamp()) / 3600 * staff
    for values in rows.values():
        values["presence_hours"] = round(values["presence_hours"], 1)
    return sorted(rows.values(), key=lambda r: r["place"])


def _rates(params: Parameters, places: _Places, history: dict, windows: list[tuple]):
    """Expected incidents per slot from the history's incidents, and logged hours per slot and week."""
    slots = len(places.places) * presence.SLOTS_PER_PLACE
    counts = np.zeros(slots)
    for place, at in zip(places.nearest(history["xy"], params.radius_m), history["at"], strict=True):
        if place >= 0:
            counts[_slot(int(place), at)] += 1
    logged = np.zeros(slots)
    for place, start, end, _staff in windows:
        for slot, hours in _spread(place, start, end):
            logged[slot] += hours
    profile = presence.time_profile(_week_pattern(params), len(places.places))
    rates = presence.slot_rates(counts, params.history_weeks, places.district, profile)
    return rates, counts, logged / params.history_weeks


def _week_pattern(params: Parameters) -> np.ndarray:
    """The municipality's incidents of the chosen categories per weekday and two-hour window over the
    PROFILE_WEEKS before the week, wherever they happened: the shape of a week, steadier than the few
    weeks the rates are counted in. Counted by the database, in local time."""
    first = params.monday - datetime.timedelta(weeks=PROFILE_WEEKS)
    start, end = local_day_bounds(first, params.monday - datetime.timedelta(days=1))
    cells = (
        _chosen(params)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .order_by()
        .values_list(ExtractIsoWeekDay("occurred_at"), ExtractHour("occurred_at"))
        .annotate(n=Count("id"))
    )
    pattern = np.zeros(presence.SLOTS_PER_PLACE)
    for weekday, hour, n in cells:
        pattern[(weekday - 1) * presence.WINDOWS_PER_DAY + hour // HOURS_PER_WINDOW] += n
    return pattern


def _top(value: np.ndarray, n: int) -> list[int]:
    order = np.argsort(-value, kind="stable")
    return [int(s) for s in order[:n] if value[s] > 0]


def _slot_row(slot, places, rates, counts, logged, planned_hours, params) -> dict:
    place = places.places[slot // presence.SLOTS_PER_PLACE]
    within = slot % presence.SLOTS_PER_PLACE
    weekday, window = divmod(within, presence.WINDOWS_PER_DAY)
    start = window * HOURS_PER_WINDOW
    return {
        "place": place.name,
        "place_id": place.pk,
        "district": place.district.name,
        "weekday": weekday,
        "weekday_name": str(dict(WEEKDAYS)[weekday]),
        "date": (params.monday + datetime.timedelta(days=weekday)).isoformat(),
        "start": f"{start:02d}:00",
        "end": f"{(start + HOURS_PER_WINDOW) % 24:02d}:00",
        "expected_incidents": round(float(rates.expected[slot]), 3),
        "interval": [round(float(rates.low[slot]), 3), round(float(rates.high[slot]), 3)],
        "recent_incidents": int(counts[slot]),
        "logged_hours_per_week": round(float(logged[slot]), 2),
        "planned_hours": round(float(planned_hours[slot]), 2),
    }


def _suggestions(
    value, places, rates, counts, logged, planned_hours, params, capacities, planned_slots, works
) -> list[dict]:
    if not capacities or not len(value):
        return []
    slots = len(value)
    within = np.arange(slots) % presence.SLOTS_PER_PLACE
    window_of_day = within % presence.WINDOWS_PER_DAY
    place_of = np.arange(slots) // presence.SLOTS_PER_PLACE
    allowed = np.zeros((len(capacities), slots), bool)
    for o, capacity in enumerate(capacities):
        pk = capacity.organisation.pk
        allowed[o] = np.isin(window_of_day, sorted(works.get(pk, set())))
        avoided = [i for i, p in enumerate(places.places) if p.pk in capacity.avoided_places]
        allowed[o] &= ~np.isin(place_of, avoided)
        allowed[o, sorted(planned_slots.get(pk, set()))] = False
    result = presence.allocate(value, allowed, [c.shifts for c in capacities], [c.per_evening for c in capacities])
    rows = []
    for o, slot in result.chosen:
        row = _slot_row(slot, places, rates, counts, logged, planned_hours, params)
        row["uncovered_incidents"] = round(float(value[slot]), 3)  # what the week's plans do not cover yet
        row["organisation"] = capacities[o].organisation.name
        row["organisation_id"] = capacities[o].organisation.pk
        rows.append(row)
    return rows


def accepted_in_week(municipality: Municipality, monday: datetime.date) -> list[dict]:
    accepted = AcceptedSuggestion.objects.filter(
        municipality=municipality, date__gte=monday, date__lte=monday + datetime.timedelta(days=6)
    ).select_related("organisation", "place")
    return [
        {
            "place": a.place.name,
            "date": a.date.isoformat(),
            "start": a.start_time.strftime("%H:%M"),
            "end": a.end_time.strftime("%H:%M"),
            "organisation": a.organisation.name,
            "expected_incidents": round(a.expected_incidents, 3),
            "recent_incidents": a.recent_incidents,
        }
        for a in accepted
    ]


def gap_map(municipality, report: dict) -> list[dict]:
    """Per place: the last weeks' incidents and presence there, its gaps and the suggestions for it. The
    map shows places and times, never people."""
    places = {p.pk: p for p in active_places(municipality)}
    rows = {}

    def row(place_id: int) -> dict | None:
        place = places.get(place_id)
        if place is None:
            return None
        return rows.setdefault(
            place_id,
            {
                "name": place.name,
                "lat": float(place.latitude),
                "lng": float(place.longitude),
                "lines": [],
                "gaps": [],
                "suggestions": [],
            },
        )

    for item in report["by_place"]:
        if (target := row(item["place_id"])) is not None:
            target["lines"].append(
                _("%(n)s händelser, %(covered)s under närvaro; %(hours)s närvarotimmar")
                % {"n": item["incidents"], "covered": item["covered"], "hours": item["presence_hours"]}
            )
    for kind in ("gaps", "suggestions"):
        for item in report[kind]:
            if (target := row(item["place_id"])) is not None:
                text = f"{item['weekday_name']} {item['start']}–{item['end']}: {item['uncovered_incidents']:.2f}"
                target[kind].append(f"{text} ({item['organisation']})" if kind == "suggestions" else text)
    return list(rows.values())
