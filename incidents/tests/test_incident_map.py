"""The staff incident map: reviewed incidents filtered by main category and period."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import views
from incidents.models import IncidentCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(make_incident):
    """An incident `days_ago` days back (tests/fieldwork_fixtures.make_incident)."""
    return lambda days_ago, **extra: make_incident(timezone.now() - datetime.timedelta(days=days_ago), **extra)


def _points(response) -> list[dict]:
    found = re.search(r'<script id="incident-points" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(found.group(1))


def test_defaults_to_the_last_four_weeks_of_reviewed_incidents(viewer_client, strangnas, incident):
    incident(1)
    incident(27, code="vald")
    incident(40)  # before the period
    incident(2, status="new")  # not reviewed yet
    incident(3, status="rejected")
    response = viewer_client.get(reverse("incidents:incident_map", args=[strangnas.slug]))
    points = _points(response)
    assert len(points) == 2
    assert {p["main"] for p in points} == {"Skadegörelse", "Ordningsstörning, våld och narkotika"}
    page = response.content.decode()
    assert "2 granskade händelser." in page
    assert 'name="fran" value="' + str(timezone.localdate() - datetime.timedelta(days=27)) in page


def test_filters_by_main_category_with_its_subcategories(viewer_client, strangnas, incident):
    incident(1, code="klotter")
    incident(2, code="glaskross")
    incident(3, code="vald")
    main = IncidentCategory.objects.get(code="skadegorelse")
    url = reverse("incidents:incident_map", args=[strangnas.slug])
    today = timezone.localdate()
    response = viewer_client.get(url, {"kategori": main.pk, "fran": today - datetime.timedelta(days=10), "till": today})
    points = _points(response)
    assert sorted(p["category"] for p in points) == ["Skadegörelse: Glaskross", "Skadegörelse: Klotter"]
    assert "Ordningsstörning" not in json.dumps(points)


def test_a_period_picks_its_days_and_the_table_counts_them(viewer_client, strangnas, incident):
    incident(5)
    incident(6, place=None)  # a point of its own, not at a named place
    incident(20)
    url = reverse("incidents:incident_map", args=[strangnas.slug])
    today = timezone.localdate()
    response = viewer_client.get(
        url, {"fran": today - datetime.timedelta(days=7), "till": today - datetime.timedelta(days=4)}
    )
    assert sorted(p["place"] for p in _points(response)) == ["", "Resecentrum"]
    assert response.context["counts"] == [("Skadegörelse", 2)]


def test_points_carry_no_free_text(viewer_client, strangnas, incident):
    incident(1, description="Sprejat på väggen vid cykelstället")
    response = viewer_client.get(reverse("incidents:incident_map", args=[strangnas.slug]))
    assert set(_points(response)[0]) == {"lat", "lng", "category", "main", "at", "place"}
    assert "cykelstället" not in response.content.decode()


def test_bad_filters_show_field_errors_and_no_points(viewer_client, strangnas, incident):
    incident(1)
    url = reverse("incidents:incident_map", args=[strangnas.slug])
    for query in ({"fran": "igår"}, {"fran": "2026-05-10", "till": "2026-05-01"}, {"kategori": "999999"}):
        response = viewer_client.get(url, query)
        assert response.status_code == 200
        assert "Filtret innehåller fel" in response.content.decode()
        assert _points(response) == []
    response = viewer_client.get(url, {"fran": "2026-05-10", "till": "2026-05-01"})
    assert "Till-datumet kan inte vara före Från-datumet." in response.content.decode()


def test_the_map_draws_at_most_its_limit_and_says_so(viewer_client, strangnas, incident, monkeypatch):
    monkeypatch.setattr(views, "MAP_POINT_LIMIT", 2)
    for day in (1, 2, 3):
        incident(day)
    response = viewer_client.get(reverse("incidents:incident_map", args=[strangnas.slug]))
    points = _points(response)
    assert len(points) == 2
    assert points[0]["at"] > points[1]["at"]  # the newest
    assert "Kartan visar de 2 senaste" in response.content.decode()


def test_reporters_and_other_municipalities_are_refused(reporter_client, other_coordinator_client, strangnas):
    url = reverse("incidents:incident_map", args=[strangnas.slug])
    assert reporter_client.get(url).status_code == 403
    assert other_coordinator_client.get(url).status_code == 404
