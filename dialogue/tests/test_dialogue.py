"""Dialogues and safety walks: findings pinned at places with owner, due date, status and a public
answer; a finding can become a problem; citizens see published walks and what was done."""

import datetime

import pytest
from django.urls import reverse

from dialogue.models import Dialogue
from safetywalks.models import Finding, SafetyWalk
from strategy.models import Problem
from tests.factories import FindingFactory, SafetyWalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(strangnas) -> SafetyWalk:
    return SafetyWalkFactory(
        municipality=strangnas, title="Vandring i centrum", meeting_on=datetime.date(2024, 9, 10), published=True
    )


def test_the_three_steps_come_in_order(coordinator_client, strangnas):
    url = reverse("safetywalks:walk_create", args=[strangnas.slug])
    data = {"title": "Vandring", "meeting_on": "2024-09-10", "walked_on": "2024-09-01", "participants": 12}
    response = coordinator_client.post(url, data)
    assert response.status_code == 400 and "walked_on" in response.context["form"].errors
    assert coordinator_client.post(url, {**data, "walked_on": "2024-09-24"}).status_code == 302
    assert SafetyWalk.objects.get().walked_on == datetime.date(2024, 9, 24)


def test_a_finding_is_pinned_at_a_place_or_a_point(coordinator_client, walk, square, kommun):
    url = reverse("safetywalks:finding_create", args=[walk.pk])
    base = {
        "description": "Trasig belysning i gångtunneln.",
        "status": "open",
        "owner": kommun.pk,
        "due_on": "2025-01-31",
    }
    assert coordinator_client.post(url, base).status_code == 400  # neither place nor point
    assert coordinator_client.post(url, {**base, "place": square.pk}).status_code == 302
    assert coordinator_client.post(url, {**base, "latitude": "59.3790", "longitude": "17.0300"}).status_code == 302
    at_place, at_point = Finding.objects.order_by("id")
    assert (float(at_place.latitude), at_place.place) == (float(square.latitude), square)
    assert str(at_point.latitude) == "59.379000" and at_point.place is None
    refused = coordinator_client.post(url, {**base, "place": square.pk, "description": "Ring 070-123 45 67."})
    assert refused.status_code == 400 and Finding.objects.count() == 2


def test_a_finding_becomes_a_problem_to_analyse(coordinator_client, walk, square):
    finding = FindingFactory(walk=walk, description="Mörk passage vid torget.", place=square)
    url = reverse("safetywalks:finding_to_problem", args=[finding.pk])
    assert coordinator_client.get(url).status_code == 405
    response = coordinator_client.post(url)
    problem = Problem.objects.get()
    assert response["Location"] == reverse("strategy:problem_edit", args=[problem.pk])
    assert (problem.title, list(problem.places.all())) == ("Mörk passage vid torget.", [square])
    finding.refresh_from_db()
    assert finding.problem == problem


def test_citizens_see_published_walks_with_status_and_answer(client, walk, strangnas, square, kommun):
    FindingFactory(
        walk=walk,
        description="Trasig belysning.",
        place=square,
        owner=kommun,
        status="done",
        public_answer="Lampan byttes i oktober.",
    )
    hidden = SafetyWalkFactory(municipality=strangnas, title="Intern vandring", meeting_on=datetime.date(2024, 1, 1))
    page = client.get(reverse("public:safety_walks", args=[strangnas.slug])).content.decode()
    assert "Trasig belysning." in page and "Åtgärdad" in page and "Lampan byttes i oktober." in page
    assert hidden.title not in page


def test_dialogues_record_counts_and_themes_not_persons(coordinator_client, strangnas):
    url = reverse("dialogue:dialogue_create", args=[strangnas.slug])
    data = {
        "kind": "citizens",
        "title": "Dialog",
        "held_on": "2024-03-14",
        "method": "Öppet möte",
        "participants": 41,
        "themes": "Belysning och unga på torget.",
    }
    assert coordinator_client.post(url, data).status_code == 302
    assert Dialogue.objects.get().participants == 41
    refused = coordinator_client.post(url, {**data, "themes": "Kontakta anna.andersson@example.se"})
    assert refused.status_code == 400 and Dialogue.objects.count() == 1


def test_reporters_and_other_municipalities_are_refused(reporter_client, other_coordinator_client, walk):
    url = reverse("safetywalks:walk", args=[walk.pk])
    assert reporter_client.get(url).status_code == 403
    assert other_coordinator_client.get(url).status_code == 404


def test_the_demo_walk_has_findings_in_every_state():
    from demo import load_all

    load_all()
    walk = SafetyWalk.objects.get(title="Trygghetsvandring i centrum")
    assert set(walk.findings.values_list("status", flat=True)) == set(Finding.Status.values)
    assert walk.findings.filter(problem__isnull=False, measure__isnull=False).exists()
