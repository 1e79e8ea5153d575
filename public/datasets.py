"""Open data: published promises, published follow-ups and aggregated incident counts.

The column sets are documented on /oppna-data/ and are stable: new columns are only ever appended.
Counts under 5 are published as "<5" (privacy.suppression).
"""

import datetime

from django.http import HttpResponse

from accounts.models import Municipality
from programme import snapshot
from programme.models import FollowUp, Indicator, PromiseSet, PromiseStatus
from trygg.exports import table_response

from . import selectors

DATASETS = {
    "medborgarloften": {
        "title": "Medborgarlöften",
        "description": "Publicerade medborgarlöften med fokusområden, löften, aktiviteter och indikatorer.",
        "columns": [
            "kommun",
            "kommunkod",
            "medborgarlofte",
            "period_fran",
            "period_till",
            "undertecknat",
            "fokusomrade",
            "lofte",
            "vem_lovar",
            "aktivitet",
            "aktivitetstyp",
            "ansvarig",
            "indikator",
            "indikatortyp",
            "enhet",
            "utgangsvarde",
            "malvarde",
        ],
    },
    "uppfoljningar": {
        "title": "Uppföljningar",
        "description": "Publicerade (låsta) uppföljningar: varje version, löftenas status och indikatorernas värden.",
        "columns": [
            "kommun",
            "medborgarlofte",
            "version",
            "publicerad",
            "period_fran",
            "period_till",
            "lofte",
            "status",
            "kommentar",
            "indikator",
            "enhet",
            "malvarde",
            "varde",
            "andel_av_mal_procent",
        ],
    },
    "handelser": {
        "title": "Händelser per kommundel och månad",
        "description": "Granskade händelser per månad, kommundel och huvudkategori. Punkt = kommundelens mitt.",
        "columns": ["kommun", "manad", "kommundel", "kategori", "antal"],
    },
}


def _promise_rows(municipality: Municipality):
    indicators = {}
    for indicator in Indicator.objects.filter(activity__promise__focus_area__promise_set__published=True):
        indicators.setdefault(indicator.activity_id, []).append(indicator)
    for promise_set in PromiseSet.objects.filter(municipality=municipality, published=True).prefetch_related(
        "focus_areas__promises__activities__responsible"
    ):
        for fa in promise_set.focus_areas.all():
            for promise in fa.promises.all():
                for activity in promise.activities.all():
                    base = [
                        municipality.name,
                        municipality.code,
                        promise_set.title,
                        promise_set.period_start.isoformat(),
                        promise_set.period_end.isoformat(),
                        promise_set.signed_on.isoformat() if promise_set.signed_on else None,
                        fa.title,
                        promise.text,
                        promise.get_promisor_display(),
                        activity.title,
                        activity.get_activity_type_display(),
                        activity.responsible.name,
                    ]
                    for indicator in indicators.get(activity.pk, []) or [None]:
                        yield base + (
                            [
                                indicator.name,
                                indicator.get_kind_display(),
                                indicator.unit,
                                indicator.baseline,
                                indicator.target,
                            ]
                            if indicator
                            else [None] * 5
                        )


def _follow_up_rows(municipality: Municipality):
    follow_ups = FollowUp.objects.filter(
        promise_set__municipality=municipality, promise_set__published=True, status=FollowUp.Status.PUBLISHED
    ).select_related("promise_set")
    labels = dict(PromiseStatus.Status.choices)
    for f in follow_ups.order_by("promise_set__period_start", "version"):
        published = snapshot.read(f.snapshot)
        for fa in published.focus_areas:
            for promise in fa.promises:
                base = [
                    municipality.name,
                    f.promise_set.title,
                    f.version,
                    f.published_at.date().isoformat(),
                    published.period[0],
                    published.period[1],
                    promise.text,
                    str(labels.get(promise.status, "")),
                    promise.narrative,
                ]
                for ind in promise.indicators:
                    share = selectors.indicator_share(ind)
                    percent = None if share is None else round(share * 100, 1)
                    yield base + [ind.name, ind.unit, ind.target, selectors.indicator_value(ind), percent]


def _incident_rows(municipality: Municipality):
    months = selectors.incident_months(municipality)
    if not months:
        return [], []
    last_full = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    cells = selectors.incident_cells(municipality, months[-1], min(months[0], last_full.replace(day=1)))
    centres = selectors.district_centres(municipality)
    rows = [[municipality.name, c["month"], c["district"], c["category"], c["count"]] for c in cells]
    geometries = [
        {"type": "Point", "coordinates": [centres[c["district"]][1], centres[c["district"]][0]]} for c in cells
    ]
    return rows, geometries


def response(name: str, fmt: str, municipality: Municipality) -> HttpResponse:
    spec = DATASETS[name]
    geometries = None
    if name == "medborgarloften":
        rows = list(_promise_rows(municipality))
    elif name == "uppfoljningar":
        rows = list(_follow_up_rows(municipality))
    else:
        rows, geometries = _incident_rows(municipality)
    return table_response(fmt, spec["columns"], rows, f"{name}-{municipality.slug}", spec["title"], geometries)
