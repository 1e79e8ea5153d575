"""The weekly situation report's figures, read from the database and computed with analysis/."""

import datetime
from dataclasses import dataclass

import numpy as np
from django.db import connections
from django.db.models import Count, F, FloatField, Func, QuerySet
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import Municipality
from analysis.change import marked_changes
from analysis.family import one_family
from analysis.hotspots import (
    EMERGING_CATEGORIES,
    Grid,
    binned_kde,
    classify_hot_spots,
    emerging_hot_spots,
    gi_star_significance,
    grid_counts,
    kde_bandwidth,
)
from analysis.nearrepeat import knox
from analysis.projection import to_sweref99tm, to_wgs84
from incidents.models import Incident, PoliceEvent
from incidents.selectors import category_ids
from places.location import nearest_place
from places.selectors import active_places
from presence.selectors import TOP_REPORTED_GAPS, Parameters, gap_report
from trygg.calendar import iso_week, local_day_bounds, local_days
from trygg.freezing import stamped, upgraded

HOTSPOT_CELL_METRES = 250
HOTSPOT_WEEKS = 4
STUDY_AREA_WEEKS = 52
MATRIX_WEEKS = 4
POLICE_TREND_WEEKS = 12


def iso_monday(year: int, week: int) -> datetime.date:
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:  # week 53 in a year with 52 weeks
        return datetime.date.fromisocalendar(year, 52, 1)


def reviewed(municipality: Municipality) -> QuerySet[Incident]:
    return Incident.objects.filter(municipality=municipality, status=Incident.Status.REVIEWED)


def _between(qs: QuerySet, first: datetime.date, last: datetime.date) -> QuerySet:
    start, end = local_day_bounds(first, last)
    return qs.filter(occurred_at__gte=start, occurred_at__lt=end)


def _count_by(qs: QuerySet, key) -> dict[str, int]:
    return dict(qs.annotate(k=key).values("k").annotate(n=Count("id")).values_list("k", "n"))


# Week-over-week changes are marked when beyond chance (analysis.change), a table's rows as one family.
CHANGE_ALPHA = 0.05


def _comparison(municipality: Municipality, monday: datetime.date, key) -> list[dict]:
    def week(day):
        return _count_by(_between(reviewed(municipality), day, day + datetime.timedelta(days=6)), key)

    year, number, _weekday = monday.isocalendar()
    now, previous, last_year = (
        week(monday),
        week(monday - datetime.timedelta(days=7)),
        week(iso_monday(year - 1, number)),
    )
    keys = sorted(set(now) | set(previous) | set(last_year), key=lambda k: (-now.get(k, 0), str(k)))
    marked = marked_changes([(now.get(k, 0), previous.get(k, 0)) for k in keys], CHANGE_ALPHA)
    return [
        {
            "name": k or _("Okänd kommundel"),
            "now": now.get(k, 0),
            "previous": previous.get(k, 0),
            "last_year": last_year.get(k, 0),
            "beyond_chance": beyond_chance,
        }
        for k, beyond_chance in zip(keys, marked, strict=True)
    ]


def _matrix(municipality: Municipality, monday: datetime.date) -> list[list[int]]:
    """7 × 24 counts of the last MATRIX_WEEKS weeks, weekday (Monday first) by hour in local time, counted by
    the database."""
    first = monday - datetime.timedelta(weeks=MATRIX_WEEKS - 1)
    cells = (
        _between(reviewed(municipality), first, monday + datetime.timedelta(days=6))
        .order_by()
        .values_list(ExtractIsoWeekDay("occurred_at"), ExtractHour("occurred_at"))
        .annotate(n=Count("id"))
    )
    matrix = np.zeros((7, 24), dtype=int)
    for weekday, hour, n in cells:
        matrix[weekday - 1, hour] = n
    return matrix.tolist()


