"""Each role's main job, walked in Chromium on a desktop (1366 × 768) and on a phone (390 × 844), the way the
person would do it: from the page they land on after login, by clicking what they see. On every page of a walk
nothing may overflow sideways, so a phone never has to scroll horizontally."""

import datetime
import re

import pytest
from django.utils import timezone

from demo import DEMO_PASSWORD, load_all
from fieldwork.models import ActivityLog
from incidents.models import Incident, PoliceEvent
from situation.models import SituationReport
from tests.e2e.conftest import PHONE
from tests.e2e.test_field_logging import _tonight_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEVICES = {"desktop": {"viewport": {"width": 1366, "height": 768}}, "phone": PHONE}


@pytest.fixture(params=sorted(DEVICES))
def device(request, browser, live_server, settings, load_once):
    settings.MAP_TILE_URL = ""  # closed network: the maps must stand without tiles
    load_once(load_all)
    context = browser.new_context(locale="sv-SE", **DEVICES[request.param])
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    yield page
    context.close()


def fits(page) -> None:
    """The page is no wider than the screen: nothing to scroll sideways (tables scroll inside their box)."""
    page.wait_for_load_state("load")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the screen"


def login(page, base_url, username) -> None:
    page.goto(base_url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/start/")
    fits(page)


def points_drawn(page, map_selector) -> int:
    """Single points plus the counts on the cluster icons, once the zoom animation has settled."""
    counts = []
    for _ in range(30):
        single = page.locator(f"{map_selector} .leaflet-overlay-pane path.leaflet-interactive").count()
        clustered = sum(int(t) for t in page.locator(f"{map_selector} .marker-cluster span").all_inner_texts())
        counts.append(single + clustered)
        if len(counts) > 2 and counts[-1] == counts[-2] == counts[-3]:
            break
        page.wait_for_timeout(100)
    return counts[-1]


def main_text(page) -> str:
    return page.locator("main").inner_text()


def test_night_walker_logs_tonights_shift_and_corrects_it(device, live_server):
    plan, _ = _tonight_plan("nattvandrare")
    login(device, live_server.url, "nattvandrare")
    device.get_by_role("link", name="Logga detta pass").first.click()
    fits(device)
    device.get_by_label("Kontakter med unga").fill("9")
    device.get_by_role("button", name="Spara passet").click()
    assert "är registrerad" in main_text(device)
    log = ActivityLog.objects.get(plan=plan, reported_by__username="nattvandrare")
    assert log.youth_contacts == 9

    # The next morning a number turns out wrong: the volunteer corrects their own entry.
    device.get_by_role("link", name="Alla loggade pass").click()
    fits(device)
    device.get_by_role("link", name="Ändra").first.click()
    fits(device)
    device.get_by_label("Kontakter med unga").fill("11")
    device.get_by_role("button", name="Spara").first.click()
    log.refresh_from_db()
    assert log.youth_contacts == 11


def test_coordinator_reviews_reports_and_approves_the_weeks_situation_picture(device, live_server):
    waiting = Incident.objects.filter(municipality__slug="strangnas", status="new").count()
    assert waiting > 0
    login(device, live_server.url, "samordnare")
    device.get_by_role("link", name="nya rapporter att granska i Strängnäs").click()
    fits(device)
    first = device.locator("article.card").first
    first.scroll_into_view_if_needed()
    # Each report shows where it happened on a small map, with the named places nearby for bearings.
    mini_map = first.locator(".mini-map.leaflet-container")
    mini_map.locator("path.mini-map-point").wait_for()
    markers = mini_map.locator("path.leaflet-interactive").all()
    assert all(marker.is_visible() for marker in markers), "a marker on the mini-map lies outside it"
    first.get_by_role("button", name="Godkänn", exact=True).click()
    assert "Rapporten är granskad." in main_text(device)
    assert Incident.objects.filter(municipality__slug="strangnas", status="new").count() == waiting - 1

    device.goto(live_server.url + "/start/")
    device.get_by_role("link", name="är ett utkast").filter(has_text="Strängnäs").filter(
        has_text="Lägesbild"
    ).first.click()
    fits(device)
    assert device.locator("#report-map.leaflet-container").count() == 1
    year, week = device.url.rstrip("/").rsplit("/", 1)[1].split("-W")
    report = SituationReport.objects.get(municipality__slug="strangnas", year=int(year), week=int(week))
    device.get_by_label("Analys").fill("Fler rapporter kring resecentrum på fredagskvällar.")
    device.get_by_role("button", name="Spara analysen").click()
    device.get_by_role("button", name="Godkänn och lås lägesbilden").click()
    report.refresh_from_db()
    assert report.is_frozen
    assert "Godkänd av" in main_text(device)


def test_police_officer_reads_the_police_events_and_logs_a_foot_patrol(device, live_server):
    login(device, live_server.url, "kommunpolis")
    device.get_by_role("link", name="Lägesbild", exact=True).first.click()
    fits(device)
    # The police area serves two municipalities: the officer picks Strängnäs.
    device.locator("main").get_by_role("link", name="Strängnäs", exact=True).click()
    assert device.get_by_role("heading", level=1).inner_text() == "Lägesbild för Strängnäs"
    device.get_by_role("link", name="Polisens händelser").first.click()
    fits(device)
    latest = PoliceEvent.objects.filter(municipality_code="0486").order_by("-occurred_at").first()
    device.get_by_label("Händelsetyp").select_option(latest.event_type)
    device.get_by_role("button", name="Visa").click()
    fits(device)
    shown = device.locator("main li.card strong").all_inner_texts()
    assert shown and set(shown) == {latest.event_type}

    # Where did the vandalism happen this past month? The incident map, filtered by category.
    device.get_by_role("link", name="Lägesbild för Strängnäs").click()
    device.get_by_role("link", name="Händelsekarta").click()
    fits(device)
    device.get_by_label("Kategori").select_option(label="Skadegörelse")
    device.get_by_role("button", name="Visa").click()
    fits(device)
    since = timezone.localdate() - datetime.timedelta(days=27)
    expected = Incident.objects.filter(
        municipality__slug="strangnas",
        status="reviewed",
        category__parent__code="skadegorelse",
        occurred_at__date__gte=since,
    ).count()
    assert expected > 0 and f"{expected} granskade händelser." in main_text(device)
    assert points_drawn(device, "#incident-map") == expected

    device.goto(live_server.url + "/start/")
    device.get_by_role("link", name="Logga ett annat pass").click()
    fits(device)
    before = ActivityLog.objects.count()
    device.get_by_label("Fotpatrullering").check()
    device.get_by_label("Strängnäs resecentrum").first.check()
    device.get_by_label("Kontakter med andra invånare").fill("15")  # the shift's times default to the last hours
    device.get_by_role("button", name="Spara passet").click()
    assert "är registrerad" in main_text(device)
    assert ActivityLog.objects.count() == before + 1


def test_viewer_reads_the_follow_up_without_actions_they_cannot_use(device, live_server):
    login(device, live_server.url, "lasare")
    text = main_text(device)
    assert "Översikt" in text
    assert device.get_by_role("link", name="Rapportera en händelse").count() == 0
    device.get_by_role("link", name="Uppföljning").first.click()
    fits(device)
    assert device.get_by_role("heading", level=1).count() == 1
    assert device.get_by_role("button", name="Spara").count() == 0
    device.goto(live_server.url + "/start/")
    device.get_by_role("link", name="Vecka").first.click()
    fits(device)
    assert device.locator("#report-map").count() == 1
    assert device.get_by_role("button", name="Godkänn och lås lägesbilden").count() == 0


def test_citizen_reads_the_promises_and_reports_an_unsafe_place(device, live_server):
    device.goto(live_server.url + "/")
    fits(device)
    device.get_by_role("link", name="Medborgarlöften 2024–2025").first.click()
    fits(device)
    assert "Strängnäs" in main_text(device)
    device.goto(live_server.url + "/strangnas/trygghetskarta/")
    fits(device)
    device.get_by_role("link", name="Tipsa kommunen om en otrygg plats").click()
    fits(device)
    before = Incident.objects.filter(source="citizen").count()
    device.locator("#map").click()  # the middle of the map, which opens on the municipality's places
    device.get_by_label("Kategori").select_option(index=1)
    device.get_by_label("Beskriv platsen och vad som hänt").fill("Trasig belysning i gångtunneln, mörkt på kvällarna.")
    device.get_by_role("button", name="Skicka tipset").click()
    device.wait_for_url(re.compile(r"/tack/\?ref=[0-9A-Z]+$"))
    assert Incident.objects.filter(source="citizen").count() == before + 1


def test_a_partner_reports_damage_with_a_photo_that_only_the_reviewer_sees(device, live_server, browser, tmp_path):
    from PIL import Image

    from tests.e2e.test_accessibility import violations

    photo = tmp_path / "IMG_0001.jpg"
    Image.new("RGB", (1200, 900), (90, 90, 90)).save(photo, format="JPEG")
    login(device, live_server.url, "nattvandrare")
    device.goto(live_server.url + "/lagesbild/strangnas/rapportera/")
    fits(device)
    device.get_by_label("Kategori").select_option(label="Skadegörelse: Glaskross")
    device.get_by_label("Plats", exact=True).select_option(label="Strängnäs resecentrum")
    device.get_by_label("Foto av platsen eller skadan (frivilligt)").set_input_files(str(photo))
    device.get_by_role("button", name="Skicka rapporten").click()
    assert "Rapporten är skickad för granskning." in main_text(device)
    incident = Incident.objects.filter(reported_by__username="nattvandrare").latest("created_at")
    assert incident.photo.width == 1200

    reviewer = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = reviewer.new_page()
    login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/lagesbild/strangnas/granska/")
    card = page.locator("article.card", has=page.locator(f'img[src$="/rapporter/{incident.pk}/foto.jpg"]'))
    card.scroll_into_view_if_needed()
    # A lazy image loads once scrolled to: decode() waits for it.
    assert card.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth)") == 1200
    assert violations(page) == []
    card.get_by_role("button", name="Ta bort fotot").click()
    assert "Fotot är borttaget." in main_text(page)
    reviewer.close()


