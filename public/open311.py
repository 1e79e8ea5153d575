"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services, service
definitions, requests (GET list and single, POST with an API key), in JSON and XML.

Errors are the spec's array of {code, description}. Reports land in the coordinator's review queue.
A request's id is its unguessable public reference, never the row id. Public responses follow the one
suppression rule (privacy.suppression): the list holds only reviewed reports in published cells; every
position is its district's centre, every time is a day; no free text is published.
"""

import datetime
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from accounts.models import Municipality
from incidents import selectors as incident_selectors
from incidents import services as incident_services
from incidents.models import Incident, IncidentCategory, valid_ref
from places.geometry import validate_point
from places.models import Place
from privacy.screening import likely_names, screen
from privacy.suppression import is_published
from trygg import ratelimit
from trygg.calendar import ends_before_start
from trygg.text import reject_control_characters, reject_line_breaks

from . import selectors as public_selectors
from .models import Open311ApiKey

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-25T00:00:00Z"
MAX_REQUESTS = 1000
MICRODEGREE = Decimal("0.000001")
PLURALS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.headers = status, description, headers or {}


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
            response = _error(fmt, error.status, error.description)
            for name, value in error.headers.items():
                response[name] = value
            return response

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
    Incident.Status.NEW: "Mottagen, väntar på granskning.",
    Incident.Status.REVIEWED: "Granskad och inräknad i lägesbilden; kommunen har inte svarat ännu.",
    Incident.Status.REJECTED: "Behandlad: inte inräknad i lägesbilden.",
}
# FixMyStreet's meaning: open until the municipality has answered or acted; closed means handled.
HANDLED = Q(answered_at__isnull=False) | Q(status=Incident.Status.REJECTED)


def _day(value: datetime.datetime | None) -> str | None:
    """A time as its local day (midnight): public times are never finer than the day."""
    if value is None:
        return None
    midnight = timezone.localtime(value).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.isoformat(timespec="seconds")


def _as_request(incident: Incident, centres: dict[str, tuple[float, float]]) -> dict:
    district = incident.district.name if incident.district_id else None
    centre = centres.get(district)
    return {
        "service_request_id": incident.public_ref,
        "status": "closed" if incident.is_handled else "open",
        "status_notes": incident.public_answer or STATUS_NOTES.get(incident.status),
        "service_name": incident.category.name,
        "service_code": incident.category.code,
        "description": None,
        "agency_responsible": str(incident.municipality),
        "service_notice": None,
        "requested_datetime": _day(incident.created_at),
        "updated_datetime": _day(incident.answered_at or incident.reviewed_at or incident.created_at),
        "expected_datetime": None,
        "address": district,
        "address_id": None,
        "zipcode": None,
        "lat": centre[0] if centre else None,
        "long": centre[1] if centre else None,
        "media_url": None,
    }


def _listed(municipality: Municipality, found, start: datetime.datetime, end: datetime.datetime) -> list[Incident]:
    """The reviewed reports of ``found`` whose public cell is published, newest first, at most MAX_REQUESTS."""
    # Cells are by month of occurrence; count whole months around the window so a cell is judged whole.
    counts = public_selectors.cell_counts(
        municipality, start - datetime.timedelta(days=400), end + datetime.timedelta(days=31)
    )
    listed = []
    for incident in found.order_by("-created_at", "-id").iterator(chunk_size=500):
        if is_published(public_selectors.cell_of(incident), counts):
            listed.append(incident)
            if len(listed) == MAX_REQUESTS:
                break
    return listed


def _public_requests(municipality: Municipality):
    return public_selectors.public_incidents(municipality).select_related("category", "municipality", "district")


EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2999, 12, 31, tzinfo=datetime.UTC)


def _date(text: str, name: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        value = value if timezone.is_aware(value) else timezone.make_aware(value)
    except (ValueError, OverflowError):
        raise Open311Error(400, f"{name} måste vara en tid i W3C-format, t.ex. 2025-06-01T00:00:00Z.") from None
    if not EARLIEST <= value <= LATEST:
        raise Open311Error(400, f"{name} måste ligga mellan år 1900 och 2999.")
    return value


def _window(request: HttpRequest) -> tuple[datetime.datetime, datetime.datetime]:
    end = _date(request.GET["end_date"], "end_date") if request.GET.get("end_date") else timezone.now()
    start = (
        _date(request.GET["start_date"], "start_date")
        if request.GET.get("start_date")
        else end - datetime.timedelta(days=90)
    )
    if ends_before_start(start, end):
        raise Open311Error(400, "end_date är före start_date.")
    return start, end


def _filtered(request: HttpRequest, found, start: datetime.datetime, end: datetime.datetime):
    if ids := request.GET.get("service_request_id"):
        parts = [part.strip().upper() for part in ids.split(",")][:MAX_REQUESTS]
        if not all(valid_ref(part) for part in parts):
            raise Open311Error(400, "service_request_id måste vara en kommaseparerad lista med referensnummer.")
        return found.filter(public_ref__in=parts)
    found = found.filter(created_at__gte=start, created_at__lte=end)
    if codes := request.GET.get("service_code"):
        found = found.filter(category__code__in=codes.split(","))
    status = request.GET.get("status") or None
    if status not in (None, "open", "closed"):
        raise Open311Error(400, "status måste vara open eller closed.")
    if status == "open":
        found = found.exclude(HANDLED)
    elif status == "closed":
        found = found.filter(HANDLED)
    return found


@endpoint
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "Endast GET och POST.")
    municipality = _jurisdiction(request)
    start, end = _window(request)
    listed = _listed(municipality, _filtered(request, _public_requests(municipality), start, end), start, end)
    centres = public_selectors.district_centres(municipality)
    data = [_as_request(i, centres) for i in listed]
    return _respond(fmt, data, "service_requests", "request")


@endpoint
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    """One request by its reference. Its reporter holds the reference, so their own report is shown even
    before review; nobody can list or guess references outside the published cells."""
    municipality = _jurisdiction(request)
    incident = incident_selectors.citizen_report(request_id, municipality=municipality)
    if incident is None:
        raise Open311Error(404, "Ingen förfrågan med det referensnumret.")
    return _respond(
        fmt, [_as_request(incident, public_selectors.district_centres(municipality))], "service_requests", "request"
    )


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = Open311ApiKey.lookup(request.POST.get("api_key", ""))
    if key is None:
        raise Open311Error(403, "api_key saknas eller är ogiltig.")
    _count_post(key)
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
        description=_text(request.POST, "description", DESCRIPTION_MAX, multiline=True),
        contact_email=_text(request.POST, "email", EMAIL_MAX),
    )
    _text(request.POST, "address_string", PLACE_NAME_MAX)
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
    body = [{"service_request_id": incident.public_ref, "service_notice": notice, "account_id": None}]
    return _respond(fmt, body, "service_requests", "request", status=201)


def _count_post(key: Open311ApiKey) -> None:
    """Every POST with the key counts against the key's limit, from whatever address it comes."""
    limit, window = settings.OPEN311_RATE_LIMIT
    usage = ratelimit.hit("open311-post", f"open311-key:{key.pk}", limit, window)
    if not usage.allowed:
        raise Open311Error(
            429,
            f"För många förfrågningar med den här api_key: högst {limit} per {window // 60} minuter. "
            f"Försök igen om {usage.retry_after} sekunder.",
            {"Retry-After": str(usage.retry_after)},
        )