def _coordinates(qs: QuerySet) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array(
        qs.values_list(Cast("latitude", FloatField()), Cast("longitude", FloatField())), dtype=float
    ).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def _cell_places(municipality: Municipality, grid: Grid, cells: list[tuple[int, int]]) -> list[str]:
    """The name of the named place nearest each cell's centre, where one is within 400 m: hot spots are
    discussed by place in the meeting, not by grid square."""
    if not cells:
        return []
    places = list(active_places(municipality))
    centres = [grid.cell_bounds(row, col) for row, col in cells]
    lats, lons = to_wgs84([(b[0] + b[2]) / 2 for b in centres], [(b[1] + b[3]) / 2 for b in centres])
    nearest = [nearest_place(float(lat), float(lon), places, within_m=400) for lat, lon in zip(lats, lons, strict=True)]
    return [place.name if place else "" for place in nearest]


EMERGING_WEEKS = 12
EMERGING_DEFINITIONS = {
    "new": (_l("Ny"), _l("Hot spot den senaste veckan och aldrig tidigare under perioden.")),
    "consecutive": (
        _l("Sammanhängande"),
        _l("Hot spot de senaste veckorna i en obruten följd, aldrig före den, under 90 % av veckorna."),
    ),
    "intensifying": (
        _l("Intensifierad"),
        _l("Hot spot minst 90 % av veckorna, även den senaste, och antalet ökar (Mann–Kendall, 5 %)."),
    ),
    "persistent": (_l("Ihållande"), _l("Hot spot minst 90 % av veckorna, utan signifikant trend.")),
    "diminishing": (
        _l("Avtagande"),
        _l("Hot spot minst 90 % av veckorna, även den senaste, och antalet minskar (Mann–Kendall, 5 %)."),
    ),
    "sporadic": (_l("Sporadisk"), _l("Hot spot den senaste veckan, av och till tidigare, under 90 % av veckorna.")),
    "historical": (_l("Historisk"), _l("Hot spot minst 90 % av veckorna men inte den senaste.")),
}


def _numbers(rows: QuerySet, columns: int) -> np.ndarray:
    """A values_list of numbers as a float array, fetched by the database cursor in one go: a town's year of
    incidents is tens of thousands of rows, and building a Python tuple per row through the ORM costs more
    than the query."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=float).reshape(-1, columns)


class EpochSeconds(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, computed by the database: no per-row datetime
    objects in Python."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        # '%' doubled twice: once for this template, once for the SQLite backend's placeholder conversion.
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS REAL)", **extra)


@dataclass(frozen=True)
class Window:
    """The reviewed incidents of the STUDY_AREA_WEEKS weeks up to a week's end, read in one query: positions
    in SWEREF 99 TM, times in epoch seconds and categories. Every map figure of the week and the near-repeat
    test slice it."""

    x: np.ndarray
    y: np.ndarray
    seconds: np.ndarray
    category: np.ndarray

    @classmethod
    def read(cls, municipality: Municipality, monday: datetime.date) -> "Window":
        sunday = monday + datetime.timedelta(days=6)
        rows = _between(
            reviewed(municipality), sunday - datetime.timedelta(weeks=STUDY_AREA_WEEKS), sunday
        ).values_list(
            Cast("latitude", FloatField()),
            Cast("longitude", FloatField()),
            EpochSeconds("occurred_at"),
            Cast("category_id", FloatField()),
        )
        data = _numbers(rows, columns=4)
        x, y = to_sweref99tm(data[:, 0], data[:, 1]) if len(data) else (np.empty(0), np.empty(0))
        return cls(np.asarray(x), np.asarray(y), data[:, 2], data[:, 3].astype(np.int64))

    def between(self, first: datetime.date, last: datetime.date) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the incidents from first to last, local days, as _between selects them."""
        start, end = local_day_bounds(first, last)
        inside = (self.seconds >= start.timestamp()) & (self.seconds < end.timestamp())
        return self.x[inside], self.y[inside]


