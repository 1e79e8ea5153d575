import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEntry
from accounts.services import delete_audited, save_audited
from demo import programme as programme_demo
from programme.models import Activity, Indicator, Promise, PromiseSet, Signatory
from programme.services import set_published
from tests.factories import IndicatorFactory


@pytest.mark.django_db
def test_creating_an_object_is_logged_with_its_values(promise_set, coordinator):
    activity = promise_set.focus_areas.get().promises.get().activities.get()
    indicator = Indicator(
        activity=activity,
        name="Timmar",
        unit="timmar",
        target=100,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    save_audited(user=coordinator, instance=indicator)
    entry = AuditEntry.objects.get(object_type="programme.Indicator", object_id=str(indicator.pk))
    assert entry.action == "create"
    assert entry.user == coordinator
    assert entry.municipality == promise_set.municipality
    assert entry.changes["target"] == [None, "100"]


@pytest.mark.django_db
def test_update_logs_before_and_after(promise_set, coordinator):
    indicator = Indicator.objects.get(activity__promise__focus_area__promise_set=promise_set)
    indicator.target = 120
    save_audited(user=coordinator, instance=indicator)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"target": ["80.00", "120"]}


@pytest.mark.django_db
def test_saving_unchanged_object_writes_no_log(promise_set, coordinator):
    indicator = Indicator.objects.get(activity__promise__focus_area__promise_set=promise_set)
    save_audited(user=coordinator, instance=indicator)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_invalid_period_is_refused_and_nothing_saved(promise_set, coordinator):
    activity = Activity.objects.get(promise__focus_area__promise_set=promise_set)
    indicator = Indicator(
        activity=activity,
        name="Fel",
        unit="st",
        target=1,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        save_audited(user=coordinator, instance=indicator)
    assert "period_end" in excinfo.value.message_dict
    assert Indicator.objects.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_delete_is_logged(promise_set, coordinator):
    indicator = IndicatorFactory(activity=Activity.objects.get(promise__focus_area__promise_set=promise_set))
    delete_audited(user=coordinator, instance=indicator)
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.changes["name"] == ["Genomförda nattvandringar", None]


@pytest.mark.django_db
def test_publish_and_unpublish_are_logged_once(promise_set, coordinator):
    set_published(user=coordinator, promise_set=promise_set, published=False)
    set_published(user=coordinator, promise_set=promise_set, published=False)
    set_published(user=coordinator, promise_set=promise_set, published=True)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["unpublish", "publish"]
    assert PromiseSet.objects.get(pk=promise_set.pk).published


@pytest.mark.django_db
def test_demo_has_the_real_strangnas_promises_and_is_idempotent():
    programme_demo.load()
    programme_demo.load()
    strangnas = PromiseSet.objects.get(municipality__slug="strangnas", slug="2024-2025")
    assert strangnas.signed_on == datetime.date(2024, 1, 30)
    assert set(Signatory.objects.filter(promise_set=strangnas).values_list("name", flat=True)) == {
        "Lars Ekström",
        "Jacob Högfeldt",
        "Oscar Nissfolk",
    }
    assert strangnas.focus_areas.count() == 2
    activities = Activity.objects.filter(promise__focus_area__promise_set=strangnas)
    assert activities.count() == 6
    assert set(activities.values_list("activity_type", flat=True)) == {
        "adult_presence",
        "foot_patrol",
        "camera",
        "school_contact",
        "defector_programme",
        "lecture",
    }
    assert all(a.indicators.exists() for a in activities)
    assert PromiseSet.objects.filter(municipality__slug="eskilstuna").count() == 1
    assert not PromiseSet.objects.get(municipality__slug="strangnas", slug="2026-2027").published
    assert Promise.objects.count() == 13


@pytest.mark.django_db
def test_demo_keeps_edits_made_in_the_app():
    programme_demo.load()
    indicator = Indicator.objects.get(name="Genomförda nattvandringar", period_start__year=2024)
    indicator.target = 99
    indicator.save()
    programme_demo.load()
    indicator.refresh_from_db()
    assert indicator.target == 99
