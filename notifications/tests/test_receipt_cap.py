"""Attack: every report sent a receipt to whatever address it named, nobody having confirmed it, so anyone
could mail-bomb a third party from many addresses (citizen form and Open311). Receipts to one address are
capped per day; beyond the cap the report is still accepted, but its address is not kept and nothing is
sent to it. Sent through a real SMTP server; the job queue runs as the worker runs it."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from incidents.models import Incident, IncidentCategory
from public.models import Open311ApiKey
from tests.mail_fixtures import run_jobs

VICTIM = "offret@example.se"
SPELLINGS = ["offret@example.se", "Offret@Example.SE", " offret+1@example.se", "OFFRET+spam@example.se"]


def _citizen_report(station, email: str, address: str):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "place": station.pk,
        "occurred_at": "2025-06-20T22:00",
        "description": "Klotter på väggen vid cykelstället",
        "email": email,
        "website": "",
    }
    return Client(REMOTE_ADDR=address).post(reverse("public:citizen_report", args=["strangnas"]), data)


@pytest.mark.usefixtures("queue_db")
def test_receipts_to_one_address_stop_at_the_daily_cap(settings, smtp, station, strangnas):
    settings.RECEIPT_MAIL_DAILY_LIMIT = 3
    statuses = [_citizen_report(station, SPELLINGS[i % 4], f"203.0.113.{i}").status_code for i in range(5)]
    _, key = Open311ApiKey.issue("Felanmälningsappen", strangnas)
    open311 = Client().post(
        "/open311/v2/requests.json",
        {"api_key": key, "service_code": "klotter", "lat": "59.3776", "long": "17.0313", "email": VICTIM},
    )
    assert statuses == [302] * 5 and open311.status_code == 201  # every report is accepted
    assert Incident.objects.count() == 6
    assert Incident.objects.exclude(contact_email="").count() == 3  # the others keep no address
    run_jobs()
    received = [m for m in smtp.messages if "tagit emot" in m["Subject"]]
    assert len(received) == 3
    assert not any(VICTIM in key for key in _cache_keys())  # the address is never a cache key in clear


@pytest.mark.usefixtures("queue_db")
def test_another_address_has_its_own_cap(settings, smtp, station):
    settings.RECEIPT_MAIL_DAILY_LIMIT = 1
    _citizen_report(station, VICTIM, "203.0.113.1")
    _citizen_report(station, "annan@example.se", "203.0.113.2")
    run_jobs()
    assert len(smtp.to(VICTIM)) == 1 and len(smtp.to("annan@example.se")) == 1


def _cache_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM trygg_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys, "the cap counts in the cache table"
    return keys + [str(cache.get(k)) for k in keys]


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ['"offret"@example.se', '"of\\fret"@example.se', "offret@[192.0.2.1]"])
def test_quoted_and_ip_literal_addresses_are_refused_with_a_message(station, spelling):
    response = _citizen_report(station, spelling, "203.0.113.50")
    assert response.status_code == 400 and "vanlig e-postadress" in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_open311_refuses_a_quoted_address_too(strangnas):
    _, key = Open311ApiKey.issue("Felanmälningsappen", strangnas)
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "klotter",
            "lat": "59.3776",
            "long": "17.0313",
            "email": '"offret"@example.se',
        },
    )
    assert response.status_code == 400 and not Incident.objects.exists()


def test_one_mailbox_however_its_domain_is_written():
    from incidents.services import _mailbox

    spellings = ["offret@exämple.se", "OFFRET@xn--exmple-cua.se", "offret+x@exämple.se.", "Offret@EXÄMPLE.SE"]
    assert {_mailbox(s) for s in spellings} == {"offret@xn--exmple-cua.se"}
