"""Reads of the situation picture. Every object a view fetches comes through a *_for(user) queryset here,
scoped to the user's municipalities: one place where tenancy is decided (as Healthchecks' _get_check_for_user)."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import Municipality, User
from accounts.selectors import municipalities_for
from privacy import ledger
from privacy.suppression import THRESHOLD
from trygg.calendar import local_day_bounds

from .models import Incident, IncidentCategory, IncidentImport, IncidentPhoto, PoliceEvent, valid_ref


def incidents_for(user: User) -> QuerySet[Incident]:
    return Incident.objects.filter(municipality__in=municipalities_for(user))


def review_queue(municipality: Municipality) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(municipality=municipality, status=Incident.Status.NEW)
        .select_related("category__parent", "place", "district", "reporting_organisation")
        .order_by("occurred_at")
    )


def map_points(incidents: QuerySet[Incident], limit: int) -> list[dict]:
    """The newest `limit` incidents as map points: category, time and place, never the free text."""
    newest = incidents.select_related("category__parent", "place").order_by("-occurred_at")[:limit]
    return [
        {
            "lat": float(incident.latitude),
            "lng": float(incident.longitude),
            "category": str(incident.category),
            "main": incident.category.main.name,
            "at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%d %H:%M"),
            "place": incident.place.name if incident.place_id else "",
        }
        for incident in newest
    ]


def counts_by_main_category(incidents: QuerySet[Incident]) -> list[tuple[str, int]]:
    """(main category, count), largest first: the map's figures as a table."""
    main = Coalesce("category__parent__name", "category__name")
    rows = incidents.annotate(main=main).values("main").annotate(n=Count("id")).order_by("-n", "main")
    return [(row["main"], row["n"]) for row in rows]


def citizen_report(ref: str, **where) -> Incident | None:
    """A citizen's (or Open311) report by the reference its reporter holds, narrowed by ``where`` (its
    municipality); None for anything else, so a partner's report can never be probed by reference."""
    ref = ref.strip().upper()
    if not valid_ref(ref):
        return None
    return (
        Incident.objects.filter(public_ref=ref, source__in=[Incident.Source.CITIZEN, Incident.Source.OPEN311], **where)
        .select_related("municipality", "category", "district")
        .first()
    )


def public_incidents(municipality: Municipality) -> QuerySet[Incident]:
    """The population the public cells count (safety map, open data, Open311): reviewed incidents of every
    source, each with its cell (month, district, main category)."""
    return Incident.objects.filter(municipality=municipality, status=Incident.Status.REVIEWED).annotate(
        month=TruncMonth("occurred_at"),
        main=Coalesce("category__parent__name", "category__name"),
        area=Coalesce("district__name", "place__district__name"),
    )


def published_cells(municipality_id: int, first: datetime.date, last: datetime.date) -> list[dict[str, int]]:
    """The public cells (a partition) of the months from first to last that show their count exactly, each
    as its population for the ledger of published figures (settings.LEDGER_SHOWN_ELSEWHERE)."""
    municipality = Municipality.objects.get(pk=municipality_id)
    month_end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    start, end = local_day_bounds(first.replace(day=1), month_end)
    cells: dict[tuple, list[int]] = {}
    rows = public_incidents(municipality).filter(occurred_at__gte=start, occurred_at__lt=end)
    for pk, month, area, main in rows.values_list("pk", "month", "area", "main"):
        cells.setdefault((month, area, main), []).append(pk)
    return [ledger.incidents(pks) for pks in cells.values() if len(pks) >= THRESHOLD]


def own_reports(user: User) -> QuerySet[Incident]:
    """What the user reported themselves, newest first."""
    return Incident.objects.filter(reported_by=user).select_related("category", "place")


def import_jobs() -> QuerySet[IncidentImport]:
    """Imports without their file: a job is polled every second and never needs it."""
    return IncidentImport.objects.defer("content")


def main_categories() -> QuerySet[IncidentCategory]:
    return IncidentCategory.objects.filter(parent=None).prefetch_related("children")


def police_events_in(municipality: Municipality) -> QuerySet[PoliceEvent]:
    """The police's events at the municipality's level (the feed has no street positions), no summaries."""
    return PoliceEvent.objects.filter(municipality_code=municipality.code, is_summary=False)


def reviewed_in(municipality: Municipality) -> QuerySet[Incident]:
    return Incident.objects.filter(municipality=municipality, status=Incident.Status.REVIEWED)


def category_ids(codes: Iterable[str]) -> list[int]:
    """The ids of the categories named and their subcategories (a main category's code takes them all)."""
    codes = list(codes)
    return list(
        IncidentCategory.objects.filter(Q(code__in=codes) | Q(parent__code__in=codes)).values_list("pk", flat=True)
    )


def photos_for(user: User) -> QuerySet[IncidentPhoto]:
    """The photos of reports the user's municipalities hold, without the image itself."""
    return (
        IncidentPhoto.objects.defer("jpeg")
        .select_related("incident__municipality")
        .filter(incident__in=incidents_for(user))
    )


def photo_jpeg(incident_id: int) -> bytes:
    return IncidentPhoto.objects.filter(incident_id=incident_id).values_list("jpeg", flat=True).get()
