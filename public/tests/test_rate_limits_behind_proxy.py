"""Attack: behind the proxy every citizen shared one limit, five bad passwords locked a user for everyone,
and three workers kept three counters."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.test import Client

from incidents.models import Incident, IncidentCategory
from tests.factories import UserFactory
from trygg.client_ip import client_address

PASSWORD = "korrekt-häst-batteri-2"


def _report(client, station, **headers):
    return client.post(
        "/strangnas/rapportera/",
        {
            "category": IncidentCategory.objects.get(code="klotter").pk,
            "place": station.pk,
            "occurred_at": "2025-06-01T20:00",
            "description": "Klotter",
        },
        **headers,
    )


def test_the_client_address_comes_from_the_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"  # the left entry is the client's own claim: not trusted
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"


@pytest.mark.django_db
def test_citizens_behind_one_proxy_have_their_own_limits(settings, strangnas, station):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CITIZEN_REPORT_RATE_LIMIT = (2, 3600)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", **proxy}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.9", **proxy}
    assert [_report(Client(), station, **first).status_code for _ in range(3)] == [302, 302, 429]
    assert _report(Client(), station, **second).status_code == 302
    assert Incident.objects.count() == 3


@pytest.mark.django_db
def test_one_ipv6_network_is_one_client(settings, strangnas, station):
    """Changing the last 64 bits of an IPv6 address (any phone can) does not give a new limit."""
    settings.CITIZEN_REPORT_RATE_LIMIT = (2, 3600)
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2:aaaa::7", "2001:db8:1:2:ffff:ffff:ffff:fffe"]
    assert [_report(Client(), station, REMOTE_ADDR=a).status_code for a in addresses] == [302, 302, 429]
    assert _report(Client(), station, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302  # the next /64
    assert _report(Client(), station, REMOTE_ADDR="::ffff:203.0.113.7").status_code == 302  # IPv4, mapped


def test_client_networks():
    from trygg.ratelimit import client_network

    assert client_network("203.0.113.7") == "203.0.113.7"
    assert client_network("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_network("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_network("unknown") == "unknown"


@pytest.mark.django_db
def test_only_accepted_reports_count(settings, strangnas, station, client):
    settings.CITIZEN_REPORT_RATE_LIMIT = (1, 3600)
    bad = client.post("/strangnas/rapportera/", {"description": "Klotter"})
    assert bad.status_code == 400
    assert _report(client, station).status_code == 302  # the form error did not use up the limit
    assert _report(client, station).status_code == 429


@pytest.mark.django_db
def test_the_counter_is_shared_by_every_worker(strangnas, station):
    from django.core.cache import caches

    assert isinstance(caches["default"], DatabaseCache)  # one table, not one dictionary per process
    cache.set("probe", 1)
    assert DatabaseCache("trygg_cache", {}).get("probe") == 1  # another process's handle sees it


@pytest.mark.django_db
def test_a_post_from_another_site_is_refused(strangnas, station, client):
    response = _report(client, station, HTTP_ORIGIN="https://attacker.invalid")
    assert response.status_code == 403
    assert Incident.objects.count() == 0
    assert _report(client, station, HTTP_ORIGIN="http://testserver").status_code == 302


@pytest.mark.django_db
def test_bad_passwords_from_one_citizen_do_not_lock_out_the_user_elsewhere(settings, kommun):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="samordnare", organisation=kommun, role="coordinator", password=PASSWORD)
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/konto/logga-in/", {"username": "samordnare", "password": "fel"}, **attacker)
    locked = Client().post("/konto/logga-in/", {"username": "samordnare", "password": PASSWORD}, **attacker)
    assert locked.status_code in (403, 429)
    owner = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    response = Client().post("/konto/logga-in/", {"username": "samordnare", "password": PASSWORD}, **owner)
    assert response.status_code == 302
