"""Attack: two coordinators edit the same promise from stale forms; both got "saved" and the first edit
disappeared. Now the second is refused with 409 and shown the first person's change."""

import re

import pytest
from django.test import Client

from programme.models import Promise
from tests.factories import UserFactory


def _form_data(page: str) -> dict:
    return {"version": re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)}


@pytest.mark.django_db
def test_the_second_stale_save_is_refused_and_shows_the_first(coordinator_client, promise_set, kommun):
    promise = Promise.objects.get(focus_area__promise_set=promise_set)
    url = f"/samordning/loften/{promise.pk}/andra/"
    second = Client()
    second.force_login(UserFactory(username="kommunpolis", organisation=kommun, role="coordinator"))
    first_page, second_page = coordinator_client.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200
    fields = {"focus_area": promise.focus_area_id, "promisor": promise.promisor, "order": promise.order}
    fields["bekraftad"] = "1"  # the set is published: confirmed after the preview
    saved = coordinator_client.post(
        url, fields | {"text": "Första versionen"} | _form_data(first_page.content.decode())
    )
    assert saved.status_code == 302
    stale = second.post(url, fields | {"text": "Andra versionen"} | _form_data(second_page.content.decode()))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "samordnare" in page and "Första versionen" in page  # who changed what
    promise.refresh_from_db()
    assert promise.text == "Första versionen"
    # Having seen it, the second coordinator may save deliberately: the page now carries the new version.
    again = second.post(url, fields | {"text": "Andra versionen"} | _form_data(page))
    assert again.status_code == 302
    promise.refresh_from_db()
    assert promise.text == "Andra versionen"
