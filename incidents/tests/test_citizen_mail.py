"""A citizen who leaves an e-mail address hears back: the reference number at once, then the review and
the municipality's answer. Sent through a real SMTP server; the job queue runs as the worker runs it."""

import re

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import AuditEntry
from incidents import notify as citizen
from incidents.models import Incident, IncidentCategory
from tests.factories import IncidentCategoryFactory, IncidentFactory
from tests.mail_fixtures import body, run_jobs

ADDRESS = "tipsare@example.se"


def _report(client, station, **extra):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "place": station.pk,
        "occurred_at": "2025-06-20T22:00",
        "description": "Klotter på väggen vid cykelstället",
        "email": ADDRESS,
        "website": "",
        **extra,
    }
    return client.post(reverse("public:citizen_report", args=["strangnas"]), data)


@pytest.mark.usefixtures("queue_db")
def test_report_gets_a_reference_by_mail_and_on_the_thank_you_page(client, smtp, station):
    response = _report(client, station)
    incident = Incident.objects.get(source="citizen")
    assert response.status_code == 302 and response["Location"].endswith(f"?ref={incident.public_ref}")
    thanks = client.get(response["Location"]).content.decode()
    status_path = reverse("public:report_status", args=["strangnas", incident.public_ref])
    assert incident.public_ref in thanks and status_path in thanks
    assert smtp.messages == []  # queued, not sent inside the request
    run_jobs()
    [message] = smtp.to(ADDRESS)
    assert incident.public_ref in message["Subject"] and message["Auto-Submitted"] == "auto-generated"
    text, html = body(message, "plain"), body(message, "html")
    assert f"https://trygg.example.se{status_path}" in text and incident.public_ref in html
    assert message["List-Unsubscribe"].strip() == f"<https://trygg.example.se{citizen.opt_out_url(incident)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ADDRESS not in str(DBTaskResult.objects.values_list("args_kwargs", flat=True)[::1])


@pytest.mark.usefixtures("queue_db")
def test_review_with_an_answer_sends_a_second_message_and_closes_the_request(client, coordinator_client, smtp, station):
    _report(client, station)
    incident = Incident.objects.get(source="citizen")
    answer = "Klottret tvättas bort under veckan och platsen får bättre belysning."
    response = coordinator_client.post(
        reverse("incidents:review", args=[incident.pk]), {"status": "reviewed", "answer": answer}
    )
    assert response.status_code == 302
    run_jobs()
    received, updated = smtp.to(ADDRESS)
    assert "behandlats" in updated["Subject"] and answer in body(updated, "plain")
    page = client.get(reverse("public:report_status", args=["strangnas", incident.public_ref])).content.decode()
    assert answer in page and "Besvarad" in page
    assert "cykelstället" not in page and ADDRESS not in page  # the description and address are never shown
    detail = client.get(f"/open311/v2/requests/{incident.public_ref}.json", {"jurisdiction_id": "strangnas"}).json()
    assert detail[0]["status"] == "closed" and detail[0]["status_notes"] == answer


@pytest.mark.usefixtures("queue_db")
def test_reviewed_without_answer_stays_open_as_fixmystreet_users_expect(client, coordinator_client, smtp, station):
    _report(client, station)
    incident = Incident.objects.get(source="citizen")
    coordinator_client.post(reverse("incidents:review", args=[incident.pk]), {"status": "reviewed"})
    detail = client.get(f"/open311/v2/requests/{incident.public_ref}.json", {"jurisdiction_id": "strangnas"}).json()
    assert detail[0]["status"] == "open" and "inte svarat" in detail[0]["status_notes"]
    run_jobs()
    assert len(smtp.to(ADDRESS)) == 2  # received, reviewed


@pytest.mark.usefixtures("queue_db")
def test_answer_with_personal_data_is_refused_and_nothing_is_sent(client, coordinator_client, smtp, station):
    _report(client, station)
    incident = Incident.objects.get(source="citizen")
    run_jobs()
    coordinator_client.post(
        reverse("incidents:review", args=[incident.pk]), {"status": "reviewed", "answer": "Ring 070-123 45 67."}
    )
    incident.refresh_from_db()
    assert incident.status == "new" and incident.public_answer == ""
    run_jobs()
    assert len(smtp.to(ADDRESS)) == 1


@pytest.mark.usefixtures("queue_db")
def test_html_in_an_answer_reaches_the_mail_and_page_as_text(client, coordinator_client, smtp, station):
    _report(client, station)
    incident = Incident.objects.get(source="citizen")
    coordinator_client.post(
        reverse("incidents:review", args=[incident.pk]),
        {"status": "reviewed", "answer": "<script>alert(1)</script> Belysningen lagas.", "bekrafta_inga_namn": "on"},
    )
    run_jobs()
    html = body(smtp.to(ADDRESS)[-1], "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    page = client.get(reverse("public:report_status", args=["strangnas", incident.public_ref])).content.decode()
    assert "<script>alert" not in page


@pytest.mark.usefixtures("queue_db")
def test_opt_out_asks_on_get_erases_on_post_and_stops_the_messages(client, coordinator_client, smtp, station):
    _report(client, station)
    incident = Incident.objects.get(source="citizen")
    url = citizen.opt_out_url(incident)
    assert client.get(url).status_code == 200
    assert Incident.objects.get(pk=incident.pk).contact_email == ADDRESS  # GET changes nothing
    forged = url.rstrip("/").rsplit("/", 1)[0] + "/AAAAAAAAAAAAAAAAAAAAAAAAAAA/"
    assert client.post(forged).status_code == 404
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # as a mail client posts
    assert Incident.objects.get(pk=incident.pk).contact_email == ""
    assert ADDRESS not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    coordinator_client.post(reverse("incidents:review", args=[incident.pk]), {"status": "reviewed"})
    run_jobs()
    assert smtp.messages == []  # the acknowledgement was still queued: nothing goes to an erased address


@pytest.mark.usefixtures("queue_db")
def test_english_reporter_gets_english_mail(client, smtp, station):
    client.cookies["django_language"] = "en"
    _report(client, station)
    run_jobs()
    [message] = smtp.to(ADDRESS)
    assert "We have received your report" in message["Subject"] and "Reference number" in body(message, "plain")


@pytest.mark.usefixtures("queue_db")
def test_mail_server_down_means_a_later_retry_not_a_lost_message(client, smtp, station):
    smtp.refuse = True
    _report(client, station)
    run_jobs()
    assert smtp.messages == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][2] == 2 and retry.run_after is not None
    smtp.refuse = False
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)
    run_jobs()
    assert len(smtp.to(ADDRESS)) == 1


@pytest.mark.usefixtures("queue_db")
def test_status_page_is_only_for_citizen_references(client, strangnas, station):
    staff_report = IncidentFactory(
        municipality=strangnas,
        category=IncidentCategoryFactory(code="klotter"),
        occurred_at="2025-06-20T22:00+02:00",
        place=station,
        latitude=station.latitude,
        longitude=station.longitude,
        source="partner",
    )
    assert client.get(reverse("public:report_status", args=["strangnas", staff_report.public_ref])).status_code == 404
    assert client.get(reverse("public:report_status", args=["strangnas", "not-a-ref"])).status_code == 404
    assert re.fullmatch(r"[A-Z0-9]+", staff_report.public_ref)
