"""Property-based tests of the REST API from its own OpenAPI schema (schemathesis): a bounded number of
generated requests per operation, as a signed-in coordinator; none may give a 5xx or break the schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.services import create_token
from tests.factories import UserFactory

PASSWORD = "korrekt-häst-batteri-2"


@pytest.fixture
def keep_test_connection():
    """Called directly, the WSGI app closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's own test client switches that off the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, kommun, station, plan_for_api, settings, keep_test_connection):
    # A fast hasher here: every generated request authenticates, and Argon2 is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_RATE_LIMIT = (100_000, 60)  # hundreds of generated requests with one key (test_throttle tests it)
    user = UserFactory(username="api-samordnare", organisation=kommun, role="coordinator", password=PASSWORD)
    _token, secret = create_token(created_by=None, user=user, municipality=station.municipality, name="schemathesis")
    AUTH["Authorization"] = f"Token {secret}"
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def plan_for_api(night_walk_activity, friday_plan):
    return friday_plan


schema = schemathesis.pytest.from_fixture("api_schema")
AUTH = {"Authorization": ""}  # an API key, set by the fixture


@schema.parametrize()
# Derandomized: the gate is reproducible; run with a random seed by hand to hunt for new cases.
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_has_no_server_errors_and_keeps_its_schema(case):
    case.call_and_validate(
        headers=AUTH, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
