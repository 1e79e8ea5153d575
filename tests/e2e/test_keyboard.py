"""Keyboard only: the log form, the citizen report form and the review queue can be
used with Tab, Space, arrow keys and Enter alone, and a failed submission puts focus on the field."""

import pytest

from demo import fieldwork as fieldwork_demo
from demo import incidents as incidents_demo
from demo import programme as programme_demo
from fieldwork.models import ActivityLog
from incidents.models import Incident

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   const label = e.labels && e.labels.length ? e.labels[0].innerText.trim() : "";
                   return {tag: e.tagName, type: e.type || "", label: label, text: (e.innerText || "").trim(),
                           name: e.name || ""}; }"""
    )


def tab_to(page, matches, limit=150) -> dict:
    """Press Tab until the focused element matches; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def _login(page, base_url, username):
    page.goto(base_url + "/konto/logga-in/")
    page.keyboard.press("Tab")  # the skip link
    tab_to(page, lambda f: f["name"] == "username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(programme_demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/start/")


def test_log_form_by_keyboard_with_focus_on_the_error(live_server, page):
    programme_demo.load()
    fieldwork_demo.load()
    before = ActivityLog.objects.count()
    _login(page, live_server.url, "nattvandrare")
    page.goto(live_server.url + "/falt/logga/")
    radio = tab_to(page, lambda f: f["type"] == "radio")
    while radio["label"] != "Nattvandring":  # arrow keys move within the radio group
        page.keyboard.press("ArrowDown")
        radio = _focused(page)
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["label"] == "Kontakter med unga")
    page.keyboard.type("7")
    tab_to(page, lambda f: f["text"] == "Spara passet")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no place chosen: refused, and focus is on the places
    focused = _focused(page)
    assert focused["type"] == "checkbox" and focused["name"] == "places"
    assert ActivityLog.objects.count() == before
    tab_to(page, lambda f: f["label"] == "Strängnäs resecentrum")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["text"] == "Spara passet")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "är registrerad" in page.locator("main").inner_text()
    log = ActivityLog.objects.order_by("-id").first()
    assert ActivityLog.objects.count() == before + 1 and log.youth_contacts == 7


def test_citizen_report_by_keyboard(live_server, page):
    programme_demo.load()
    fieldwork_demo.load()
    incidents_demo.load()
    before = Incident.objects.count()
    page.goto(live_server.url + "/strangnas/rapportera/")
    tab_to(page, lambda f: f["label"] == "Kategori")
    page.keyboard.press("ArrowDown")  # the first category
    tab_to(page, lambda f: f["label"] == "Plats")
    page.keyboard.press("ArrowDown")  # the first named place
    tab_to(page, lambda f: f["name"] == "description")
    page.keyboard.type("Trasig belysning vid gångtunneln")
    tab_to(page, lambda f: f["text"] == "Skicka tipset")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för ditt tips!"
    assert Incident.objects.count() == before + 1


def test_review_queue_by_keyboard(live_server, page):
    programme_demo.load()
    fieldwork_demo.load()
    incidents_demo.load()
    waiting = Incident.objects.filter(municipality__slug="strangnas", status="new").count()
    assert waiting > 0
    _login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/lagesbild/strangnas/granska/")
    tab_to(page, lambda f: f["text"] == "Godkänn")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Rapporten är granskad." in page.locator("main").inner_text()
    assert Incident.objects.filter(municipality__slug="strangnas", status="new").count() == waiting - 1


def test_citizen_uses_the_phones_position(live_server, browser):
    programme_demo.load()
    fieldwork_demo.load()
    incidents_demo.load()
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 59.37752, "longitude": 17.03120},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(live_server.url + "/strangnas/rapportera/")
    page.get_by_role("button", name="Använd min position").click()
    page.wait_for_function("() => document.getElementById('id_latitude').value !== ''")
    assert page.locator("#id_latitude").input_value() == "59.377520"
    assert page.locator("#id_longitude").input_value() == "17.031200"
    assert "Din position är markerad" in page.locator("#locate-status").inner_text()
    context.close()
