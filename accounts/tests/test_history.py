"""The change log in words: who changed what, filters, paging, one object's history."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.services import save_audited
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _page(client, **params):
    return client.get(reverse("programme:audit_log"), params).content.decode()


def test_changes_read_as_words_not_field_codes(coordinator_client, coordinator, promise_set):
    promise = promise_set.focus_areas.get().promises.get()
    promise.promisor = "police"
    save_audited(user=coordinator, instance=promise)
    page = _page(coordinator_client)
    assert "Löfte" in page  # the type in words, not "programme.Promise"
    assert "(programme.Promise" not in page and ">programme.Promise" not in page
    label = dict(type(promise)._meta.get_field("promisor").flatchoices)["police"]
    assert f"→ {label}" in page and "→ police" not in page  # choice labels, not stored codes
    assert "samordnare" in page or coordinator.get_full_name() in page


def test_dates_without_microseconds_and_booleans_in_words(coordinator_client, coordinator, night_walk_activity):
    indicator = IndicatorFactory(activity=night_walk_activity, counts_own_work=False)
    indicator.counts_own_work = True
    save_audited(user=coordinator, instance=indicator)
    indicator.period_end = indicator.period_end.replace(year=2026)
    save_audited(user=coordinator, instance=indicator)
    page = _page(coordinator_client)
    assert "Nej → Ja" in page
    assert "31 december 2025 → 31 december 2026" in page


def test_filters_by_person_type_object_and_period(coordinator_client, coordinator, promise_set, kommun):
    from accounts.models import User

    other = User.objects.create_user("kollega", organisation=kommun, role="coordinator")
    promise = promise_set.focus_areas.get().promises.get()
    promise.text = "Fler vuxna ute på kvällarna"
    save_audited(user=coordinator, instance=promise)
    promise_set.title = "Medborgarlöften 2024–2025, reviderade"
    save_audited(user=other, instance=promise_set)
    assert AuditEntry.objects.count() == 2
    by_other = _page(coordinator_client, vem=other.pk)
    assert promise_set.title in by_other and promise.text not in by_other
    by_type = _page(coordinator_client, typ="programme.Promise", objekt=str(promise.pk))
    assert promise.text in by_type and promise_set.title not in by_type.split("<tbody>")[1]
    assert "Inga ändringar som matchar" in _page(coordinator_client, fran="2999-01-01")


def test_bad_filters_are_field_errors_never_500(coordinator_client):
    response = coordinator_client.get(reverse("programme:audit_log"), {"vem": "x", "fran": "igår", "sida": "-3"})
    assert response.status_code == 200
    assert "Filtret innehåller fel" in response.content.decode()


def test_pages_of_fifty(coordinator_client, coordinator, promise_set):
    promise = promise_set.focus_areas.get().promises.get()
    for i in range(60):
        promise.text = f"Löfte version {i}"
        save_audited(user=coordinator, instance=promise)
    first = _page(coordinator_client)
    assert "Sida 1 av 2" in first and "Löfte version 59" in first and "Löfte version 5 " not in first
    second = _page(coordinator_client, sida=2)
    assert "Sida 2 av 2" in second and "Löfte version 0" in second
