"""Bulk review: several reports at once, all or nothing, only from the queue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from incidents.models import Incident
from tests.factories import DistrictFactory, IncidentCategoryFactory, IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _new(municipality, place, code="klotter"):
    return IncidentFactory(
        municipality=municipality,
        category=IncidentCategoryFactory(code=code),
        occurred_at=timezone.now(),
        place=place,
        latitude=place.latitude,
        longitude=place.longitude,
        status=Incident.Status.NEW,
    )


def test_several_reports_are_approved_at_once_keeping_their_categories(coordinator_client, strangnas, station):
    a, b, c = _new(strangnas, station), _new(strangnas, station, "glaskross"), _new(strangnas, station)
    url = reverse("incidents:review_bulk", args=[strangnas.slug])
    assert coordinator_client.get(url).status_code == 405
    response = coordinator_client.post(url, {"status": "reviewed", "ids": [a.pk, b.pk]})
    assert response.status_code == 302
    statuses = dict(Incident.objects.values_list("pk", "status"))
    assert (statuses[a.pk], statuses[b.pk], statuses[c.pk]) == ("reviewed", "reviewed", "new")
    assert Incident.objects.get(pk=b.pk).category.code == "glaskross"
    assert AuditEntry.objects.filter(object_type="incidents.Incident").count() == 2


def test_an_id_outside_the_queue_refuses_the_whole_batch(coordinator_client, strangnas, eskilstuna, station):
    other_place = PlaceFactory(
        municipality=eskilstuna,
        district=DistrictFactory(municipality=eskilstuna, name="Centrum"),
        name="Fristadstorget",
        kind="square",
        latitude=59.3712,
        longitude=16.5098,
    )
    mine, theirs = _new(strangnas, station), _new(eskilstuna, other_place)
    url = reverse("incidents:review_bulk", args=[strangnas.slug])
    coordinator_client.post(url, {"status": "rejected", "ids": [mine.pk, theirs.pk]})
    assert set(Incident.objects.values_list("status", flat=True)) == {"new"}
    coordinator_client.post(url, {"status": "maybe", "ids": [mine.pk]})
    coordinator_client.post(url, {"status": "reviewed"})
    assert set(Incident.objects.values_list("status", flat=True)) == {"new"}


def test_viewers_cannot_bulk_review(viewer_client, strangnas, station):
    incident = _new(strangnas, station)
    url = reverse("incidents:review_bulk", args=[strangnas.slug])
    assert viewer_client.post(url, {"status": "reviewed", "ids": [incident.pk]}).status_code == 403
    incident.refresh_from_db()
    assert incident.status == "new"
