"""Promise sets, their parties and signatories are created and signed in the app, not in Django admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from programme.models import PromiseSet, Signatory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "title": "Medborgarlöften 2026–2027",
        "slug": "2026-2027",
        "introduction": "Kommunen och polisen lovar invånarna detta.",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
    }
    return {**data, **changes}


def test_a_coordinator_creates_a_promise_set_with_parties(coordinator_client, strangnas, kommun, police):
    response = coordinator_client.post(
        reverse("programme:promise_set_create", args=[strangnas.slug]), _form(parties=[kommun.pk, police.pk])
    )
    created = PromiseSet.objects.get(slug="2026-2027")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.municipality, created.published, set(created.parties.all())) == (strangnas, False, {kommun, police})
    assert AuditEntry.objects.filter(object_type="programme.PromiseSet", object_id=str(created.pk)).exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"slug": "2024-2025"}, "slug"),  # the municipality already has it
        ({"slug": "Två år!"}, "slug"),
        ({"period_end": "2025-12-31"}, "period_end"),
        ({"signed_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "signed_on"),
        ({"parties": []}, "parties"),
    ],
)
def test_bad_input_is_refused_with_the_reason(coordinator_client, strangnas, kommun, promise_set, changes, field):
    data = {**_form(parties=[kommun.pk]), **changes}
    response = coordinator_client.post(reverse("programme:promise_set_create", args=[strangnas.slug]), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert PromiseSet.objects.count() == 1


def test_signatories_are_added_for_the_parties_and_the_set_is_signed(coordinator_client, promise_set, kommun, police):
    url = reverse("programme:object_create", args=[promise_set.pk, "undertecknare"])
    signer = {"name": "Jacob Högfeldt", "title": "Kommunstyrelsens ordförande", "organisation": kommun.pk, "order": 1}
    response = coordinator_client.post(url, {**signer, "bekraftad": "1"})  # the set is published: confirmed
    assert response.status_code == 302
    assert Signatory.objects.get(promise_set=promise_set).organisation == kommun
    outsider = coordinator_client.post(
        url, {"name": "X", "title": "Y", "organisation": 999999, "order": 2, "bekraftad": "1"}
    )
    assert outsider.status_code == 400 and Signatory.objects.count() == 1
    edit = reverse("programme:promise_set_edit", args=[promise_set.pk])
    form = coordinator_client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "parties"}
    data.update(
        parties=[p.pk for p in promise_set.parties.all()],
        signed_on="2024-02-01",
        period_start="2024-01-01",
        period_end="2025-12-31",
    )
    preview = coordinator_client.post(edit, data)
    assert preview.status_code == 200 and "Förhandsgranska ändringen" in preview.content.decode()
    before = promise_set.signed_on
    promise_set.refresh_from_db()
    assert promise_set.signed_on == before  # nothing changed before the confirmation
    assert coordinator_client.post(edit, {**data, "bekraftad": "1"}).status_code == 302
    promise_set.refresh_from_db()
    assert promise_set.signed_on == datetime.date(2024, 2, 1)


def test_viewers_and_other_municipalities_cannot_create(viewer_client, other_coordinator_client, strangnas, kommun):
    url = reverse("programme:promise_set_create", args=[strangnas.slug])
    assert viewer_client.post(url, _form(parties=[kommun.pk])).status_code == 403
    assert other_coordinator_client.post(url, _form(parties=[kommun.pk])).status_code == 404
    assert not PromiseSet.objects.exists()
