"""Names are never stored silently: forms ask the writer to rewrite or confirm; the API, imports
and Open311, where nobody can be asked, refuse. Every text field is screened, place names and plan titles too."""

import pytest
from rest_framework.test import APIClient

from incidents import tabular
from incidents.models import Incident, IncidentCategory
from places.models import Place

NAMED = "Kalle Andersson, 15 år, sålde hasch vid bänkarna"


def _citizen_report(client, station, **extra):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "place": station.pk,
        "occurred_at": "2025-06-01T20:00",
        "description": NAMED,
    }
    return client.post("/strangnas/rapportera/", data | extra)


@pytest.mark.django_db
def test_a_form_asks_before_saving_a_name_and_saves_once_confirmed(client, strangnas, station):
    first = _citizen_report(client, station)
    assert first.status_code == 400
    page = first.content.decode()
    assert "Kalle Andersson" in page and 'name="bekrafta_inga_namn"' in page
    assert Incident.objects.count() == 0
    confirmed = _citizen_report(client, station, bekrafta_inga_namn="on")
    assert confirmed.status_code == 302
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_the_api_refuses_names_in_observations(coordinator, station):
    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.post(
        "/api/v1/logs/",
        {
            "log_type": "foot_patrol",
            "started_at": "2025-05-02T17:00:00+02:00",
            "ended_at": "2025-05-02T21:00:00+02:00",
            "places": [station.pk],
            "observations": NAMED,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "namn" in str(response.json()["observations"])


@pytest.mark.django_db
def test_an_import_refuses_names(strangnas, station):
    rows = [{"intraffade": "2025-06-01 20:00", "kategori": "klotter", "plats": station.name, "beskrivning": NAMED}]
    with pytest.raises(tabular.TableError, match="namn"):
        tabular.check_rows(rows, strangnas, "import")


@pytest.mark.django_db
def test_place_names_and_plan_titles_are_screened(coordinator_client, strangnas, district):
    response = coordinator_client.post(
        "/falt/platser/ny/strangnas/",
        {
            "name": "Torget 811218\u20139876",
            "kind": "square",
            "district": district.pk,
            "latitude": "59.37",
            "longitude": "17.03",
        },
    )
    assert response.status_code == 400
    assert "personnummer" in response.content.decode()
    assert not Place.objects.filter(name__startswith="Torget").exists()
