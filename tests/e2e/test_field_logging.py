import pytest

from fieldwork import demo as fieldwork_demo
from fieldwork.models import ActivityLog
from programme import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base_url, username):
    page.goto(base_url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_night_walker_logs_a_shift_on_a_phone_with_a_few_taps(live_server, phone_page):
    demo.load()
    fieldwork_demo.load()
    before = ActivityLog.objects.count()
    _login(phone_page, live_server.url, "nattvandrare")
    phone_page.goto(live_server.url + "/falt/logga/")
    # Defaults cover the times and staff count: a shift is the type, a place, the contacts and save.
    phone_page.get_by_label("Nattvandring").check()
    phone_page.get_by_label("Strängnäs resecentrum").check()
    phone_page.get_by_label("Kontakter med unga").fill("18")
    phone_page.get_by_role("button", name="Spara passet").click()
    assert "är registrerad" in phone_page.locator("main").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    log = ActivityLog.objects.order_by("-id").first()
    assert ActivityLog.objects.count() == before + 1
    assert (log.log_type, log.youth_contacts, log.organisation.name) == ("night_walk", 18, "Nattvandrarna i Strängnäs")
    assert [p.name for p in log.places.all()] == ["Strängnäs resecentrum"]


def test_phone_form_refuses_a_phone_number_and_keeps_the_input(live_server, phone_page):
    demo.load()
    fieldwork_demo.load()
    before = ActivityLog.objects.count()
    _login(phone_page, live_server.url, "nattvandrare")
    phone_page.goto(live_server.url + "/falt/logga/")
    phone_page.get_by_label("Nattvandring").check()
    phone_page.get_by_label("Stortorget").check()
    phone_page.get_by_label("Iakttagelser").fill("Ring 070-123 45 67 om det händer något")
    phone_page.get_by_role("button", name="Spara passet").click()
    assert "Texten innehåller ett telefonnummer." in phone_page.locator("main").inner_text()
    assert phone_page.get_by_label("Stortorget").is_checked()
    assert ActivityLog.objects.count() == before


def test_places_map_draws_markers_without_tiles(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    demo.load()
    fieldwork_demo.load()
    _login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/falt/platser/")
    page.wait_for_selector(".leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() >= 15
    assert page.locator(".leaflet-tile").count() == 0
