"""Attack: personal data copied into the audit log. The log says a personal field changed, never
its value, on every path that writes it: the citizen form, Open311, partner reports, imports, logging, review."""

import datetime

import pytest

from accounts.models import AuditEntry
from accounts.services import PERSONAL_VALUE, save_audited
from incidents import services as incident_services
from incidents import tabular
from incidents.models import Incident
from public.models import Open311ApiKey
from tests.factories import IncidentCategoryFactory

EMAIL = "medborgare.unik@example.se"
SECRET_TEXT = "Unik beskrivning 7c1f"


def _assert_no_personal_values_in_log():
    for entry in AuditEntry.objects.all():
        text = str(entry.changes) + entry.object_repr
        assert EMAIL not in text and SECRET_TEXT not in text, entry.changes


@pytest.mark.django_db
def test_citizen_report_email_and_description_never_reach_the_log(client, strangnas, station):
    category = IncidentCategoryFactory(code="klotter")
    response = client.post(
        "/strangnas/rapportera/",
        {
            "category": category.pk,
            "place": station.pk,
            "occurred_at": "2025-06-01T20:00",
            "description": SECRET_TEXT,
            "email": EMAIL,
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.contact_email == EMAIL
    entry = AuditEntry.objects.get(object_type="incidents.Incident")
    assert entry.changes["contact_email"] == [None, PERSONAL_VALUE]
    _assert_no_personal_values_in_log()


@pytest.mark.django_db
def test_open311_import_edit_and_logging_never_copy_personal_values(client, strangnas, station, make_log, coordinator):
    _key, secret = Open311ApiKey.issue("app", strangnas)
    client.post(
        "/open311/v2/requests.json",
        {
            "api_key": secret,
            "jurisdiction_id": "strangnas",
            "service_code": "klotter",
            "lat": "59.3776",
            "long": "17.0313",
            "description": SECRET_TEXT,
            "email": EMAIL,
        },
    )
    rows = [
        {"intraffade": "2025-06-01 20:00", "kategori": "klotter", "plats": station.name, "beskrivning": SECRET_TEXT}
    ]
    incident_services.import_incidents(user=coordinator, rows=tabular.check_rows(rows, strangnas, "import"))
    incident = Incident.objects.filter(source="import").get()
    incident.description = SECRET_TEXT + " ändrad"
    save_audited(user=coordinator, instance=incident)
    log = make_log(datetime.datetime(2025, 6, 1, 18, tzinfo=datetime.UTC), places=[station])
    log.observations, log.reported_by = SECRET_TEXT, coordinator
    save_audited(user=coordinator, instance=log)
    assert AuditEntry.objects.get(object_type="fieldwork.ActivityLog").changes["observations"] == ["", PERSONAL_VALUE]
    _assert_no_personal_values_in_log()
    assert AuditEntry.objects.count() >= 4


@pytest.mark.django_db
def test_the_migration_scrubs_entries_written_before(strangnas):
    import importlib

    from django.apps import apps

    entry = AuditEntry.objects.create(
        municipality=strangnas,
        action="create",
        object_type="incidents.Incident",
        object_id="1",
        object_repr="Klotter",
        changes={"contact_email": [None, EMAIL], "status": [None, "new"]},
    )
    migration = importlib.import_module("accounts.migrations.0002_redact_personal_values_in_audit_log")
    migration.redact(apps, None)
    entry.refresh_from_db()
    assert entry.changes == {"contact_email": [None, PERSONAL_VALUE], "status": [None, "new"]}
