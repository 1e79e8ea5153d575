import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from incidents.models import Incident
from public.models import Open311ApiKey

SCHEMAS = Path(__file__).parent / "open311_schema"
REGISTRY = Registry().with_resources(
    (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT7))
    for p in SCHEMAS.glob("*.json")
)
BASE = "/open311/v2"
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
    },
}


def validate(body, schema_name: str) -> None:
    schema = json.loads((SCHEMAS / schema_name).read_text())
    Draft7Validator(schema, registry=REGISTRY, format_checker=FormatChecker()).validate(body)


def assert_error(response, status: int) -> str:
    assert response.status_code == status
    body = response.json()
    Draft7Validator(ERRORS_SCHEMA).validate(body)
    assert body[0]["code"] == status
    return body[0]["description"]


@pytest.fixture
def api_key(strangnas):
    _, key = Open311ApiKey.issue("Felanmälningsappen", strangnas)
    return key


def _post(client, key, **overrides):
    data = {
        "api_key": key,
        "jurisdiction_id": "strangnas",
        "service_code": "klotter",
        "lat": "59.3776",
        "long": "17.0313",
        "description": "Klotter på busskuren",
        "email": "tips@example.se",
    }
    data.update(overrides)
    return client.post(f"{BASE}/requests.json", data)


