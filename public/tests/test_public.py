import pytest
from django.urls import reverse
from django.utils import timezone

from demo import programme as programme_demo
from programme.models import Activity
from tests.factories import IncidentCategoryFactory, IncidentFactory, PromiseSetFactory


@pytest.mark.django_db
def test_home_lists_only_published_sets(client, promise_set, strangnas):
    PromiseSetFactory(municipality=strangnas, title="Hemligt utkast", published=False)
    page = client.get(reverse("public:home")).content.decode()
    assert promise_set.title in page
    assert "Hemligt utkast" not in page


@pytest.mark.django_db
def test_unpublished_set_is_404_not_403(client, strangnas):
    draft = PromiseSetFactory(municipality=strangnas, slug="utkast", published=False)
    assert client.get(draft.get_public_url()).status_code == 404


@pytest.mark.django_db
def test_unknown_set_is_404(client, strangnas):
    assert client.get(reverse("public:promise_set", args=["strangnas", "finns-inte"])).status_code == 404


@pytest.mark.django_db
def test_set_is_not_reachable_under_another_municipality(client, promise_set):
    assert client.get(reverse("public:promise_set", args=["eskilstuna", promise_set.slug])).status_code == 404


@pytest.mark.django_db
def test_demo_public_page_shows_all_six_activities_and_who_is_responsible(client, django_assert_max_num_queries):
    programme_demo.load()
    url = reverse("public:promise_set", args=["strangnas", "2024-2025"])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for activity in Activity.objects.filter(promise__focus_area__promise_set__municipality__slug="strangnas"):
        assert activity.title in page
    assert "Polisen, lokalpolisområde Strängnäs/Eskilstuna" in page
    assert "Oscar Nissfolk" in page
    assert "30 januari 2024" in page
    assert '<html lang="sv">' in page
    assert 'name="viewport"' in page


@pytest.mark.django_db
def test_english_browser_still_gets_swedish_until_english_is_chosen(client, promise_set):
    url = promise_set.get_public_url()
    assert "1 januari 2024" in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    response = client.get(reverse("switch_language", args=["en"]) + f"?next={url}")
    assert response.url == url
    assert "1 January 2024" in client.get(url).content.decode()


@pytest.mark.django_db
def test_public_pages_are_cached_for_anonymous_visitors_only(client, promise_set, settings, coordinator_client):
    settings.PUBLIC_CACHE_SECONDS = 60
    url = promise_set.get_public_url()
    assert "Nattvandring" in client.get(url).content.decode()
    Activity.objects.filter(title="Nattvandring").update(title="Fältarbete")
    assert "Nattvandring" in client.get(url).content.decode()  # served from the cache
    assert "Fältarbete" in coordinator_client.get(url).content.decode()  # signed-in users are never cached
    client.cookies["django_language"] = "en"
    assert "Fältarbete" in client.get(url).content.decode()  # another language is another cache entry
    login = client.get(reverse("accounts:login"))
    assert login.cookies  # a page with a CSRF token sets the CSRF cookie, so it is never stored
    assert client.get(reverse("accounts:login")).cookies


@pytest.mark.django_db
def test_citizen_form_needs_no_csrf_token(strangnas, station):
    from django.test import Client

    from incidents.models import Incident, IncidentCategory

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("public:citizen_report", args=["strangnas"]))
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies  # cacheable
    response = client.post(
        reverse("public:citizen_report", args=["strangnas"]),
        {
            "category": IncidentCategory.objects.get(code="klotter").pk,
            "place": station.pk,
            "occurred_at": "2025-06-20T22:00",
            "description": "Klotter",
            "website": "",
        },
    )
    assert response.status_code == 302 and Incident.objects.filter(source="citizen").count() == 1


@pytest.mark.django_db
def test_public_pages_in_english(client, promise_set):
    client.cookies["django_language"] = "en"
    home = client.get(reverse("public:home")).content.decode()
    assert '<html lang="en">' in home and "Citizen promises for a safer community" in home
    form = client.get(reverse("public:citizen_report", args=["strangnas"])).content.decode()
    assert "Send the report" in form and "Describe the place and what happened" in form


@pytest.mark.usefixtures("queue_db")  # real commits: the generation moves on at each
def test_open311_is_not_served_stale_after_a_change(client, coordinator, settings, strangnas, station):
    """Issue 15: the page cache hid a new answer or review for its lifetime; a committed change now moves
    the cache's generation on."""
    from incidents.services import review_incident

    settings.PUBLIC_CACHE_SECONDS = 60
    incident = IncidentFactory(
        municipality=strangnas,
        category=IncidentCategoryFactory(code="klotter"),
        occurred_at=timezone.now(),
        place=station,
        latitude=station.latitude,
        longitude=station.longitude,
        source="citizen",
    )
    url = f"/open311/v2/requests/{incident.public_ref}.json"
    assert client.get(url, {"jurisdiction_id": "strangnas"}).json()[0]["status"] == "open"
    assert client.get(url, {"jurisdiction_id": "strangnas"}).json()[0]["status"] == "open"  # cached now
    review_incident(user=coordinator, incident=incident, status="reviewed", answer="Klottret är borttaget.")
    answered = client.get(url, {"jurisdiction_id": "strangnas"}).json()[0]
    assert (answered["status"], answered["status_notes"]) == ("closed", "Klottret är borttaget.")


@pytest.mark.usefixtures("queue_db")
def test_a_large_change_moves_the_generation_on_once(strangnas, station):
    from django.db import transaction

    from trygg import page_cache

    before = page_cache.generation()
    klotter = IncidentCategoryFactory(code="klotter")

    def report():
        IncidentFactory(
            municipality=strangnas, category=klotter, occurred_at=timezone.now(), latitude=59.37, longitude=17.03
        )

    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint rolled back: what it queued is dropped with it
                for _ in range(50):
                    report()
                raise RuntimeError
        except RuntimeError:
            pass
        for _ in range(50):
            report()
        assert page_cache.generation() == before  # not before the commit
    assert page_cache.generation() == before + 1