Study = tuple[Grid, np.ndarray]


def study_grid(window: Window) -> Study | None:
    """The hot-spot grid over the last year's incidents and its study area, the cells where an incident
    happened in the year, shared by the week's hot spots and emerging hot spots. The cells around them are
    left out: counted as places where incidents could have happened but never did, they would lower the
    density random placement expects and make hot and cold cells of chance."""
    if len(window.x) < 3:
        return None
    grid = Grid.covering(window.x, window.y, HOTSPOT_CELL_METRES)
    area = grid_counts(window.x, window.y, grid) > 0
    # Gi* compares a cell with the rest of the area: one cell has nothing to be compared with.
    return (grid, area) if area.sum() >= 2 else None


def study_area_summary(window: Window, study: Study | None) -> dict | None:
    """What the week's map was tested on: its cells, their area and the year's incidents in it."""
    if study is None:
        return None
    grid, area = study
    cells = int(area.sum())
    return {"cells": cells, "km2": round(cells * (grid.size / 1000) ** 2, 2), "incidents": len(window.x)}


def _counts(window: Window, grid: Grid, first: datetime.date, last: datetime.date) -> np.ndarray:
    return grid_counts(*window.between(first, last), grid)


def emerging(municipality: Municipality, monday: datetime.date, window: Window, study: Study | None) -> list[dict]:
    """Emerging hot spots over the last EMERGING_WEEKS weeks (analysis.hotspots.emerging_hot_spots)."""
    if study is None:
        return []
    grid, area = study
    weeks = [monday - datetime.timedelta(weeks=k) for k in range(EMERGING_WEEKS - 1, -1, -1)]
    cube = np.stack([_counts(window, grid, w, w + datetime.timedelta(days=6)) for w in weeks])
    categories = emerging_hot_spots(cube, study_area=area)
    found = [(int(row), int(col)) for row, col in zip(*np.nonzero(categories != ""), strict=True)]
    cells = [
        {
            "category": categories[row, col],
            "label": str(EMERGING_DEFINITIONS[categories[row, col]][0]),
            "place": place,
            "count": int(cube[:, row, col].sum()),
        }
        for (row, col), place in zip(found, _cell_places(municipality, grid, found), strict=True)
    ]
    order = list(EMERGING_CATEGORIES)
    return sorted(cells, key=lambda c: (order.index(c["category"]), -c["count"]))


def hotspots(municipality: Municipality, monday: datetime.date, window: Window, study: Study | None) -> list[dict]:
    """Significant Gi* hot spots of the last four weeks, classified against the four weeks before
    (analysis.hotspots.gi_star_significance: exact binomial p-values against random placement within the
    study area), both periods corrected as one family (analysis.family.one_family: Benjamini–Hochberg at
    5 % over the area's cells of both), so that on random data the map shows anything at most one week in
    twenty. The study area is where incidents happened in the last year: random placement over lakes and
    forest would make every town cell hot."""
    if study is None:
        return []
    grid, area = study
    sunday = monday + datetime.timedelta(days=6)
    now_first = monday - datetime.timedelta(weeks=HOTSPOT_WEEKS - 1)
    before_first = now_first - datetime.timedelta(weeks=HOTSPOT_WEEKS)
    counts_now = _counts(window, grid, now_first, sunday)
    counts_before = _counts(window, grid, before_first, now_first - datetime.timedelta(days=1))
    if counts_now.sum() + counts_before.sum() < 3:
        return []
    now = gi_star_significance(counts_now, study_area=area)
    before = gi_star_significance(counts_before, study_area=area)
    kind_now, kind_before = one_family([now, before], area)
    classes = classify_hot_spots(kind_before, kind_now)
    # Cold spots: fewer incidents than random placement gives where at least five are expected.
    classes[(kind_now == "cold") & (classes == "")] = "cold"
    found = [(int(row), int(col)) for row, col in zip(*np.nonzero(classes != ""), strict=True)]
    cells = []
    for (row, col), place in zip(found, _cell_places(municipality, grid, found), strict=True):
        xmin, ymin, xmax, ymax = grid.cell_bounds(row, col)
        lats, lons = to_wgs84([xmin, xmax, xmax, xmin], [ymin, ymin, ymax, ymax])
        cells.append(
            {
                "place": place,
                "class": classes[row, col],
                "z": round(float(now.z[row, col]), 2),
                "p": float(f"{now.p[row, col]:.2g}"),
                "q": float(f"{now.q[row, col]:.2g}"),
                "count": int(counts_now[row, col]),
                "count_before": int(counts_before[row, col]),
                "polygon": [[round(float(a), 6), round(float(b), 6)] for a, b in zip(lats, lons, strict=True)],
            }
        )
    return sorted(cells, key=lambda c: -c["z"])


