"""Publishing with care: a change to a published set is previewed and confirmed,
withdrawing is asked about first, a locked follow-up shows what was published."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programme import services
from programme.models import FollowUp, Promise

pytestmark = pytest.mark.django_db


def _promise_form(promise, text):
    return {
        "focus_area": promise.focus_area_id,
        "text": text,
        "promisor": promise.promisor,
        "order": promise.order,
        "version": "",
    }


def test_editing_a_published_promise_shows_a_preview_and_changes_nothing_until_confirmed(
    coordinator_client, promise_set, client
):
    promise = promise_set.focus_areas.get().promises.get()
    old = promise.text
    url = reverse("programme:object_update", args=["loften", promise.pk])
    preview = coordinator_client.post(url, _promise_form(promise, "Fler vuxna ute fredag och lördag"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "Förhandsgranska ändringen" in page
    assert old in page and "Fler vuxna ute fredag och lördag" in page and "syns ändringen direkt" in page
    assert Promise.objects.get(pk=promise.pk).text == old and not AuditEntry.objects.exists()
    confirmed = coordinator_client.post(
        url, {**_promise_form(promise, "Fler vuxna ute fredag och lördag"), "bekraftad": "1"}
    )
    assert confirmed.status_code == 302
    assert Promise.objects.get(pk=promise.pk).text == "Fler vuxna ute fredag och lördag"
    assert "Fler vuxna ute fredag och lördag" in client.get(promise_set.get_public_url()).content.decode()


def test_an_unpublished_set_is_edited_directly(coordinator_client, promise_set):
    promise_set.published = False
    promise_set.save()
    promise = promise_set.focus_areas.get().promises.get()
    url = reverse("programme:object_update", args=["loften", promise.pk])
    assert coordinator_client.post(url, _promise_form(promise, "Ny text")).status_code == 302


def test_withdrawing_is_asked_about_first(coordinator_client, promise_set):
    url = reverse("programme:promise_set_publish", args=[promise_set.pk])
    ask = coordinator_client.post(url, {"published": "0"})
    assert ask.status_code == 200 and "Återkalla publiceringen" in ask.content.decode()
    promise_set.refresh_from_db()
    assert promise_set.published
    assert coordinator_client.get(url + "?published=0").status_code == 200  # GET only asks
    coordinator_client.post(url, {"published": "0", "bekraftad": "1"})
    promise_set.refresh_from_db()
    assert not promise_set.published


def test_a_locked_follow_up_shows_the_published_text(coordinator_client, coordinator, promise_set):
    import datetime

    follow_up = FollowUp(
        promise_set=promise_set,
        title="Helår",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    services.create_follow_up(user=coordinator, follow_up=follow_up)
    services.publish_follow_up(user=coordinator, follow_up=follow_up)
    promise = promise_set.focus_areas.get().promises.get()
    published_text = promise.text
    Promise.objects.filter(pk=promise.pk).update(text="En senare formulering")
    page = coordinator_client.get(reverse("programme:follow_up_edit", args=[follow_up.pk])).content.decode()
    assert published_text in page and "En senare formulering" not in page
