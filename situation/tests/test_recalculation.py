"""Räkna om siffrorna: the request queues the draft's figures for the background worker and returns at once;
the worker computes them outside any lock and saves them only if the report is still the draft it was."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import AuditEntry
from situation import services
from situation.models import Recalculation, SituationReport
from situation.selectors import recalculation_of
from situation.tasks import build_weekly_drafts, last_week_monday
from tests.factories import SituationReportFactory
from tests.fieldwork_fixtures import local
from tests.mail_fixtures import run_jobs

TASK = "situation.tasks.recalculate_report"
OLD = {"schema": 1, "week": "2025-W23", "by_category": []}  # what the draft says before it is computed again


@pytest.fixture
def draft(strangnas):
    return SituationReportFactory(municipality=strangnas, year=2025, week=23, figures=OLD)


@pytest.fixture
def incident(make_incident):
    return make_incident(local(2025, 6, 3, 21))


def _recalculate(client, report):
    return client.post(reverse("meeting:recalculate", args=[report.pk]), follow=True)


def _tasks():
    return DBTaskResult.objects.filter(task_path=TASK)


@pytest.mark.usefixtures("queue_db")
def test_the_request_queues_and_the_worker_computes(coordinator_client, coordinator, draft, incident):
    with CaptureQueriesContext(connection) as queries:
        response = _recalculate(coordinator_client, draft)
    assert response.status_code == 200 and "räknas om i bakgrunden" in response.content.decode()
    page = response.content.decode()
    assert "Räknas om… I kö sedan" in page and 'aria-live="polite"' in page and "js/recalculation.js" in page
    draft.refresh_from_db()
    assert (draft.figures, draft.built_at) == (OLD, None)  # nothing computed in the request
    # The request read no incident (it built nothing) and locked no row (PostgreSQL would show FOR UPDATE).
    assert not [q["sql"] for q in queries if "incidents_incident" in q["sql"] or "FOR UPDATE" in q["sql"]]
    recalculation = Recalculation.objects.get()
    assert recalculation.status == "queued" and str(_tasks().get().pk) == recalculation.task_id

    run_jobs()
    draft.refresh_from_db()
    recalculation.refresh_from_db()
    assert recalculation.status == "done" and recalculation.finished_at is not None
    assert draft.figures["by_category"][0]["now"] == 1 and draft.built_at is not None
    assert _tasks().get().status == "SUCCESSFUL"
    entry = AuditEntry.objects.get(object_type="situation.SituationReport", object_id=str(draft.pk))
    assert (entry.action, entry.user) == ("update", coordinator)
    status = coordinator_client.get(reverse("meeting:recalculation_status", args=[draft.pk])).json()
    assert (status["status"], status["finished"]) == ("done", True) and status["text"].startswith("Klart")


@pytest.mark.django_db
def test_a_second_request_while_one_is_queued_queues_nothing(coordinator_client, draft):
    _recalculate(coordinator_client, draft)
    again = _recalculate(coordinator_client, draft)
    assert "räknas redan om" in again.content.decode()
    # The week's build on the overview finds the open draft and asks for the same recalculation.
    overview = coordinator_client.post(reverse("meeting:build_report", args=["strangnas"]), {"week": "2025-W23"})
    assert overview.status_code == 302
    assert Recalculation.objects.count() == 1 and _tasks().count() == 1
    assert SituationReport.objects.get().figures == OLD


@pytest.mark.django_db
def test_get_is_refused_and_readers_may_not_ask(coordinator_client, viewer_client, draft):
    assert coordinator_client.get(reverse("meeting:recalculate", args=[draft.pk])).status_code == 405
    assert viewer_client.post(reverse("meeting:recalculate", args=[draft.pk])).status_code == 403
    assert not Recalculation.objects.exists() and not _tasks().exists()
    assert viewer_client.get(reverse("meeting:recalculation_status", args=[draft.pk])).json()["status"] == ""


@pytest.mark.django_db
def test_an_approved_report_is_refused_in_swedish(coordinator_client, coordinator, draft):
    services.approve_report(user=coordinator, report=draft)
    response = coordinator_client.post(reverse("meeting:recalculate", args=[draft.pk]))
    assert response.status_code == 409 and "godkänts och är låst" in response.content.decode()
    assert not Recalculation.objects.exists() and not _tasks().exists()


@pytest.mark.django_db
def test_an_approval_between_computing_and_saving_discards_the_result(
    coordinator, draft, incident, monkeypatch, coordinator_client
):
    real = services.build_figures

    def approved_meanwhile(municipality, monday):  # the real figures, and an approval while they are computed
        figures = real(municipality, monday)
        services.approve_report(user=coordinator, report=SituationReport.objects.get(pk=draft.pk))
        return figures

    recalculation, queued = services.request_recalculation(user=coordinator, report=draft)
    assert queued
    monkeypatch.setattr(services, "build_figures", approved_meanwhile)
    assert services.recalculate(recalculation.pk) == "discarded"
    draft.refresh_from_db()
    recalculation.refresh_from_db()
    assert (draft.status, draft.figures, draft.built_at) == ("approved", OLD, None)
    assert recalculation.reason == "approved" and recalculation.finished_at is not None
    assert not AuditEntry.objects.filter(action="update", object_id=str(draft.pk)).exists()
    page = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"])).content.decode()
    assert "Lägesbilden godkändes medan siffrorna räknades om" in page


@pytest.mark.django_db
def test_figures_built_by_someone_else_meanwhile_are_kept(coordinator, draft, incident, monkeypatch):
    real = services.build_figures

    def built_meanwhile(municipality, monday):  # the Monday build saves its figures while these are computed
        figures = real(municipality, monday)
        services._store_build(user=None, municipality=municipality, monday=monday, figures=figures | {"theirs": 1})
        return figures

    recalculation, _queued = services.request_recalculation(user=coordinator, report=draft)
    monkeypatch.setattr(services, "build_figures", built_meanwhile)
    assert services.recalculate(recalculation.pk) == "discarded"
    draft.refresh_from_db()
    assert draft.figures["theirs"] == 1
    assert Recalculation.objects.get().reason == "built"


@pytest.mark.usefixtures("queue_db")
def test_a_failing_build_fails_the_job_with_a_reason_and_keeps_the_old_figures(
    coordinator_client, draft, incident, monkeypatch
):
    def broken(municipality, monday):  # a fault injected where the computation would fail
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(services, "build_figures", broken)
    _recalculate(coordinator_client, draft)
    run_jobs()
    draft.refresh_from_db()
    recalculation = Recalculation.objects.get()
    assert (recalculation.status, recalculation.reason, recalculation.error) == (
        "failed",
        "build_failed",
        "ZeroDivisionError",
    )
    assert draft.figures == OLD and _tasks().get().status == "FAILED"
    page = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"])).content.decode()
    assert "Beräkningen stannade på ett fel. De tidigare siffrorna finns kvar." in page
    assert 'class="message error"' in page
    status = coordinator_client.get(reverse("meeting:recalculation_status", args=[draft.pk])).json()
    assert status["status"] == "failed" and "De tidigare siffrorna finns kvar" in status["text"]
    # Asked again, it is queued again.
    monkeypatch.undo()
    _recalculate(coordinator_client, draft)
    run_jobs()
    draft.refresh_from_db()
    assert draft.figures["by_category"][0]["now"] == 1 and Recalculation.objects.get().status == "done"


@pytest.mark.usefixtures("queue_db")
def test_the_report_can_be_written_while_the_worker_computes(coordinator, draft, incident, monkeypatch):
    """No lock is held while the figures are computed: another connection saves the analysis meanwhile."""
    real = services.build_figures
    outcome = {}

    def save_analysis_elsewhere():
        try:
            report = SituationReport.objects.get(pk=draft.pk)
            outcome["saved"] = services.save_analysis(user=coordinator, report=report, analysis="Lugnt").analysis
        except Exception as error:  # a lock held by the worker would end here (SQLite: "database is locked")
            outcome["error"] = error
        finally:
            connection.close()

    def computing(municipality, monday):
        figures = real(municipality, monday)
        writer = threading.Thread(target=save_analysis_elsewhere)
        writer.start()
        writer.join()
        return figures

    services.request_recalculation(user=coordinator, report=draft)
    monkeypatch.setattr(services, "build_figures", computing)
    run_jobs()
    assert outcome == {"saved": "Lugnt"}
    draft.refresh_from_db()
    assert draft.analysis == "Lugnt" and draft.figures["by_category"][0]["now"] == 1  # both kept
    assert Recalculation.objects.get().status == "done"


@pytest.mark.django_db
def test_a_recalculation_whose_worker_was_lost_is_failed_and_may_be_asked_again(coordinator, draft):
    first, _queued = services.request_recalculation(user=coordinator, report=draft)
    DBTaskResult.objects.filter(pk=first.task_id).update(status="FAILED")  # recover_abandoned gave it up
    lost = recalculation_of(draft)
    assert lost is not None and (lost.status, lost.reason) == ("failed", "worker_lost")
    second, queued = services.request_recalculation(user=coordinator, report=draft)
    assert queued and second.pk != first.pk and second.status == "queued"
    assert list(Recalculation.objects.values_list("pk", flat=True)) == [second.pk]


@pytest.mark.django_db
def test_the_monday_build_still_makes_and_updates_the_drafts(strangnas, eskilstuna):
    assert len(build_weekly_drafts.call()) == 2
    assert len(build_weekly_drafts.call()) == 2  # again: the same drafts, computed again
    monday = last_week_monday(timezone.localdate())
    reports = SituationReport.objects.filter(year=monday.isocalendar()[0], week=monday.isocalendar()[1])
    assert sorted(r.version for r in reports) == [1, 1] and all(r.built_at and r.figures for r in reports)
