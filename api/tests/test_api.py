import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fieldwork.models import ActivityLog
from places.models import Place
from tests.factories import DistrictFactory, UserFactory
from tests.fieldwork_fixtures import local

PLACES = "/api/v1/places/"
LOGS = "/api/v1/logs/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.fixture
def coordinator_api(coordinator):
    return _api(coordinator)


def _log(station, **overrides):
    data = {
        "log_type": "foot_patrol",
        "started_at": "2025-05-02T17:00:00+02:00",
        "ended_at": "2025-05-02T21:00:00+02:00",
        "places": [station.pk],
        "staff_count": 2,
        "citizen_contacts": 12,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anonymous_gets_401_with_reason(station):
    response = _api().get(PLACES)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_places_are_scoped_to_municipality(coordinator_api, station, other_kommun):
    assert [p["name"] for p in coordinator_api.get(PLACES).json()["results"]] == ["Resecentrum"]
    other = _api(UserFactory(username="e", organisation=other_kommun, role="coordinator"))
    assert other.get(PLACES).json()["results"] == []
    assert other.get(f"{PLACES}{station.pk}/").status_code == 404


@pytest.mark.django_db
def test_coordinator_creates_place_and_bad_input_is_400(coordinator_api, district):
    data = {
        "name": "Visholmen",
        "kind": "beach",
        "district_id": district.pk,
        "latitude": "59.3802",
        "longitude": "17.0210",
    }
    response = coordinator_api.post(PLACES, data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["municipality"] == "strangnas"
    bad = coordinator_api.post(PLACES, dict(data, name="Norr", latitude="80"), format="json")
    assert bad.status_code == 400
    assert "latitude" in bad.json()
    polygon = coordinator_api.post(
        PLACES, dict(data, name="Yta", area={"type": "Polygon", "coordinates": [[1, 2]]}), format="json"
    )
    assert polygon.status_code == 400
    assert "area" in polygon.json()
    assert Place.objects.count() == 1


@pytest.mark.django_db
def test_district_of_other_municipality_is_refused(coordinator_api, eskilstuna):
    foreign = DistrictFactory(municipality=eskilstuna, name="Centrum")
    data = {"name": "X", "kind": "square", "district_id": foreign.pk, "latitude": "59.37", "longitude": "16.5"}
    response = coordinator_api.post(PLACES, data, format="json")
    assert response.status_code == 400
    assert "district_id" in response.json()


@pytest.mark.django_db
def test_viewer_reads_but_cannot_write(kommun, station):
    viewer = _api(UserFactory(username="v", organisation=kommun, role="viewer"))
    assert viewer.get(LOGS).status_code == 200
    assert viewer.post(LOGS, _log(station), format="json").status_code == 403
    assert viewer.post(PLACES, {}, format="json").status_code == 403


@pytest.mark.django_db
def test_reporter_logs_and_reads_own_organisation_only(kommun, police, station, make_log):
    make_log(local(2025, 5, 1, 10), places=[station])
    officer = UserFactory(username="polis", organisation=police, role="reporter")
    api = _api(officer)
    response = api.post(LOGS, _log(station), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["organisation"] == police.name
    assert response.json()["duration_hours"] == 4.0
    assert [log["log_type"] for log in api.get(LOGS).json()["results"]] == ["foot_patrol"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"observations": "Mannen med pnr 811218-9876"}, "observations"),
        ({"ended_at": "2025-05-02T16:00:00+02:00"}, "ended_at"),
        ({"places": []}, "places"),
        ({"places": [999999]}, "places"),
        ({"log_type": "party"}, "log_type"),
        ({"log_type": "lecture"}, "lecture_topic"),
        ({"staff_count": -1}, "staff_count"),
        ({"started_at": "inte ett datum"}, "started_at"),
    ],
)
def test_bad_logs_are_400_with_reason_and_nothing_saved(coordinator_api, station, overrides, field):
    response = coordinator_api.post(LOGS, _log(station, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ActivityLog.objects.exists()


@pytest.mark.django_db
def test_log_filters_validate_their_input(coordinator_api, station, make_log):
    make_log(local(2025, 5, 1, 21), places=[station])
    make_log(local(2025, 6, 1, 21), places=[station], log_type="field_work")
    assert coordinator_api.get(LOGS, {"fran": "2025-05-15"}).json()["count"] == 1
    assert coordinator_api.get(LOGS, {"typ": "night_walk"}).json()["count"] == 1
    assert coordinator_api.get(LOGS, {"fran": "maj"}).status_code == 400
    assert "till" in coordinator_api.get(LOGS, {"fran": "2025-06-01", "till": "2025-05-01"}).json()


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) >= {"/api/v1/places/", "/api/v1/logs/", "/api/v1/logs/{id}/"}


@pytest.mark.django_db
def test_api_and_page_agree_on_who_sees_logs(coordinator_client, coordinator, station, make_log):
    make_log(local(2025, 5, 1, 21), places=[station])
    page_ids = {log.pk for log in coordinator_client.get(reverse("fieldwork:log_list")).context["page"].object_list}
    api_ids = {log["id"] for log in _api(coordinator).get(LOGS).json()["results"]}
    assert page_ids == api_ids == set(ActivityLog.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_log_filter_with_only_an_early_end_date(coordinator_api):
    # Found by schemathesis: an open start used to overflow the date range (a 500).
    response = coordinator_api.get(LOGS, {"till": "2000-01-01", "limit": 0})
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.django_db
def test_huge_limit_and_offset_are_bounded(coordinator_api, station):
    # Found by schemathesis on PostgreSQL: LIMIT/OFFSET beyond bigint were a 500.
    huge = "2433937979325303975638358720234338880"
    response = coordinator_api.get(PLACES, {"limit": huge, "offset": huge})
    assert response.status_code == 200 and response.json()["results"] == []
    assert coordinator_api.get(PLACES, {"limit": huge}).json()["results"][0]["name"] == "Resecentrum"


@pytest.mark.django_db
def test_dates_at_the_ends_of_the_calendar(coordinator_api, coordinator_client, promise_set):
    # Found by schemathesis: 0001-01-01 overflowed the time-zone conversion (a 500).
    assert coordinator_api.get(LOGS, {"fran": "0001-01-01", "till": "9999-12-31"}).status_code == 200
    url = reverse("programme:follow_up", args=[promise_set.pk])
    assert coordinator_client.get(url, {"fran": "0001-01-01", "till": "9999-12-31"}).status_code == 200
