"""Attack: 150 requests with one API key in 6 s were all answered. Each key (and each signed-in user) has
a limit per minute in the shared cache; past it the API answers 429 with Retry-After and a body saying why."""

import pytest
from django.test import Client

from api.services import create_token
from tests.factories import UserFactory


@pytest.fixture
def secrets(police, station):
    user = UserFactory(username="samordnare-api", organisation=police, role="coordinator")
    return [
        create_token(created_by=None, user=user, municipality=station.municipality, name=name)[1]
        for name in ("GIS", "Rapportverktyg")
    ]


@pytest.mark.django_db
def test_an_api_key_past_its_limit_gets_429_with_retry_after(settings, secrets):
    settings.API_RATE_LIMIT = (10, 60)
    first, second = secrets
    responses = [Client().get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {first}") for _ in range(15)]
    assert [r.status_code for r in responses] == [200] * 10 + [429] * 5
    refused = responses[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "API-nyckel" in refused.json()["detail"] and "Försök igen om" in refused.json()["detail"]
    assert Client().get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200  # its own


@pytest.mark.django_db
def test_a_signed_in_user_is_throttled_too(settings, coordinator_client, station):
    settings.API_RATE_LIMIT = (3, 60)
    statuses = [coordinator_client.get("/api/v1/places/").status_code for _ in range(5)]
    assert statuses == [200] * 3 + [429] * 2


@pytest.mark.django_db
def test_anonymous_callers_of_one_ipv6_network_share_a_limit(settings):
    settings.API_RATE_LIMIT = (2, 60)
    statuses = [Client().get("/api/schema/", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 4)]
    assert statuses == [200, 200, 429]
