"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services, service
definitions, requests (GET list and single, POST with an API key), in JSON and XML.

Errors are the spec's array of {code, description}. Reports land in the coordinator's review queue.
Public responses carry no free text and no exact points: a request's position is rounded to about
100 m and its description is not published.
"""

import datetime
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from accounts.models import Municipality
from fieldwork.models import Place
from incidents import services as incident_services
from incidents.models import Incident, IncidentCategory
from privacy.screening import likely_names, screen

from . import ratelimit
from .models import Open311ApiKey

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-25T00:00:00Z"
MAX_REQUESTS = 1000
MICRODEGREE = Decimal("0.000001")
PLURALS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    elif isinstance(value, list):
        for child in value:
            _fill(ElementTree.SubElement(element, PLURALS.get(element.tag, "item")), child)
    elif value is not None:
        element.text = str(value).lower() if isinstance(value, bool) else str(value)


def _xml(root: str, item: str | None, data) -> str:
    element = ElementTree.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        _fill(ElementTree.SubElement(element, item) if item else element, entry)
    return '<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(element, encoding="unicode")


def _respond(fmt: str, data, root: str, item: str | None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, data), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, [{"code": status, "description": description}], "errors", "error", status)


def endpoint(view):
    """Format check, and Open311 errors as the spec's error array: bad input never gives a 500."""

    def wrapper(request: HttpRequest, fmt: str, **kwargs):
        if fmt not in ("json", "xml"):
            return _error("json", 404, "Formatet stöds inte: använd .json eller .xml.")
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as error:
            return _error(fmt, error.status, error.description)

    wrapper.__name__ = view.__name__
    return csrf_exempt(wrapper)


def _jurisdiction(request: HttpRequest) -> Municipality:
    slug = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if not slug:
        if Municipality.objects.count() == 1:
            return Municipality.objects.get()
        raise Open311Error(400, "jurisdiction_id saknas (kommunens kortnamn, t.ex. strangnas).")
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Open311Error(404, f"Okänd jurisdiction_id {slug!r}.")
    return municipality


def _services():
    return IncidentCategory.objects.filter(active=True).select_related("parent").order_by("parent__order", "order")


def _service(category: IncidentCategory) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": str(category),
        "metadata": False,
        "type": "batch",
        "keywords": category.main.code,
        "group": category.main.name,
    }


@endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("public:open311:services", args=["json"])).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _respond(fmt, data, "discovery", None)


@endpoint
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    _jurisdiction(request)
    return _respond(fmt, [_service(c) for c in _services()], "services", "service")


@endpoint
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    _jurisdiction(request)
    if not _services().filter(code=code).exists():
        raise Open311Error(404, f"Okänd service_code {code!r}.")
    return _respond(fmt, {"service_code": code, "attributes": []}, "service_definition", None)


STATUS_NOTES = {
    Incident.Status.REVIEWED: "Granskad och inräknad i lägesbilden.",
    Incident.Status.REJECTED: "Granskad, ej inräknad.",
}


def _as_request(incident: Incident) -> dict:
    def when(value):
        return timezone.localtime(value).isoformat(timespec="seconds")

    return {
        "service_request_id": str(incident.pk),
        "status": "open" if incident.status == Incident.Status.NEW else "closed",
        "status_notes": STATUS_NOTES.get(incident.status),
        "service_name": incident.category.name,
        "service_code": incident.category.code,
        "description": None,
        "agency_responsible": str(incident.municipality),
        "service_notice": None,
        "requested_datetime": when(incident.created_at),
        "updated_datetime": when(incident.reviewed_at or incident.created_at),
        "expected_datetime": None,
        "address": incident.district.name if incident.district_id else None,
        "address_id": None,
        "zipcode": None,
        "lat": round(float(incident.latitude), 3),
        "long": round(float(incident.longitude), 3),
        "media_url": None,
    }


def _public_requests(municipality: Municipality):
    return Incident.objects.filter(
        municipality=municipality, source__in=[Incident.Source.CITIZEN, Incident.Source.OPEN311]
    ).select_related("category", "municipality", "district")


