"""A page of the police's events for police users, who have no Django admin."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import PoliceEventFactory

pytestmark = pytest.mark.django_db


def _event(pk, municipality, event_type, day, url="/aktuellt/handelser/x/", summary="En händelse"):
    at = datetime.datetime(2026, 8, day, 21, tzinfo=datetime.UTC)
    return PoliceEventFactory(
        id=pk,
        published_at=at,
        occurred_at=at,
        name=f"{day} augusti 21.00, {event_type}, {municipality.name}",
        summary=summary,
        url=url,
        event_type=event_type,
        location_name=municipality.name,
        municipality_code=municipality.code,
        latitude=59.37,
        longitude=17.03,
    )


def test_police_users_see_filter_and_page_the_municipalitys_events(viewer_client, strangnas, eskilstuna):
    _event(1, strangnas, "Skadegörelse", 3)
    _event(2, strangnas, "Brand", 5)
    _event(3, eskilstuna, "Rån", 4)
    url = reverse("incidents:police_events", args=[strangnas.slug])
    page = viewer_client.get(url).content.decode()
    assert "2 händelser." in page and "Skadegörelse" in page and "Rån" not in page
    assert 'href="https://polisen.se/aktuellt/handelser/x/"' in page
    filtered = viewer_client.get(url, {"typ": "Brand"}).content.decode()
    assert "1 händelse." in filtered
    assert viewer_client.get(url, {"fran": "fel"}).status_code == 200


def test_a_feed_link_cannot_point_elsewhere(viewer_client, strangnas):
    _event(1, strangnas, "Brand", 3, url="@evil.example/phish")
    page = viewer_client.get(reverse("incidents:police_events", args=[strangnas.slug])).content.decode()
    assert 'href="https://polisen.se@evil.example' not in page


def test_reporters_and_other_municipalities_are_refused(reporter_client, other_coordinator_client, strangnas):
    url = reverse("incidents:police_events", args=[strangnas.slug])
    assert reporter_client.get(url).status_code == 403
    assert other_coordinator_client.get(url).status_code == 404
