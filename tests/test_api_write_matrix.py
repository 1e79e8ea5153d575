"""Every writable API field, written as every kind of user, with the status each must get.

The API applies the rules the forms apply: a place cannot move to another municipality, other tenants'
objects are 404, readers cannot write, and nobody reaches the API with a password alone.
"""

import pytest
from django.test import Client

from places.models import Place
from tests.factories import DistrictFactory
from tests.test_permission_matrix import ROLES, statuses, world  # noqa: F401 - the shared world fixture

WRITE_OWN = statuses(401, 403, 403, 200, 404, 200)

# field: (a valid new value, expected statuses)
PLACE_FIELDS = {
    "name": ("Torget (nytt namn)", WRITE_OWN),
    "kind": ("park", WRITE_OWN),
    "latitude": ("59.378000", WRITE_OWN),
    "longitude": ("17.032000", WRITE_OWN),
    "active": (False, WRITE_OWN),
    "area": (
        {"type": "Polygon", "coordinates": [[[17.03, 59.377], [17.032, 59.377], [17.032, 59.378], [17.03, 59.377]]]},
        WRITE_OWN,
    ),
}


def _client(w, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(w["users"][role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(PLACE_FIELDS))
def test_place_fields(world, field):  # noqa: F811
    value, expected = PLACE_FIELDS[field]
    place = world["place"]
    got = {}
    for role in ROLES:
        response = _client(world, role).patch(
            f"/api/v1/places/{place.pk}/", {field: value}, content_type="application/json"
        )
        got[role] = response.status_code
    assert got == expected


@pytest.mark.django_db
def test_moving_a_place_to_another_municipality_is_refused_for_everyone(world):  # noqa: F811
    place = world["place"]
    elsewhere = DistrictFactory(
        municipality=world["users"]["other_coordinator"].organisation.municipalities.get(), name="Annan"
    )
    for role in ["coordinator", "administrator", "other_coordinator"]:
        response = _client(world, role).patch(
            f"/api/v1/places/{place.pk}/", {"district_id": elsewhere.pk}, content_type="application/json"
        )
        assert response.status_code in (400, 404), role
        if role == "administrator":  # serves every municipality, so the district exists for it: refused by rule
            assert "annan kommun" in response.content.decode()
    place.refresh_from_db()
    assert place.municipality.slug == "strangnas" and place.district.name == "Tätort"
    assert not Place.objects.filter(municipality=elsewhere.municipality).exists()


@pytest.mark.django_db
def test_log_creation_fields(world):  # noqa: F811
    body = {
        "log_type": "foot_patrol",
        "started_at": "2025-05-02T17:00:00+02:00",
        "ended_at": "2025-05-02T21:00:00+02:00",
        "places": [world["place"].pk],
        "staff_count": 2,
        "citizen_contacts": 3,
    }
    got = {
        role: _client(world, role).post("/api/v1/logs/", body, content_type="application/json").status_code
        for role in ROLES
    }
    # A reporter logs for its organisation; another municipality's coordinator cannot use Strängnäs' place.
    assert got == statuses(401, 201, 403, 201, 400, 201)
