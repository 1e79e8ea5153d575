"""Long imports in the background: stored, checked row by row with progress, saved all or nothing by a
worker, the file erased when done; the page follows it."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.services import PERSONAL_VALUE
from incidents import imports
from incidents.models import Incident, IncidentImport
from tests.mail_fixtures import run_jobs

HEADER = "intraffade;kategori;plats;latitud;longitud;organisation;beskrivning"


def _csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _good(n: int) -> list[str]:
    return [f"2025-06-03 {i % 24:02d}:{i % 60:02d};klotter;Resecentrum;;;;" for i in range(n)]


def _start(user, municipality, content: bytes, name: str = "stor.csv") -> IncidentImport:
    return imports.start(user=user, municipality=municipality, filename=name, content=content)


@pytest.mark.django_db
def test_a_good_file_is_saved_whole_with_progress_and_then_erased(coordinator, strangnas, station, monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 100)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 0)
    seen = []
    original = imports._progress
    monkeypatch.setattr(imports, "_progress", lambda job, **f: (seen.append(dict(f)), original(job, **f)))
    job = _start(coordinator, strangnas, _csv(_good(250)))
    assert imports.run(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.total, job.checked, job.imported, job.percent) == ("done", 250, 250, 250, 100)
    assert bytes(job.content) == b"" and job.finished_at is not None
    assert Incident.objects.filter(source="import").count() == 250
    assert [f["checked"] for f in seen if "checked" in f and "status" not in f] == [100, 200]
    assert imports.run(job.pk) == "done" and Incident.objects.count() == 250  # run again: nothing twice


@pytest.mark.django_db
def test_each_imported_row_is_logged_under_its_own_id_without_its_text(coordinator, strangnas, station):
    rows = [f"2025-06-03 21:{i:02d};klotter;Resecentrum;;;;Klotter nummer {i}" for i in range(30)]
    job = _start(coordinator, strangnas, _csv(rows))
    assert imports.run(job.pk) == "done"
    entries = AuditEntry.objects.filter(object_type="incidents.Incident", action="create")
    logged = {int(e.object_id): e for e in entries}
    incidents = {i.pk: i for i in Incident.objects.filter(source="import")}
    assert set(logged) == set(incidents) and len(logged) == 30
    for pk, entry in logged.items():
        assert entry.user_id == coordinator.pk and entry.municipality_id == strangnas.pk
        assert entry.changes["occurred_at"][1].startswith(str(incidents[pk].occurred_at.astimezone(datetime.UTC))[:16])
        assert entry.changes["description"] == [None, PERSONAL_VALUE] and entry.changes["import"] == [None, True]
        assert entry.changes["status"] == [None, "new"] and entry.changes["id"] == [None, pk]


@pytest.mark.django_db
def test_a_bad_file_saves_nothing_and_lists_every_problem(coordinator, strangnas, station):
    rows = _good(300)
    rows[10] = "2025-06-03;klotter;Resecentrum;;;;"
    rows[200] = "2025-06-04 02:00;brand;;59.37;17.03;;Ring 070-123 45 67"
    job = _start(coordinator, strangnas, _csv(rows))
    assert imports.run(job.pk) == "failed"
    job.refresh_from_db()
    assert [p.split(":")[0] for p in job.problems] == ["rad 12", "rad 202"]
    assert "telefonnummer" in job.problems[1] and "070-123" not in " ".join(job.problems)
    assert bytes(job.content) == b"" and not Incident.objects.exists()


@pytest.mark.usefixtures("queue_db")
def test_the_page_hands_a_large_file_to_the_worker_and_follows_it(settings, station, eskilstuna, kommun):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.factories import OrganisationFactory, UserFactory

    settings.IMPORT_INLINE_BYTES = 1000
    client = Client()
    client.force_login(UserFactory(username="samordnare", organisation=kommun, role="coordinator"))
    upload = SimpleUploadedFile("stor.csv", _csv(_good(120)), content_type="text/csv")
    response = client.post(reverse("incidents:import", args=["strangnas"]), {"file": upload})
    job = IncidentImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lagesbild/strangnas/importera/{job.pk}/"
    status_url = reverse("incidents:import_status", args=["strangnas", job.pk])
    assert json.loads(client.get(status_url).content)["status"] == "queued" and not Incident.objects.exists()
    run_jobs()
    state = json.loads(client.get(status_url).content)
    assert (state["status"], state["imported"], state["percent"], state["finished"]) == ("done", 120, 100, True)
    page = client.get(response["Location"]).content.decode()
    assert "Till granskningen" in page and 'value="100"' in page
    other = Client()
    other.force_login(
        UserFactory(
            username="eskilstuna", organisation=OrganisationFactory(municipalities=[eskilstuna]), role="coordinator"
        )
    )
    assert other.get(status_url).status_code == 404  # another municipality's import does not exist for them


@pytest.mark.django_db
def test_rows_are_invisible_until_the_whole_file_is_written(coordinator, strangnas, station, monkeypatch):
    from accounts.models import AuditEntry
    from incidents import services

    monkeypatch.setattr(services, "IMPORT_BATCH", 40)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 0)
    job = _start(coordinator, strangnas, _csv(_good(100)))
    seen = []
    original = imports._progress

    def watch(job, **fields):
        original(job, **fields)
        if "imported" in fields:  # after each batch, and after the job is marked done
            seen.append((Incident.objects.count(), Incident.everything.count()))

    monkeypatch.setattr(imports, "_progress", watch)
    assert imports.run(job.pk) == "done"
    assert seen == [(0, 40), (0, 80), (0, 100), (100, 100)]  # short transactions seen by nobody, then all
    assert Incident.objects.filter(status="new").count() == 100
    assert AuditEntry.objects.filter(object_type="incidents.Incident", action="create").count() == 100


@pytest.mark.django_db
def test_an_attempt_that_died_half_way_is_cleaned_up_by_the_next(coordinator, strangnas, station, monkeypatch):
    from accounts.models import AuditEntry
    from incidents import services

    monkeypatch.setattr(services, "IMPORT_BATCH", 40)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 0)
    job = _start(coordinator, strangnas, _csv(_good(100)))
    original = imports._progress

    def die_after_first_batch(job, **fields):
        original(job, **fields)
        if fields.get("imported") == 40:
            raise SystemExit("the worker was killed")

    monkeypatch.setattr(imports, "_progress", die_after_first_batch)
    with pytest.raises(SystemExit):
        imports.run(job.pk)
    assert (Incident.objects.count(), Incident.everything.count()) == (0, 40)
    monkeypatch.setattr(imports, "_progress", original)
    assert imports.run(job.pk) == "done"  # the retry, as the queue gives it
    assert Incident.everything.count() == Incident.objects.count() == 100
    assert AuditEntry.objects.filter(object_type="incidents.Incident", action="create").count() == 100


def test_progress_is_written_at_most_once_a_second(monkeypatch):
    written = []
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 3600)
    hourly = imports._now_and_then(written.append)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 0)
    always = imports._now_and_then(written.append)
    for n in (1, 2, 3):
        always(n)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 3600)
    hourly(4)
    assert written == [1, 2, 3]


@pytest.mark.usefixtures("queue_db")
def test_a_worker_outside_a_transaction_writes_every_batch_keyed_to_its_log(
    coordinator, strangnas, station, monkeypatch
):
    """As the worker runs it, not inside a test's transaction: on PostgreSQL the batches go to a writer
    thread with its own connection while the next is prepared (services._write_alongside)."""
    import threading

    from django.db import connection

    from accounts.models import AuditEntry
    from incidents import services

    monkeypatch.setattr(services, "IMPORT_BATCH", 40)
    writers = []
    for name in ("_write_prepared", "_write_batch"):
        original = getattr(services, name)
        monkeypatch.setattr(
            services, name, lambda *a, _f=original, **k: (writers.append(threading.current_thread().name), _f(*a, **k))
        )
    job = _start(coordinator, strangnas, _csv(_good(250)))
    assert imports.run(job.pk) == "done", IncidentImport.objects.get(pk=job.pk).problems
    on_thread = connection.vendor == "postgresql"
    assert len(writers) == 7 and all(name.startswith("import-writer") == on_thread for name in writers)
    incidents = set(Incident.objects.filter(source="import").values_list("pk", flat=True))
    logged = AuditEntry.objects.filter(object_type="incidents.Incident", action="create")
    assert len(incidents) == 250 and {int(e.object_id) for e in logged} == incidents
    assert all(e.changes["id"] == [None, int(e.object_id)] for e in logged)
