import pytest
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django.urls import reverse

from accounts.models import AuditEntry, User
from accounts.selectors import audit_entries_for, municipalities_for
from accounts.services import diff, field_values, record
from tests.factories import UserFactory


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


@pytest.mark.django_db
def test_field_values_are_json_safe(promise_set):
    values = field_values(promise_set)
    assert values["period_start"] == "2024-01-01"
    assert values["municipality_id"] == promise_set.municipality_id


@pytest.mark.django_db
@pytest.mark.usefixtures("production_hashers")
def test_password_is_hashed_with_argon2(kommun):
    user = UserFactory(organisation=kommun)
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_police_area_user_works_in_both_municipalities(police, strangnas, eskilstuna):
    officer = UserFactory(organisation=police)
    assert set(municipalities_for(officer)) == {strangnas, eskilstuna}


@pytest.mark.django_db
def test_municipal_user_works_only_in_own_municipality(kommun, strangnas):
    assert list(municipalities_for(UserFactory(organisation=kommun))) == [strangnas]


@pytest.mark.django_db
def test_user_without_organisation_sees_nothing():
    assert not municipalities_for(UserFactory(organisation=None)).exists()


@pytest.mark.django_db
def test_audit_entries_are_scoped_to_municipality(promise_set, coordinator, other_kommun):
    record(user=coordinator, municipality=promise_set.municipality, action="update", instance=promise_set)
    assert audit_entries_for(coordinator).count() == 1
    assert audit_entries_for(UserFactory(organisation=other_kommun)).count() == 0


@pytest.mark.django_db
def test_login_page_is_swedish(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Användarnamn" in response.content.decode()
    assert "Lösenord" in response.content.decode()


@pytest.mark.django_db
def test_login_and_logout(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": "samordnare", "password": "korrekt-häst-batteri"})
    assert response.status_code == 302
    assert response.url == reverse("start:home")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("programme:promise_set_list")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_gives_swedish_error(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": "samordnare", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_logins_lock_out_with_swedish_message(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "samordnare", "password": "fel"})
    response = client.post(reverse("accounts:login"), {"username": "samordnare", "password": "korrekt-häst-batteri"})
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()


@pytest.mark.django_db
def test_audit_log_cannot_be_changed_in_admin(client, kommun):
    admin_user = UserFactory(username="admin", organisation=kommun, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    entry = AuditEntry.objects.create(
        municipality=kommun.municipalities.get(), action="create", object_type="x", object_id="1", object_repr="x"
    )
    change_url = reverse("admin:accounts_auditentry_change", args=[entry.pk])
    client.post(change_url, {"object_repr": "ändrad"})
    entry.refresh_from_db()
    assert entry.object_repr == "x"
    assert client.post(reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_usernames_that_differ_only_in_case_cannot_coexist(db, kommun):
    UserFactory(username="nattvandrare", organisation=kommun, role="reporter")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="NattVandrare")
    form = modelform_factory(User, form=UserCreationForm, fields=["username"])(
        {"username": "NATTVANDRARE", "password1": "Ett-langt-losen-9", "password2": "Ett-langt-losen-9"}
    )
    assert not form.is_valid() and "username" in form.errors


def test_deactivating_a_local_user_ends_their_sessions(client, kommun):
    user = UserFactory(username="volontar", organisation=kommun, role="reporter", password="Lokalt-losen-1")
    assert client.post("/konto/logga-in/", {"username": "volontar", "password": "Lokalt-losen-1"}).status_code == 302
    assert Session.objects.count() == 1
    user.is_active = False
    user.save()
    assert Session.objects.count() == 0
