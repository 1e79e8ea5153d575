"""Permissions were written three ways that disagreed for a superuser (architecture of the attack's report):
role sets in views, properties on the user, and the API's own checks. Now one rule: User.effective_role."""

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_superuser_is_an_administrator_on_every_path(kommun, station, promise_set):
    boss = UserFactory(username="chef", organisation=kommun, role="viewer", is_superuser=True, is_staff=True)
    assert boss.effective_role == "administrator" and boss.can_edit_programme and boss.can_log
    client = Client()
    client.force_login(boss)
    assert client.get("/falt/platser/ny/strangnas/").status_code == 200  # require_role
    assert "Ändringslogg" in client.get("/samordning/").content.decode()  # the template's property
    response = client.patch(f"/api/v1/places/{station.pk}/", {"name": "Nytt namn"}, content_type="application/json")
    assert response.status_code == 200  # the API's permission class


@pytest.mark.django_db
def test_a_viewer_is_a_reader_on_every_path(viewer_client, station):
    assert viewer_client.get("/falt/platser/ny/strangnas/").status_code == 403
    assert "Ändringslogg" not in viewer_client.get("/samordning/").content.decode()
    response = viewer_client.patch(f"/api/v1/places/{station.pk}/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_the_role_table_answers_for_every_role():
    from accounts import roles
    from accounts.models import User

    assert set(roles.ABILITIES) == set(User.Role.values)
    table = {role: {a for a in (roles.READ, roles.EDIT, roles.LOG) if User(role=role).may(a)} for role in User.Role}
    assert table == {
        "administrator": {"read", "edit", "log"},
        "coordinator": {"read", "edit", "log"},
        "viewer": {"read"},
        "reporter": {"log"},
    }
    assert roles.roles_that_may(roles.EDIT) == {"administrator", "coordinator"}
    assert User(role="viewer", is_superuser=True).may(roles.EDIT)  # a superuser is an administrator
