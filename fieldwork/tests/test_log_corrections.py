"""Correcting one's own log for seven days, coordinators any time; a paged, filterable list with export."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, User
from fieldwork.models import ActivityLog
from tests.factories import ActivityLogFactory
from tests.fieldwork_fixtures import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def walker(kommun):
    return User.objects.create_user("vandrare", organisation=kommun, role="reporter")


@pytest.fixture
def walker_client(client, walker):
    client.force_login(walker)
    return client


def _log(user, station, created_days_ago=0, **extra):
    log = ActivityLogFactory(
        municipality=station.municipality,
        organisation=user.organisation,
        reported_by=user,
        log_type="night_walk",
        started_at=local(2026, 11, 20, 21),
        ended_at=local(2026, 11, 20, 23),
        youth_contacts=5,
        **extra,
    )
    log.places.set([station])
    ActivityLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - datetime.timedelta(days=created_days_ago))
    log.refresh_from_db()
    return log


def _form(station, **changes):
    data = {
        "log_type": "night_walk",
        "started_at": "2026-11-20T21:00",
        "ended_at": "2026-11-20T23:00",
        "places": [station.pk],
        "staff_count": "2",
        "youth_contacts": "5",
        "citizen_contacts": "0",
        "observations": "",
    }
    data.update(changes)
    return data


def test_own_log_is_corrected_within_seven_days_and_audited(walker_client, walker, station):
    log = _log(walker, station, created_days_ago=6)
    response = walker_client.post(reverse("fieldwork:log_edit", args=[log.pk]), _form(station, youth_contacts="9"))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.youth_contacts == 9
    entry = AuditEntry.objects.get(object_type="fieldwork.ActivityLog", action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"youth_contacts": [5, 9]} and entry.user == walker


def test_after_seven_days_or_someone_elses_log_is_refused(walker_client, walker, coordinator, station):
    old = _log(walker, station, created_days_ago=8)
    theirs = _log(coordinator, station)
    for log in (old, theirs):
        assert walker_client.get(reverse("fieldwork:log_edit", args=[log.pk])).status_code == 403
        assert walker_client.post(reverse("fieldwork:log_delete", args=[log.pk])).status_code == 403
    assert ActivityLog.objects.count() == 2


def test_coordinator_corrects_and_deletes_any_log_of_the_municipality(coordinator_client, walker, station):
    log = _log(walker, station, created_days_ago=400)
    assert coordinator_client.get(reverse("fieldwork:log_edit", args=[log.pk])).status_code == 200
    confirm = coordinator_client.get(reverse("fieldwork:log_delete", args=[log.pk]))
    assert confirm.status_code == 200 and ActivityLog.objects.filter(pk=log.pk).exists()  # GET deletes nothing
    assert coordinator_client.post(reverse("fieldwork:log_delete", args=[log.pk])).status_code == 302
    assert not ActivityLog.objects.filter(pk=log.pk).exists()
    assert AuditEntry.objects.filter(object_type="fieldwork.ActivityLog", action=AuditEntry.Action.DELETE).exists()


def test_another_municipalitys_coordinator_sees_nothing(other_coordinator_client, walker, station):
    log = _log(walker, station)
    assert other_coordinator_client.get(reverse("fieldwork:log_edit", args=[log.pk])).status_code == 404


def test_bad_correction_re_displays_with_errors_and_changes_nothing(walker_client, walker, station):
    log = _log(walker, station)
    response = walker_client.post(
        reverse("fieldwork:log_edit", args=[log.pk]), _form(station, observations="Ring 070-123 45 67")
    )
    assert response.status_code == 400 and "observations" in response.context["form"].errors
    log.refresh_from_db()
    assert log.observations == ""


def test_list_is_paged_filtered_and_exported_without_free_text(coordinator_client, coordinator, walker, station):
    for _ in range(55):
        _log(walker, station, observations="Lugnt vid perrongen")
    page = coordinator_client.get(reverse("fieldwork:log_list")).content.decode()
    assert "Sida 1 av 2" in page and "55 pass." in page
    assert "(Strängnäs)" in page  # the municipality next to the place names
    mine = coordinator_client.get(reverse("fieldwork:log_list"), {"mina": "on"}).content.decode()
    assert "0 pass." in mine
    export = coordinator_client.get(reverse("fieldwork:log_list"), {"format": "csv", "typ": "night_walk"})
    body = export.content.decode("utf-8-sig")
    assert body.count("\n") == 56 and "Lugnt vid perrongen" not in body and "kontakter_unga" in body
    bad = coordinator_client.get(reverse("fieldwork:log_list"), {"fran": "igår", "sida": "x"})
    assert bad.status_code == 200 and "Filtret innehåller fel" in bad.content.decode()
