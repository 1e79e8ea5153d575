"""The data sections of a strategic lägesbild, filled from Trygg and frozen with their date: incidents and
police events per category and year, places, times, and the logged preventive work. Counts only: places
and situations, never persons."""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldwork.models import ActivityLog
from incidents.models import Incident, PoliceEvent
from situation.figures import period_hot_spots
from trygg.freezing import stamped, upgraded

from .models import Assessment, AssessmentSection

WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
HOUR_BANDS = [(0, 6), (6, 12), (12, 18), (18, 24)]
TOP = 10


def _years(assessment: Assessment) -> list[int]:
    return list(range(assessment.period_start.year, assessment.period_end.year + 1))


def _incidents(assessment: Assessment):
    return Incident.objects.filter(
        municipality=assessment.municipality,
        status=Incident.Status.REVIEWED,
        occurred_at__date__gte=assessment.period_start,
        occurred_at__date__lte=assessment.period_end,
    )


def _per_year(rows, years: list[int], key: str) -> list[dict]:
    """[{name, counts per year, total}] from rows of {key, year, n}, largest total first."""
    table: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        table[row[key] or _("Okänd")][row["year"]] += row["n"]
    result = [
        {"name": name, "counts": [counts[y] for y in years], "total": sum(counts.values())}
        for name, counts in table.items()
    ]
    return sorted(result, key=lambda r: (-r["total"], r["name"]))


def _trends(assessment: Assessment) -> dict:
    years = _years(assessment)
    incidents = (
        _incidents(assessment)
        .annotate(main=Coalesce("category__parent__name", "category__name"), year=ExtractYear("occurred_at"))
        .values("main", "year")
        .annotate(n=Count("id"))
    )
    police = (
        PoliceEvent.objects.filter(
            municipality_code=assessment.municipality.code,
            is_summary=False,
            is_demo=False,
            occurred_at__date__gte=assessment.period_start,
            occurred_at__date__lte=assessment.period_end,
        )
        .annotate(year=ExtractYear("occurred_at"))
        .values("event_type", "year")
        .annotate(n=Count("id"))
    )
    return {
        "years": years,
        "incidents": _per_year(incidents, years, "main"),
        "police": _per_year(police, years, "event_type")[:TOP],
    }


def _places(assessment: Assessment) -> dict:
    years = _years(assessment)
    districts = (
        _incidents(assessment)
        .annotate(year=ExtractYear("occurred_at"))
        .values("district__name", "year")
        .annotate(n=Count("id"))
    )
    places = (
        _incidents(assessment)
        .exclude(place=None)
        .values("place__name")
        .annotate(n=Count("id"))
        .order_by("-n", "place__name")
    )
    hot = period_hot_spots(assessment.municipality, assessment.period_start, assessment.period_end)
    return {
        "years": years,
        "districts": _per_year(districts, years, "district__name"),
        "places": [{"name": row["place__name"], "total": row["n"]} for row in places[:TOP]],
        "hotspots": [{**cell, "name": cell["name"] or _("Ruta utan namngiven plats i närheten")} for cell in hot[:TOP]],
    }


def _times(assessment: Assessment) -> dict:
    weekdays, bands = Counter(), Counter()
    for moment in _incidents(assessment).values_list("occurred_at", flat=True):
        local = timezone.localtime(moment)
        weekdays[local.weekday()] += 1
        bands[next(i for i, (low, high) in enumerate(HOUR_BANDS) if low <= local.hour < high)] += 1
    return {
        "weekdays": [{"name": WEEKDAYS[d], "total": weekdays[d]} for d in range(7)],
        "hours": [{"name": f"{low:02d}–{high:02d}", "total": bands[i]} for i, (low, high) in enumerate(HOUR_BANDS)],
    }


def _work(assessment: Assessment) -> dict:
    years = _years(assessment)
    logs = (
        ActivityLog.objects.filter(
            municipality=assessment.municipality,
            started_at__date__gte=assessment.period_start,
            started_at__date__lte=assessment.period_end,
        )
        .annotate(year=ExtractYear("started_at"))
        .values("log_type", "year")
        .annotate(n=Count("id"))
    )
    labels = dict(ActivityLog._meta.get_field("log_type").choices)
    rows = [{**row, "log_type": str(labels.get(row["log_type"], row["log_type"]))} for row in logs]
    return {"years": years, "shifts": _per_year(rows, years, "log_type")}


def _sources(assessment: Assessment) -> dict:
    by_source = _incidents(assessment).values("source").annotate(n=Count("id")).order_by("-n")
    labels = dict(Incident.Source.choices)
    return {"incidents": [{"name": str(labels.get(r["source"], r["source"])), "total": r["n"]} for r in by_source]}


def _safety(assessment: Assessment) -> dict:
    from surveys.selectors import municipality_trends

    return {
        "surveys": [
            {**t, "rows": [{**r, "shares": [None if v is None else float(v) for v in r["shares"]]} for r in t["rows"]]}
            for t in municipality_trends(assessment.municipality, _years(assessment))
        ]
    }


# The shape of a data section's figures (trygg.freezing): an approved lägesbild keeps the figures it was
# approved with, so a change of shape raises it and section_figures upgrades what older sections stored.
SECTION_SCHEMA = 1


def section_figures(section: AssessmentSection) -> dict:
    """A section's stored figures in today's shape (those stored before the key was written are schema 1); a
    section without figures has none."""
    return upgraded(section.figures, SECTION_SCHEMA) if section.figures else {}


BUILDERS = {
    AssessmentSection.Kind.SAFETY: _safety,
    AssessmentSection.Kind.TRENDS: _trends,
    AssessmentSection.Kind.PLACES: _places,
    AssessmentSection.Kind.TIMES: _times,
    AssessmentSection.Kind.WORK: _work,
    AssessmentSection.Kind.SOURCES: _sources,
}


@transaction.atomic
def build_sections(assessment: Assessment, today: datetime.date | None = None) -> None:
    """Every section exists; the data sections get today's figures (only while the lägesbild is a draft)."""
    today = today or timezone.localdate()
    for kind in AssessmentSection.Kind:
        section, _created = AssessmentSection.objects.get_or_create(assessment=assessment, kind=kind)
        if kind in BUILDERS:
            section.figures = stamped(BUILDERS[kind](assessment), SECTION_SCHEMA)
            section.figures_built_on = today
            section.save(update_fields=["figures", "figures_built_on"])
