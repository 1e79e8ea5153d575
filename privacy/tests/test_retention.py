import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEntry
from cameras.models import CameraSite
from fieldwork.models import ActivityLog
from incidents.models import Incident, IncidentImport, PoliceEvent
from privacy import retention
from tests.factories import (
    ActivityLogFactory,
    CameraSiteFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    PoliceEventFactory,
)

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))


def _ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def records(strangnas, station, kommun):
    klotter = IncidentCategoryFactory(code="klotter")

    def incident(age_days, **extra):
        item = IncidentFactory(
            municipality=strangnas,
            category=klotter,
            occurred_at=_ago(age_days),
            place=station,
            latitude=59.37,
            longitude=17.03,
            **extra,
        )
        Incident.objects.filter(pk=item.pk).update(created_at=_ago(age_days))
        return item

    def log(age_days, observations):
        return ActivityLogFactory(
            municipality=strangnas,
            organisation=kommun,
            reported_by=None,
            started_at=_ago(age_days),
            ended_at=_ago(age_days) + datetime.timedelta(hours=2),
            observations=observations,
            youth_contacts=12,
        )

    return {
        "old_email": incident(400, contact_email="a@example.se", status="reviewed"),
        "new_email": incident(30, contact_email="b@example.se", status="reviewed"),
        "old_rejected": incident(400, status="rejected"),
        "new_rejected": incident(100, status="rejected"),
        "ancient": incident(6 * 365, description="Klotter på väggen", status="reviewed"),
        "old_log": log(4 * 365, "Lugnt vid torget"),
        "new_log": log(10, "Samling vid stationen"),
    }


@pytest.mark.django_db
def test_retention_deletes_and_anonymises_by_age(records, strangnas):
    PoliceEventFactory(id=1, published_at=_ago(6 * 365), occurred_at=_ago(6 * 365))
    PoliceEventFactory(id=2, published_at=_ago(10), occurred_at=_ago(10))
    CameraSiteFactory(
        municipality=strangnas, name="Gammal", started_on=datetime.date(2015, 1, 1), ended_on=datetime.date(2020, 1, 1)
    )
    CameraSiteFactory(
        municipality=strangnas, name="Ny", started_on=datetime.date(2024, 1, 1), ended_on=datetime.date(2024, 12, 31)
    )
    old_entry = AuditEntry.objects.create(
        municipality=strangnas, action="create", object_type="x", object_id="1", object_repr="x"
    )
    AuditEntry.objects.filter(pk=old_entry.pk).update(at=_ago(11 * 365))

    from django_tasks_db.models import DBTaskResult

    from jobs.models import ScheduledRun
    from situation.tasks import build_weekly_drafts

    for age in (40, 10):
        task = build_weekly_drafts.enqueue()
        DBTaskResult.objects.filter(pk=task.id).update(status="SUCCESSFUL", finished_at=_ago(age))
        ScheduledRun.objects.create(job="weekly_drafts", slot=_ago(age), task_id=task.id)
    DBTaskResult.objects.filter(pk=build_weekly_drafts.enqueue().id).update(enqueued_at=_ago(40))  # waiting: kept
    for finished in (_ago(40), _ago(10), None):  # the one still running is kept
        IncidentImport.objects.create(
            municipality=records["old_email"].municipality, filename="x.csv", content=b"", finished_at=finished
        )
    died = IncidentImport.objects.create(
        municipality=records["old_email"].municipality, filename="y.csv", content=b"", status="saving"
    )
    for age in (3, 1):  # rows written by an import that died and was never retried: gone after two days
        staged = Incident.everything.create(
            municipality=records["old_email"].municipality,
            category=records["old_email"].category,
            occurred_at=_ago(age),
            latitude=59.37,
            longitude=17.03,
            import_job=died,
        )
        Incident.everything.filter(pk=staged.pk).update(created_at=_ago(age))

    dry = {o.record_type: o.count for o in retention.apply(now=NOW, dry_run=True)}
    assert Incident.objects.get(pk=records["old_email"].pk).contact_email == "a@example.se"  # a dry run changes nothing
    outcomes = {o.record_type: o.count for o in retention.apply(now=NOW)}
    assert (
        outcomes
        == dry
        == {
            "incident_contact_email": 1,
            "rejected_incidents": 1,
            "activity_log_observations": 1,
            "incident_photos": 0,  # tested in incidents/tests/test_incident_photo.py
            "incident_descriptions": 1,
            "police_events": 1,
            "camera_sites_after_end": 1,
            "audit_entries": 1,
            "finished_jobs": 1,
            "scheduled_runs": 1,
            "finished_imports": 1,
            "abandoned_staged_rows": 1,
        }
    )
    assert DBTaskResult.objects.count() == 2 and ScheduledRun.objects.count() == 1
    assert IncidentImport.objects.count() == 3  # the 10-day-old, the running one, and the dead one with a row
    assert Incident.everything.filter(import_job=died).count() == 1 and not Incident.objects.filter(import_job=died)
    assert Incident.objects.get(pk=records["old_email"].pk).contact_email == ""
    assert Incident.objects.get(pk=records["new_email"].pk).contact_email == "b@example.se"
    assert not Incident.objects.filter(pk=records["old_rejected"].pk).exists()
    assert Incident.objects.filter(pk=records["new_rejected"].pk).exists()
    assert Incident.objects.get(pk=records["ancient"].pk).description == ""
    old_log = ActivityLog.objects.get(pk=records["old_log"].pk)
    assert (old_log.observations, old_log.youth_contacts) == ("", 12)  # counts stay for the follow-up
    assert ActivityLog.objects.get(pk=records["new_log"].pk).observations == "Samling vid stationen"
    assert list(PoliceEvent.objects.values_list("id", flat=True)) == [2]
    assert list(CameraSite.objects.values_list("name", flat=True)) == ["Ny"]
    assert not AuditEntry.objects.filter(pk=old_entry.pk).exists()
    assert all(o.count == 0 for o in retention.apply(now=NOW))  # idempotent


@pytest.mark.django_db
def test_periods_are_configurable_and_the_command_reports(records, settings):
    settings.RETENTION_DAYS = {"incident_contact_email": 10}
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "incident_contact_email (10 dagar): 2 raderas" not in out.getvalue()
    assert "incident_contact_email (10 dagar): 2 avidentifieras" in out.getvalue()
    assert Incident.objects.exclude(contact_email="").count() == 2
    call_command("apply_retention", stdout=StringIO())
    assert not Incident.objects.exclude(contact_email="").exists()


@pytest.mark.django_db
def test_an_old_import_that_never_finished_is_kept_while_its_rows_are(strangnas):
    """Deleting the job first would leave its rows without one, and so visible: half an import published."""
    from incidents.models import Incident, IncidentCategory, IncidentImport

    job = IncidentImport.objects.create(municipality=strangnas, filename="x.csv", content=b"", status="saving")
    IncidentImport.objects.filter(pk=job.pk).update(created_at=_ago(40))
    Incident.everything.create(
        municipality=strangnas,
        category=IncidentCategory.objects.get(code="klotter"),
        occurred_at=_ago(1),
        latitude=59.37,
        longitude=17.03,
        import_job=job,
    )  # written today by a retry
    outcomes = {o.record_type: o.count for o in retention.apply(now=NOW)}
    assert outcomes["finished_imports"] == 0 and outcomes["abandoned_staged_rows"] == 0
    assert IncidentImport.objects.filter(pk=job.pk).exists() and not Incident.objects.exists()