def period_hot_spots(municipality: Municipality, first: datetime.date, last: datetime.date) -> list[dict]:
    """Hot spots of a whole period (a strategic lägesbild's year), by the same test as the weekly report:
    Gi* with exact binomial p-values against random placement where incidents happened, Benjamini–Hochberg
    at 5 %. Named after the nearest place, strongest first."""
    lat, lon = _coordinates(_between(reviewed(municipality), first, last))
    if len(lat) < 3:
        return []
    x, y = to_sweref99tm(lat, lon)
    grid = Grid.covering(x, y, HOTSPOT_CELL_METRES)
    counts = grid_counts(x, y, grid)
    if (counts > 0).sum() < 2:
        return []
    result = gi_star_significance(counts, study_area=counts > 0)
    found = [(int(row), int(col)) for row, col in zip(*np.nonzero(result.kind == "hot"), strict=True)]
    cells = [
        {"name": place, "total": int(counts[row, col]), "z": round(float(result.z[row, col]), 2)}
        for (row, col), place in zip(found, _cell_places(municipality, grid, found), strict=True)
    ]
    return sorted(cells, key=lambda c: -c["z"])


# The density layer: the bandwidth rule works on one town; over a municipality of several towns its
# spread would smear them together, so it is held between one and four cells.
DENSITY_BANDWIDTH_METRES = (250.0, 1000.0)
DENSITY_CLASSES = (0.1, 0.25, 0.5, 0.75)  # shares of the highest density that start a class
DENSITY_MAX_CELLS = 1500


def density(monday: datetime.date, window: Window, study: Study | None) -> dict | None:
    """A kernel density surface of the last HOTSPOT_WEEKS weeks' reviewed incidents on the hot-spot grid
    (analysis.hotspots.binned_kde, Gaussian kernel), in incidents per km², as cells in four classes."""
    if study is None:
        return None
    grid, _area = study
    sunday = monday + datetime.timedelta(days=6)
    x, y = window.between(monday - datetime.timedelta(weeks=HOTSPOT_WEEKS - 1), sunday)
    if len(x) < 3:
        return None
    low, high = DENSITY_BANDWIDTH_METRES
    bandwidth = float(np.clip(kde_bandwidth(x, y), low, high))
    surface = binned_kde(grid_counts(x, y, grid), grid.size, bandwidth)
    peak = float(surface.max())
    shown = np.argwhere(surface >= DENSITY_CLASSES[0] * peak)
    shown = shown[np.argsort(-surface[tuple(shown.T)])][:DENSITY_MAX_CELLS]
    rows, cols = shown[:, 0], shown[:, 1]
    xs = grid.x0 + np.stack([cols, cols + 1, cols + 1, cols], axis=1) * grid.size
    ys = grid.y0 + np.stack([rows, rows, rows + 1, rows + 1], axis=1) * grid.size
    lats, lons = to_wgs84(xs.ravel(), ys.ravel())
    corners = np.round(np.stack([lats, lons], axis=1), 5).reshape(-1, 4, 2)
    levels = np.searchsorted(np.array(DENSITY_CLASSES) * peak, surface[rows, cols], side="right") - 1
    return {
        "bandwidth_m": round(bandwidth),
        "weeks": HOTSPOT_WEEKS,
        "classes": [round(share * peak, 1) for share in DENSITY_CLASSES],
        "cells": [
            {"level": int(level), "polygon": polygon.tolist()} for level, polygon in zip(levels, corners, strict=True)
        ],
    }


