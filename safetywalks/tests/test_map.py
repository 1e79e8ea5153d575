"""The walk's map: each finding at its point, named by what was seen, with its status."""

import datetime

import pytest
from django.urls import reverse

from safetywalks import selectors
from safetywalks.models import SafetyWalk
from tests.factories import FindingFactory, SafetyWalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(strangnas) -> SafetyWalk:
    return SafetyWalkFactory(municipality=strangnas, title="Vandring", meeting_on=datetime.date(2024, 9, 10))


def test_each_finding_is_a_point_named_by_what_was_seen(walk, square):
    long_text = "Mörk gångtunnel under järnvägen, belysningen har varit trasig sedan i somras och ingen har lagat den."
    FindingFactory(walk=walk, description=long_text, latitude=59.379, longitude=17.03, status="done")
    FindingFactory(
        walk=walk, description="Klotter.", place=square, latitude=square.latitude, longitude=square.longitude
    )
    other = SafetyWalkFactory(municipality=walk.municipality, title="Annan", meeting_on=walk.meeting_on)
    FindingFactory(walk=other, description="Inte denna vandring.", latitude=59.37, longitude=17.02)
    assert (
        selectors.finding_points(walk)
        == [  # in the findings' order: by status, then due date
            {"name": long_text[:60], "district": "Åtgärdad", "lat": 59.379, "lng": 17.03, "area": None},
            {"name": "Klotter.", "district": "Öppen", "lat": 59.3776, "lng": 17.0313, "area": None},
        ]
    )


def test_the_walk_page_draws_its_findings(coordinator_client, walk, square):
    FindingFactory(
        walk=walk, description="Klotter.", place=square, latitude=square.latitude, longitude=square.longitude
    )
    page = coordinator_client.get(reverse("safetywalks:walk", args=[walk.pk]))
    assert page.context["places_json"] == selectors.finding_points(walk)
    assert [p["name"] for p in page.context["places_json"]] == ["Klotter."]
