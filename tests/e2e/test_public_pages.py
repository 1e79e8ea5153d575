import pytest

from demo import programme as programme_demo
from programme.models import Promise

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_reads_strangnas_promises_on_a_phone(live_server, phone_page):
    programme_demo.load()
    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("link", name="Medborgarlöften 2024–2025").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Medborgarlöften 2024–2025"
    body = phone_page.locator("main").inner_text()
    for promise in Promise.objects.filter(focus_area__promise_set__municipality__slug="strangnas"):
        assert promise.text in body
    # Readable on a phone: nothing wider than the screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_coordinator_logs_in_and_adds_activity(live_server, page):
    programme_demo.load()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Medborgarlöften 2024–2025", exact=True).click()
    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Rubrik").fill("Föräldramöte om utsatthet på nätet")
    page.get_by_label("Typ av aktivitet").select_option("lecture")
    page.get_by_label("Ansvarig").select_option(label="Strängnäs kommun")
    page.get_by_label("Löfte").select_option(index=1)
    page.get_by_role("button", name="Spara").click()
    # The set is published: the change is previewed, with the new values, and published when confirmed.
    assert "Föräldramöte om utsatthet på nätet" in page.locator("table").inner_text()
    page.get_by_role("button", name="Bekräfta och publicera ändringen").click()
    assert "Ändringen är sparad." in page.locator("main").inner_text()
    page.goto(live_server.url + "/strangnas/medborgarloften/2024-2025/")
    assert "Föräldramöte om utsatthet på nätet" in page.locator("main").inner_text()