def police_trend(municipality: Municipality, monday: datetime.date) -> dict:
    """Police events per ISO week for the municipality (municipality level: the feed has no street positions)."""
    first = monday - datetime.timedelta(weeks=POLICE_TREND_WEEKS - 1)
    start, end = local_day_bounds(first, monday + datetime.timedelta(days=6))
    events = PoliceEvent.objects.filter(
        municipality_code=municipality.code, is_summary=False, occurred_at__gte=start, occurred_at__lt=end
    ).values_list("occurred_at", "event_type", "is_demo")
    weeks = [first + datetime.timedelta(weeks=i) for i in range(POLICE_TREND_WEEKS)]
    index = {w.isocalendar()[:2]: i for i, w in enumerate(weeks)}
    totals, by_type, replayed = [0] * len(weeks), {}, 0
    for occurred_at, event_type, is_demo in events:
        replayed += is_demo
        i = index.get(timezone.localtime(occurred_at).isocalendar()[:2])
        if i is None:
            continue
        totals[i] += 1
        by_type.setdefault(event_type, [0] * len(weeks))[i] += 1
    top = sorted(by_type.items(), key=lambda item: -sum(item[1]))[:6]
    latest = (
        PoliceEvent.objects.filter(municipality_code=municipality.code, is_demo=False).order_by("-occurred_at").first()
    )
    return {
        "latest": timezone.localtime(latest.occurred_at).strftime("%Y-%m-%d") if latest else None,
        "weeks": [f"v{w.isocalendar()[1]}" for w in weeks],
        "total": totals,
        "types": [{"type": t, "counts": c} for t, c in top],
        "replayed": replayed,
    }


def _points(municipality: Municipality, monday: datetime.date) -> list[dict]:
    week = _between(reviewed(municipality), monday, monday + datetime.timedelta(days=6))
    rows = week.annotate(main=Coalesce("category__parent__name", "category__name")).values_list(
        "latitude", "longitude", "main", "category__name", "occurred_at"
    )[:5000]
    return [
        {
            "lat": float(lat),
            "lng": float(lng),
            "main": main,
            "category": name,
            "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
        }
        for lat, lng, main, name, at in rows
    ]


def _sources(municipality: Municipality, monday: datetime.date) -> list[dict]:
    week = _between(Incident.objects.filter(municipality=municipality), monday, monday + datetime.timedelta(days=6))
    by_source = _count_by(week.filter(status=Incident.Status.REVIEWED), F("source"))
    sources = [
        {
            "name": _("Händelserapporter från samverkansparter (EST)"),
            "count": by_source.get("partner", 0) + by_source.get("import", 0),
            "limits": _(
                "Endast granskade rapporter räknas. Antalet beror på hur många parter som rapporterar och hur "
                "ofta; en ökning kan spegla fler rapportörer snarare än fler händelser."
            ),
        },
        {
            "name": _("Invånarnas rapporter (formulär och Open311)"),
            "count": by_source.get("citizen", 0) + by_source.get("open311", 0),
            "limits": _("Granskas innan de räknas. Speglar var invånare rör sig och vill rapportera."),
        },
        {
            "name": _("Polisens öppna händelser (polisen.se)"),
            "count": None,
            "limits": _(
                "Ett urval av polisens händelser, publicerat i efterhand. Koordinaterna är kommunens eller "
                "länets mittpunkt, aldrig gatunivå: de används bara för trender på kommunnivå och aldrig i "
                "kartan över hot spots. Nattsammanfattningar och länshändelser ingår inte."
            ),
        },
    ]
    if by_source.get("demo"):
        sources.append(
            {
                "name": _("Demodata"),
                "count": by_source["demo"],
                "limits": _("Syntetiska händelser som visar hur lägesbilden fungerar. Inte verkliga."),
            }
        )
    return sources


