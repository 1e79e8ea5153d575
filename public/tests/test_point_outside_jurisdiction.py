"""Attack: Open311 POST stored a point outside the municipality (with no district). A point outside the
municipality's outline is refused with a reason on every channel, by one rule (places.geometry)."""

import pytest
from django.urls import reverse

from incidents.models import Incident, IncidentCategory
from public.models import Open311ApiKey

STOCKHOLM = ("59.329300", "18.068600")  # in Sweden, far outside Strängnäs
NEAR_THE_STATION = ("59.377600", "17.031300")


@pytest.fixture
def api_key(strangnas):
    return Open311ApiKey.issue("Felanmälningsappen", strangnas)[1]


def _open311(client, key, lat, long):
    data = {"api_key": key, "jurisdiction_id": "strangnas", "service_code": "klotter", "lat": lat, "long": long}
    return client.post("/open311/v2/requests.json", {**data, "description": "Klotter på busskuren"})


@pytest.mark.django_db
def test_open311_refuses_a_point_outside_the_jurisdiction(client, api_key, station):
    response = _open311(client, api_key, *STOCKHOLM)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and "utanför" in error["description"] and "strangnas" in error["description"]
    assert not Incident.objects.exists()
    assert _open311(client, api_key, *NEAR_THE_STATION).status_code == 201


@pytest.mark.django_db
def test_the_citizen_form_refuses_it_with_the_same_rule(client, station):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "latitude": STOCKHOLM[0],
        "longitude": STOCKHOLM[1],
        "occurred_at": "2025-06-20T22:00",
        "description": "Klotter",
        "website": "",
    }
    response = client.post(reverse("public:citizen_report", args=["strangnas"]), data)
    assert response.status_code == 400 and "utanför kommunen" in response.content.decode()
    assert not Incident.objects.exists()