@pytest.mark.django_db
def test_discovery(client):
    response = client.get("/open311/discovery.json")
    body = response.json()
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert body["endpoints"][0]["url"].endswith("/open311/v2/")
    root = ElementTree.fromstring(client.get("/open311/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


@pytest.mark.django_db
def test_services_and_definitions_match_the_schemas(client, strangnas):
    services = client.get(f"{BASE}/services.json", {"jurisdiction_id": "strangnas"}).json()
    validate(services, "services.json")
    assert {"klotter", "glaskross", "belysning", "samling"} <= {s["service_code"] for s in services}
    definition = client.get(f"{BASE}/services/klotter.json", {"jurisdiction_id": "strangnas"}).json()
    validate(definition, "service-definition.json")
    xml = ElementTree.fromstring(client.get(f"{BASE}/services.xml", {"jurisdiction_id": "strangnas"}).content)
    assert xml.tag == "services" and len(xml.findall("service")) == len(services)
    assert (
        "okänd"
        in assert_error(client.get(f"{BASE}/services/finnsinte.json", {"jurisdiction_id": "strangnas"}), 404).lower()
    )


@pytest.mark.django_db
def test_post_lands_in_review_queue_and_reads_back(client, api_key, coordinator_client, strangnas):
    response = _post(client, api_key)
    assert response.status_code == 201
    created = response.json()
    assert created[0]["service_request_id"]
    incident = Incident.objects.get(public_ref=created[0]["service_request_id"])
    assert (incident.source, incident.status, incident.contact_email) == ("open311", "new", "tips@example.se")
    queue = coordinator_client.get("/lagesbild/strangnas/granska/")
    assert incident in queue.context["incidents"]

    listing = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas"}).json()
    validate(listing, "requests.json")
    assert listing == []  # not reviewed, so in no published cell
    single = client.get(f"{BASE}/requests/{incident.public_ref}.json", {"jurisdiction_id": "strangnas"}).json()
    validate(single, "requests.json")
    assert single[0]["status"] == "open" and single[0]["description"] is None
    assert single[0]["lat"] is None  # no district: no position at all, never the pin
    xml = ElementTree.fromstring(
        client.get(f"{BASE}/requests/{incident.public_ref}.xml", {"jurisdiction_id": "strangnas"}).content
    )
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text == incident.public_ref


@pytest.mark.django_db
def test_post_by_named_place(client, api_key, station):
    response = _post(client, api_key, lat="", long="", address_string="resecentrum")
    assert response.status_code == 201
    assert Incident.objects.get().place == station


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,status,needle",
    [
        ({"api_key": "fel"}, 403, "api_key"),
        ({"service_code": "okand"}, 400, "service_code"),
        ({"lat": "", "long": ""}, 400, "Platsen saknas"),
        ({"lat": "norr"}, 400, "lat och long"),
        ({"lat": "80", "long": "17"}, 400, "utanför kommunen"),
        ({"description": "Mannen 811218-9876 klottrade"}, 400, "personuppgifter"),
        ({"jurisdiction_id": "eskilstuna"}, 403, "annan kommun"),
        ({"jurisdiction_id": "okand"}, 404, "jurisdiction_id"),
        ({"description": "Klotter\x1b[2J vid\x07 kuren"}, 400, "styrtecken"),
        ({"description": "x" * 1001}, 400, "högst 1000 tecken"),
        ({"email": "a@example.se\r\nBcc: b@example.se"}, 400, "en enda rad"),
        ({"lat": "", "long": "", "address_string": "resecentrum\n"}, 400, "en enda rad"),
    ],
)
def test_bad_posts_are_refused_with_spec_errors(client, api_key, eskilstuna, overrides, status, needle):
    description = assert_error(_post(client, api_key, **overrides), status)
    assert needle in description
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_errors_in_xml(client, api_key):
    response = client.post(f"{BASE}/requests.xml", {"api_key": "fel"})
    root = ElementTree.fromstring(response.content)
    assert response.status_code == 403
    assert root.tag == "errors" and root.find("error/code").text == "403"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "igår"},
        {"status": "half"},
        {"service_request_id": "1,x"},
        {"start_date": "2025-06-02T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"},
    ],
)
def test_bad_queries_are_400(client, strangnas, params):
    assert_error(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas", **params}), 400)


@pytest.mark.django_db
def test_unknown_format_and_missing_jurisdiction(client, strangnas, eskilstuna):
    assert_error(client.get(f"{BASE}/services.html"), 404)
    assert_error(client.get(f"{BASE}/services.json"), 400)
    assert_error(client.get(f"{BASE}/requests/999.json", {"jurisdiction_id": "strangnas"}), 404)


@pytest.mark.django_db
def test_status_filter_open_until_answered_closed_when_handled(client, api_key, coordinator_client, station):
    refs = [
        _post(client, api_key, lat="", long="", address_string=station.name).json()[0]["service_request_id"]
        for _ in range(6)
    ]
    first = Incident.objects.get(public_ref=refs[0])
    answer = "Belysningen vid stationen lagas."
    coordinator_client.post(f"/lagesbild/granska/{first.pk}/", {"status": "reviewed", "answer": answer})
    detail = client.get(f"{BASE}/requests/{refs[0]}.json", {"jurisdiction_id": "strangnas"}).json()
    assert detail[0]["status"] == "closed" and detail[0]["status_notes"] == answer
    # One reviewed report is a cell under 5: the list must not show it (it would undo the map's "<5").
    assert client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas", "status": "closed"}).json() == []
    coordinator_client.post(
        f"/lagesbild/granska/{Incident.objects.get(public_ref=refs[1]).pk}/", {"status": "rejected"}
    )
    for ref in refs[2:]:
        pk = Incident.objects.get(public_ref=ref).pk
        coordinator_client.post(f"/lagesbild/granska/{pk}/", {"status": "reviewed"})
    # Reviewed but not answered: still open, as a FixMyStreet user expects; the rejected one is not listed.
    still_open = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas", "status": "open"}).json()
    assert sorted(r["service_request_id"] for r in still_open) == sorted(refs[2:])
    assert {r["status_notes"] for r in still_open} == {
        "Granskad och inräknad i lägesbilden; kommunen har inte svarat ännu."
    }
    for ref in refs[2:]:
        pk = Incident.objects.get(public_ref=ref).pk
        coordinator_client.post(f"/lagesbild/granska/{pk}/", {"status": "reviewed", "answer": answer})
    closed = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas", "status": "closed"}).json()
    validate(closed, "requests.json")
    assert sorted(r["service_request_id"] for r in closed) == sorted(refs[:1] + refs[2:])
    assert {(r["lat"], r["long"], r["address"]) for r in closed} == {(59.3742, 17.0288, station.district.name)}
    assert all("T00:00:00" in r["requested_datetime"] for r in closed)
    assert client.get(f"{BASE}/requests.json", {"jurisdiction_id": "strangnas", "status": "open"}).json() == []
