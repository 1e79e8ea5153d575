"""Attack: changes posted while a coordinator approves, and a state change on GET.

Threads post analyses and decisions against approvals of the same reports. Afterwards every approved
report is still approved, and nothing was written to it after its approval. Runs on SQLite and PostgreSQL.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry
from actions import services as action_services
from actions.models import FocusDecision
from situation import services
from situation.models import SituationReport
from tests.factories import SituationReportFactory, UserFactory
from trygg.freezing import Frozen

REPORTS = 6
WRITERS_PER_REPORT = 4


def _run_together(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            outcomes[i] = job()
        except Frozen:
            outcomes[i] = "frozen"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_nothing_changes_an_approved_report(strangnas, kommun, coordinator):
    other = UserFactory(username="polis", organisation=kommun, role="coordinator")
    reports = [
        SituationReportFactory(municipality=strangnas, year=2025, week=week, figures={})
        for week in range(10, 10 + REPORTS)
    ]
    jobs = []
    for report in reports:
        jobs.append(lambda r=report: services.approve_report(user=coordinator, report=r))
        for n in range(WRITERS_PER_REPORT):
            if n % 2:
                jobs.append(lambda r=report, n=n: services.save_analysis(user=other, report=r, analysis=f"Analys {n}"))
            else:
                jobs.append(
                    lambda r=report, n=n: action_services.add_decision(
                        user=other,
                        decision=FocusDecision(
                            report=r, action=f"Beslut {n}", owner=kommun, due_date=datetime.date(2025, 6, 1)
                        ),
                    )
                )
    outcomes = _run_together(jobs)
    assert all(o is not None for o in outcomes)
    for report in reports:
        report.refresh_from_db()
        assert report.status == "approved"
        entries = AuditEntry.objects.filter(municipality=strangnas).order_by("id")
        approval = entries.get(object_type="situation.SituationReport", object_id=str(report.pk), action="publish")
        later = entries.filter(id__gt=approval.id)
        assert not later.filter(object_type="situation.SituationReport", object_id=str(report.pk)).exists()
        decision_ids = [str(pk) for pk in FocusDecision.objects.filter(report=report).values_list("pk", flat=True)]
        assert not later.filter(object_type="actions.FocusDecision", object_id__in=decision_ids).exists()


@pytest.mark.django_db(transaction=True)
def test_rebuilding_during_approval_never_reopens_the_report(strangnas, coordinator):
    monday = datetime.date(2025, 3, 3)
    for _ in range(4):
        report = services.build_situation_report(user=coordinator, municipality=strangnas, monday=monday)
        _run_together(
            [
                lambda r=report: services.approve_report(user=coordinator, report=r),
                lambda: services.build_situation_report(user=coordinator, municipality=strangnas, monday=monday),
            ]
        )
        report.refresh_from_db()
        assert report.status == "approved"


@pytest.mark.django_db
def test_posting_to_an_approved_report_answers_409_in_swedish(coordinator_client, coordinator, strangnas):
    report = SituationReportFactory(municipality=strangnas, year=2025, week=20, figures={})
    services.approve_report(user=coordinator, report=report)
    for url, data in [
        (f"/lagesbild/rapporter/{report.pk}/analys/", {"analysis": "Sent"}),
        (f"/lagesbild/rapporter/{report.pk}/godkann/", {}),
    ]:
        response = coordinator_client.post(url, data)
        assert response.status_code == 409
        assert "godkänts och är låst" in response.content.decode()
    report.refresh_from_db()
    assert report.analysis == ""


@pytest.mark.django_db
def test_opening_a_week_creates_nothing_and_future_weeks_are_refused(coordinator_client, strangnas):
    year, week, _ = timezone.localdate().isocalendar()
    assert coordinator_client.get("/lagesbild/strangnas/2999-W52/").status_code == 404
    assert coordinator_client.get(f"/lagesbild/strangnas/{year}-W{week:02d}/").status_code == 404
    assert SituationReport.objects.count() == 0
    response = coordinator_client.post("/lagesbild/strangnas/berakna/", {"week": "2999-W52"})
    assert response.status_code == 302
    assert SituationReport.objects.count() == 0
