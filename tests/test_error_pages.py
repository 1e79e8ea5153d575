"""Error pages are Swedish, styled and lead back."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_404_is_swedish_and_leads_back(client):
    response = client.get("/finns-inte-alls/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in page and "Not Found" not in page
    assert 'href="/"' in page and "trygg.css" in page


@pytest.mark.django_db
def test_403_says_why_and_leads_back(viewer_client, promise_set):
    # A viewer may read but not edit the programme: the edit page answers with the Swedish 403.
    response = viewer_client.get(f"/samordning/medborgarloften/{promise_set.pk}/loften/ny/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du har inte behörighet" in page and "Forbidden" not in page
    assert "Till fältarbetet" in page


def test_500_stands_without_request_or_database():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Ett fel uppstod" in page and 'href="/"' in page and "Server Error" not in page


@pytest.mark.django_db
def test_labels_have_no_trailing_colon(client):
    page = client.get("/konto/logga-in/").content.decode()
    assert ">Användarnamn</label>" in page and "Användarnamn:" not in page


@pytest.mark.django_db
def test_selects_say_choose_instead_of_dashes(client, strangnas):
    page = client.get(f"/{strangnas.slug}/rapportera/").content.decode()
    assert "---------" not in page and "Välj …" in page