DESCRIPTION_MAX, EMAIL_MAX, PLACE_NAME_MAX = 1000, 254, 200


def _text(data, name: str, max_length: int, multiline: bool = False) -> str:
    """A text parameter within its bounds, as the forms' text rules have it (trygg.text)."""
    value = data.get(name, "")
    if len(value) > max_length:
        raise Open311Error(400, f"{name} får vara högst {max_length} tecken.")
    try:
        reject_control_characters(value)
        if not multiline:
            reject_line_breaks(value)
    except ValidationError as error:
        raise Open311Error(400, f"{name}: {' '.join(error.messages)}") from None
    return value


def _locate(incident: Incident, data) -> None:
    lat, lng = data.get("lat"), data.get("long")
    if lat and lng:
        try:
            position = [Decimal(value.strip()).quantize(MICRODEGREE) for value in (lat, lng)]
        except (InvalidOperation, ValueError):
            position = []
        if len(position) != 2 or not all(value.is_finite() for value in position):
            raise Open311Error(400, "lat och long måste vara tal (WGS84).")
        try:
            validate_point(*position, incident.municipality.code)
        except ValidationError:
            raise Open311Error(
                400, f"lat och long ligger utanför kommunen (jurisdiction_id {incident.municipality.slug})."
            ) from None
        incident.latitude, incident.longitude = position
        return
    name = (data.get("address_string") or "").strip()
    place = Place.objects.filter(municipality=incident.municipality, name__iexact=name).first() if name else None
    if place is None:
        raise Open311Error(400, "Platsen saknas: ange lat och long, eller address_string med en namngiven plats.")
    incident.place = place