# Near repeat: vandalism, where one incident is often followed by another nearby (Johnson et al. 2007).
NEAR_REPEAT_CATEGORY = "skadegorelse"
NEAR_REPEAT_DISTANCES, NEAR_REPEAT_DAYS = [0.1, 200, 400], [7, 14]
# Above NEAR_REPEAT_SAMPLE_EVENTS a seeded random sample of that many is tested (stated in the result): a
# random subset keeps the null hypothesis, and the cost stays that of a town's year.
NEAR_REPEAT_MIN_EVENTS, NEAR_REPEAT_SAMPLE_EVENTS = 20, 5_000
# Monte Carlo while pairs × permutations stay within this (about 0.1 s), else the exact normal method.
NEAR_REPEAT_PERMUTATION_BUDGET = 10_000_000
NEAR_REPEAT_ALPHA = 0.05
NEAR_REPEAT_METHOD = {
    "permutation": "Hela tabellen: på slumpmässiga data visar högst en körning av tjugo något fynd "
    "(99 slumpvisa omkastningar av tiderna, jämfört med största avvikelsen i tabellen).",
    "normal": "Hela tabellen: på slumpmässiga data visar högst en körning av tjugo något fynd "
    "(exakt väntevärde och spridning vid omkastning av tiderna, normalapproximation, Holms korrektion).",
}


def _swedish_number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def near_repeat(municipality: Municipality, monday: datetime.date, window: Window | None = None) -> dict | None:
    """The Knox table for a year of reviewed vandalism up to the week's end (analysis.nearrepeat), with
    a plain-Swedish reading of each band that is significant with the whole table controlled (p_family:
    on data without near repeats at most one run in twenty reads anything). Days are local calendar days.
    None when there is too little to test; above NEAR_REPEAT_SAMPLE_EVENTS a random sample is tested and
    "sample" says so."""
    window = window or Window.read(municipality, monday)
    chosen = np.isin(window.category, category_ids([NEAR_REPEAT_CATEGORY]))
    rows = np.column_stack([window.x[chosen], window.y[chosen], window.seconds[chosen]])
    if len(rows) < NEAR_REPEAT_MIN_EVENTS:
        return None
    result = knox(
        rows[:, 0],
        rows[:, 1],
        local_days(rows[:, 2]),
        NEAR_REPEAT_DISTANCES,
        NEAR_REPEAT_DAYS,
        permutations=99,
        seed=0,
        sample=NEAR_REPEAT_SAMPLE_EVENTS,
        permutation_budget=NEAR_REPEAT_PERMUTATION_BUDGET,
    )
    readings = []
    for d, (d_low, d_high) in enumerate(result.distance_bands):
        for t, (t_low, t_high) in enumerate(result.time_bands):
            ratio = result.ratio_median[d, t]
            if result.p_family[d, t] <= NEAR_REPEAT_ALPHA and ratio > 1:
                place = "på samma plats" if d_low == 0 else f"inom {d_low:g}–{d_high:g} m"
                when = f"inom {t_high:g} dagar" if t_low == 0 else f"efter {t_low:g}–{t_high:g} dagar"
                readings.append(
                    f"{place} och {when}: {ratio:.1f}".replace(".", ",") + " gånger fler par än slumpen ger"
                )
    sample = None
    if result.sampled_from is not None:
        sample = (
            f"Slumpvis urval av {_swedish_number(result.events)} av {_swedish_number(result.sampled_from)} "
            "händelser: testet gäller urvalet."
        )
    return {
        "events": result.events,
        "distance_bands": result.distance_bands,
        "time_bands": result.time_bands,
        "observed": result.observed.tolist(),
        "ratio_median": [[None if np.isnan(v) else round(float(v), 2) for v in row] for row in result.ratio_median],
        "p_value": [[round(float(v), 3) for v in row] for row in result.p_value],
        "p_family": [[round(float(v), 3) for v in row] for row in result.p_family],
        "readings": readings,
        "controlled": "table",
        "test": result.method,
        "method": NEAR_REPEAT_METHOD[result.method],
        "sampled_from": result.sampled_from,
        "sample": sample,
    }