def test_coordinator_evaluates_a_camera_by_drawing_its_area(device, live_server):
    from evaluation.models import Evaluation

    login(device, live_server.url, "samordnare")
    device.goto(live_server.url + "/falt/")
    device.get_by_role("link", name="Kameraregister").click()
    fits(device)
    device.get_by_role("link", name="Utvärdera effekten Strängnäs resecentrum").click()
    fits(device)
    assert device.get_by_label("Namn").input_value() == "Kamerabevakning: Strängnäs resecentrum"
    target_map = device.locator(".draw-map").first
    target_map.scroll_into_view_if_needed()
    box = target_map.bounding_box()
    for dx, dy in ((0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)):
        device.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    device.get_by_role("button", name="Slutför området").first.click()
    assert '"Polygon"' in device.get_by_label("Ritat målområde").input_value()
    device.get_by_label("Skadegörelse", exact=True).check()
    device.get_by_label("Mariefred").check()
    device.get_by_role("button", name="Spara utvärderingen").click()
    assert "Utvärderingen är sparad." in main_text(device)
    fits(device)
    created = Evaluation.objects.get(title="Kamerabevakning: Strängnäs resecentrum")
    assert len(created.target_area["coordinates"][0]) == 5 and created.camera_site.name == "Strängnäs resecentrum"
    assert device.get_by_role("heading", name="Resultat").count() == 1