def _date(text: str, name: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} måste vara en tid i W3C-format, t.ex. 2025-06-01T00:00:00Z.") from None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _filtered(request: HttpRequest, found):
    if ids := request.GET.get("service_request_id"):
        parts = [part.strip() for part in ids.split(",")]
        if not all(part.isdigit() for part in parts):
            raise Open311Error(400, "service_request_id måste vara en kommaseparerad lista med id.")
        return found.filter(pk__in=[int(part) for part in parts])
    end = _date(request.GET["end_date"], "end_date") if request.GET.get("end_date") else timezone.now()
    start = (
        _date(request.GET["start_date"], "start_date")
        if request.GET.get("start_date")
        else end - datetime.timedelta(days=90)
    )
    if end < start:
        raise Open311Error(400, "end_date är före start_date.")
    found = found.filter(created_at__gte=start, created_at__lte=end)
    if codes := request.GET.get("service_code"):
        found = found.filter(category__code__in=codes.split(","))
    status = request.GET.get("status") or None
    if status not in (None, "open", "closed"):
        raise Open311Error(400, "status måste vara open eller closed.")
    if status == "open":
        found = found.filter(status=Incident.Status.NEW)
    elif status == "closed":
        found = found.exclude(status=Incident.Status.NEW)
    return found


@endpoint
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "Endast GET och POST.")
    found = _filtered(request, _public_requests(_jurisdiction(request)))
    data = [_as_request(i) for i in found.order_by("-created_at")[:MAX_REQUESTS]]
    return _respond(fmt, data, "service_requests", "request")


@endpoint
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    requests_here = _public_requests(_jurisdiction(request))
    incident = requests_here.filter(pk=int(request_id)).first() if request_id.isdigit() else None
    if incident is None:
        raise Open311Error(404, f"Ingen förfrågan med id {request_id!r}.")
    return _respond(fmt, [_as_request(incident)], "service_requests", "request")


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = Open311ApiKey.lookup(request.POST.get("api_key", ""))
    if key is None:
        raise Open311Error(403, "api_key saknas eller är ogiltig.")
    limit, window = settings.OPEN311_RATE_LIMIT
    if not ratelimit.allow(request, f"open311:{key.pk}", limit, window):
        raise Open311Error(429, "För många förfrågningar. Försök igen senare.")
    municipality = _jurisdiction(request) if request.POST.get("jurisdiction_id") else key.municipality
    if municipality != key.municipality:
        raise Open311Error(403, "Nyckeln gäller en annan kommun.")
    category = _services().filter(code=request.POST.get("service_code", "")).first()
    if category is None:
        raise Open311Error(400, "service_code saknas eller är okänd (se services).")
    incident = Incident(
        municipality=municipality,
        category=category,
        occurred_at=timezone.now(),
        source=Incident.Source.OPEN311,
        description=request.POST.get("description", "")[:1000],
        contact_email=request.POST.get("email", "")[:254],
    )
    _locate(incident, request.POST)
    found = sorted({f.kind for f in screen(incident.description)})
    if likely_names(incident.description):
        found.append("namn")
    if found:
        raise Open311Error(
            400, f"description innehåller personuppgifter ({', '.join(found)}). Beskriv platsen, inte personer."
        )
    try:
        incident_services.report_incident(user=None, incident=incident)
    except ValidationError as error:
        raise Open311Error(
            400, "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        ) from None
    notice = "Tack! Rapporten granskas av kommunen innan den räknas i lägesbilden."
    body = [{"service_request_id": str(incident.pk), "service_notice": notice, "account_id": None}]
    return _respond(fmt, body, "service_requests", "request", status=201)


def _locate(incident: Incident, data) -> None:
    lat, lng = data.get("lat"), data.get("long")
    if lat and lng:
        try:
            position = [Decimal(value.strip()).quantize(MICRODEGREE) for value in (lat, lng)]
        except (InvalidOperation, ValueError):
            position = []
        if len(position) != 2 or not all(value.is_finite() for value in position):
            raise Open311Error(400, "lat och long måste vara tal (WGS84).")
        incident.latitude, incident.longitude = position
        return
    name = (data.get("address_string") or "").strip()
    place = Place.objects.filter(municipality=incident.municipality, name__iexact=name).first() if name else None
    if place is None:
        raise Open311Error(400, "Platsen saknas: ange lat och long, eller address_string med en namngiven plats.")
    incident.place = place