# The shape of a report's figures (trygg.freezing): an approved report keeps what it was built with, so a
# change of shape raises it and read_figures upgrades what older reports stored.
FIGURES_SCHEMA = 1


def read_figures(stored: dict) -> dict:
    """A report's stored figures in today's shape (those stored before the key was written are schema 1)."""
    return upgraded(stored, FIGURES_SCHEMA)


# Where the methods page (public:methods) explains each figure of the report, by its key in the figures;
# the other keys are the settings the figures were made with. A new figure needs an entry here and a
# section there (tests/test_methods.py).
FIGURE_METHODS = {
    "by_category": "forandring",
    "by_district": "forandring",
    "matrix": "veckodag-och-timme",
    "points": "kallor",
    "hotspots": "hot-spots",
    "study_area": "hot-spots",
    "density": "tathet",
    "emerging": "framvaxande-hot-spots",
    "police": "polisens-handelser",
    "near_repeat": "near-repeat",
    "sources": "kallor",
    "presence": "narvaro",
}
FIGURE_SETTINGS = {
    "schema",
    "week",
    "first_day",
    "last_day",
    "change_test",
    "matrix_weeks",
    "hotspot_weeks",
    "hotspot_cell_metres",
    "map_error_rate",
    "emerging_weeks",
}


def build_figures(municipality: Municipality, monday: datetime.date) -> dict:
    main_category = Coalesce("category__parent__name", "category__name")
    window = Window.read(municipality, monday)
    study = study_grid(window)
    figures = {
        "week": iso_week(monday),
        "first_day": monday.isoformat(),
        "last_day": (monday + datetime.timedelta(days=6)).isoformat(),
        "by_category": _comparison(municipality, monday, main_category),
        "by_district": _comparison(municipality, monday, Coalesce("district__name", "place__district__name")),
        "change_test": {"alpha": CHANGE_ALPHA, "family": "table"},
        "matrix": _matrix(municipality, monday),
        "matrix_weeks": MATRIX_WEEKS,
        "points": _points(municipality, monday),
        "hotspots": hotspots(municipality, monday, window, study),
        "map_error_rate": 0.05,
        "study_area": study_area_summary(window, study),
        "hotspot_weeks": HOTSPOT_WEEKS,
        "hotspot_cell_metres": HOTSPOT_CELL_METRES,
        "density": density(monday, window, study),
        "emerging": emerging(municipality, monday, window, study),
        "emerging_weeks": EMERGING_WEEKS,
        "police": police_trend(municipality, monday),
        "near_repeat": near_repeat(municipality, monday, window),
        "sources": _sources(municipality, monday),
        "presence": presence_gaps(municipality, monday + datetime.timedelta(weeks=1)),
    }
    return stamped(figures, FIGURES_SCHEMA)


def presence_gaps(municipality: Municipality, next_monday: datetime.date) -> dict:
    """The week after the report's: its largest presence gaps and the suggestions accepted for it."""
    params = Parameters(municipality, next_monday)
    report = gap_report(params, capacities=[])
    return {
        "week": report["week"],
        "history_weeks": params.history_weeks,
        "gaps": report["gaps"][:TOP_REPORTED_GAPS],
        "accepted": report["accepted"],
    }
