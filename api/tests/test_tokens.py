"""Attack: a password alone must never reach the API. Machine clients use scoped, revocable keys."""

import base64

import pytest
from django.test import Client

from accounts.models import AuditEntry
from api.models import ApiToken
from api.services import create_token, revoke_token
from places.models import District, Place
from tests.factories import UserFactory

PASSWORD = "korrekt-häst-batteri-2"


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_coordinator(police):
    return UserFactory(username="samordnare-api", organisation=police, role="coordinator", password=PASSWORD)


def _basic(username: str, password: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


@pytest.mark.django_db
def test_basic_auth_with_the_right_password_gets_nothing(two_factor_on, api_coordinator, station):
    client = Client()
    assert client.get("/api/v1/logs/", **_basic("samordnare-api", PASSWORD)).status_code in (401, 403)
    response = client.patch(
        f"/api/v1/places/{station.pk}/",
        data={"name": "Kapad"},
        content_type="application/json",
        **_basic("samordnare-api", PASSWORD),
    )
    assert response.status_code in (401, 403)
    station.refresh_from_db()
    assert station.name == "Resecentrum"


@pytest.mark.django_db
def test_session_without_second_factor_gets_403(two_factor_on, api_coordinator, station):
    client = Client()
    client.force_login(api_coordinator)
    response = client.get("/api/v1/places/")
    assert response.status_code == 403
    assert "Tvåfaktor" in response.json()["detail"]


@pytest.mark.django_db
def test_api_key_reads_only_its_municipality_and_is_stored_hashed(two_factor_on, api_coordinator, station, eskilstuna):
    district = District.objects.create(municipality=eskilstuna, name="Eskilstuna centrum")
    Place.objects.create(
        municipality=eskilstuna,
        district=district,
        name="Fristadstorget",
        kind="square",
        latitude=59.3712,
        longitude=16.5098,
    )
    token, secret = create_token(created_by=None, user=api_coordinator, municipality=station.municipality, name="GIS")
    assert secret not in token.token_hash and ApiToken.objects.filter(token_hash__contains=secret).count() == 0
    response = Client().get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Resecentrum"]  # not Eskilstuna's, though the user may
    assert AuditEntry.objects.filter(object_type="api.ApiToken", action="create").count() == 1


@pytest.mark.django_db
def test_revoked_or_wrong_key_is_refused_and_revocation_is_audited(two_factor_on, api_coordinator, station):
    token, secret = create_token(created_by=None, user=api_coordinator, municipality=station.municipality, name="GIS")
    assert Client().get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {secret}x").status_code == 401
    revoke_token(revoked_by=None, token=token)
    response = Client().get("/api/v1/places/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert "återkallad" in response.json()["detail"]
    assert AuditEntry.objects.filter(object_type="api.ApiToken", action="delete").count() == 1


@pytest.mark.django_db
def test_a_key_cannot_be_made_for_a_municipality_the_account_does_not_serve(api_coordinator, kommun):
    from django.core.exceptions import ValidationError

    from tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory(code="0180", name="Stockholm", slug="stockholm")
    with pytest.raises(ValidationError):
        create_token(created_by=None, user=api_coordinator, municipality=elsewhere, name="x")
