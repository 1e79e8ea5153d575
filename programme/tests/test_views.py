import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programme.models import Activity, Indicator, Promise, PromiseSet


def _detail(promise_set):
    return reverse("programme:promise_set_detail", args=[promise_set.pk])


def _activity(promise_set):
    return Activity.objects.get(promise__focus_area__promise_set=promise_set)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, promise_set):
    response = client.get(_detail(promise_set))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator_client", "viewer_client"])
def test_list_and_detail_for_own_municipality(request, who, promise_set):
    client = request.getfixturevalue(who)
    listing = client.get(reverse("programme:promise_set_list"))
    assert listing.status_code == 200
    assert promise_set.title in listing.content.decode()
    detail = client.get(_detail(promise_set))
    assert detail.status_code == 200
    assert "Nattvandring" in detail.content.decode()


@pytest.mark.django_db
def test_reporter_cannot_read_programme_pages(reporter_client, promise_set):
    assert reporter_client.get(reverse("programme:promise_set_list")).status_code == 403
    assert reporter_client.get(_detail(promise_set)).status_code == 403


@pytest.mark.django_db
def test_viewer_cannot_edit(viewer_client, promise_set):
    url = reverse("programme:object_create", args=[promise_set.pk, "loften"])
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(reverse("programme:promise_set_publish", args=[promise_set.pk])).status_code == 403
    assert viewer_client.get(reverse("programme:audit_log")).status_code == 403


@pytest.mark.django_db
def test_other_municipality_is_refused_everywhere(other_coordinator_client, promise_set):
    client = other_coordinator_client
    activity = _activity(promise_set)
    assert promise_set.title not in client.get(reverse("programme:promise_set_list")).content.decode()
    assert client.get(_detail(promise_set)).status_code == 404
    assert client.get(reverse("programme:object_create", args=[promise_set.pk, "aktiviteter"])).status_code == 404
    assert client.get(reverse("programme:object_update", args=["aktiviteter", activity.pk])).status_code == 404
    assert client.post(reverse("programme:object_delete", args=["aktiviteter", activity.pk])).status_code == 404
    response = client.post(
        reverse("programme:promise_set_publish", args=[promise_set.pk]), {"published": "0", "bekraftad": "1"}
    )
    assert response.status_code == 404
    assert PromiseSet.objects.get(pk=promise_set.pk).published


@pytest.mark.django_db
def test_unknown_kind_is_404(coordinator_client, promise_set):
    assert coordinator_client.get(reverse("programme:object_create", args=[promise_set.pk, "okand"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["fokusomraden", "loften", "aktiviteter", "indikatorer"])
def test_create_forms_render(coordinator_client, promise_set, kind):
    response = coordinator_client.get(reverse("programme:object_create", args=[promise_set.pk, kind]))
    assert response.status_code == 200
    assert "Spara" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_adds_activity_with_indicator_and_it_is_public_and_logged(
    client, coordinator_client, promise_set, kommun
):
    promise = Promise.objects.get(focus_area__promise_set=promise_set)
    response = coordinator_client.post(
        reverse("programme:object_create", args=[promise_set.pk, "aktiviteter"]),
        {
            "promise": promise.pk,
            "title": "Föreläsning om utsatthet på nätet",
            "activity_type": "lecture",
            "responsible": kommun.pk,
            "order": 2,
            "bekraftad": "1",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Föreläsning om utsatthet på nätet")
    response = coordinator_client.post(
        reverse("programme:object_create", args=[promise_set.pk, "indikatorer"]),
        {
            "activity": activity.pk,
            "name": "Deltagare",
            "kind": "output",
            "unit": "personer",
            "target": "300",
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
            "bekraftad": "1",
        },
    )
    assert response.status_code == 302
    public_page = client.get(promise_set.get_public_url()).content.decode()
    assert "Föreläsning om utsatthet på nätet" in public_page
    assert "Deltagare" in public_page
    assert list(AuditEntry.objects.order_by("id").values_list("action", "object_type")) == [
        ("create", "programme.Activity"),
        ("create", "programme.Indicator"),
    ]
    log = coordinator_client.get(reverse("programme:audit_log")).content.decode()
    assert "Föreläsning om utsatthet på nätet" in log
    assert "samordnare" in log


@pytest.mark.django_db
def test_activity_appears_publicly_only_after_publishing(client, coordinator_client, promise_set):
    coordinator_client.post(
        reverse("programme:promise_set_publish", args=[promise_set.pk]), {"published": "0", "bekraftad": "1"}
    )
    assert client.get(promise_set.get_public_url()).status_code == 404
    coordinator_client.post(
        reverse("programme:promise_set_publish", args=[promise_set.pk]), {"published": "1", "bekraftad": "1"}
    )
    assert client.get(promise_set.get_public_url()).status_code == 200
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == ["unpublish", "publish"]


@pytest.mark.django_db
def test_bad_indicator_shows_swedish_field_errors_and_saves_nothing(coordinator_client, promise_set):
    activity = _activity(promise_set)
    response = coordinator_client.post(
        reverse("programme:object_create", args=[promise_set.pk, "indikatorer"]),
        {
            "activity": activity.pk,
            "name": "",
            "kind": "output",
            "unit": "st",
            "target": "-5",
            "period_start": "2025-01-01",
            "period_end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["name"] == ["Det här fältet är obligatoriskt."]
    assert "Målvärdet kan inte vara negativt." in form.errors["target"]
    assert "Slutdatum kan inte vara före startdatum." in form.errors["period_end"]
    assert "Inget har sparats" in response.content.decode()
    assert Indicator.objects.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_activity_form_refuses_promise_from_another_set(coordinator_client, promise_set, kommun, eskilstuna):
    from tests.factories import PromiseFactory

    foreign = PromiseFactory(focus_area__promise_set__municipality=eskilstuna)
    response = coordinator_client.post(
        reverse("programme:object_create", args=[promise_set.pk, "aktiviteter"]),
        {"promise": foreign.pk, "title": "Smuggel", "activity_type": "other", "responsible": kommun.pk, "order": 0},
    )
    assert response.status_code == 400
    assert "promise" in response.context["form"].errors
    assert not Activity.objects.filter(title="Smuggel").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind,data,field",
    [
        ("fokusomraden", {"title": "", "order": 0}, "title"),
        ("loften", {"text": "Text", "promisor": "nobody", "order": 0}, "promisor"),
        ("aktiviteter", {"title": "A", "activity_type": "lecture", "order": 0}, "responsible"),
    ],
)
def test_every_form_rejects_bad_input(coordinator_client, promise_set, kind, data, field):
    before = AuditEntry.objects.count()
    response = coordinator_client.post(reverse("programme:object_create", args=[promise_set.pk, kind]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_edit_promise_records_before_and_after(coordinator_client, promise_set):
    promise = Promise.objects.get(focus_area__promise_set=promise_set)
    response = coordinator_client.post(
        reverse("programme:object_update", args=["loften", promise.pk]),
        {
            "focus_area": promise.focus_area_id,
            "text": "Ny löftestext",
            "promisor": "police",
            "order": 0,
            "bekraftad": "1",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.changes["text"] == ["Vi ökar vuxennärvaron på kvällar och helger.", "Ny löftestext"]
    assert entry.changes["promisor"] == ["both", "police"]


@pytest.mark.django_db
def test_delete_activity_asks_then_deletes(coordinator_client, promise_set):
    activity = _activity(promise_set)
    url = reverse("programme:object_delete", args=["aktiviteter", activity.pk])
    assert coordinator_client.get(url).status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert coordinator_client.post(url).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEntry.objects.get().action == "delete"
