"""Issue 13, done when: a coordinator creates a promise set with signatories in the app, links a promise to a
measure of the action plan, publishes, and a citizen follows the chain from the public promise page."""

import pytest

from demo import DEMO_PASSWORD, load_all
from programme.models import PromiseSet
from strategy.models import Measure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_from_a_new_promise_set_to_the_problem_it_answers(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    load_all()
    base = live_server.url
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/start/")

    page.get_by_role("link", name="Samordning").click()
    page.get_by_role("link", name="Nya medborgarlöften i Strängnäs").click()
    page.get_by_label("Titel").fill("Medborgarlöften 2027–2028")
    page.get_by_label("Kortnamn").fill("2027-2028")
    page.get_by_label("Gäller från").fill("2027-01-01")
    page.get_by_label("Gäller till").fill("2028-12-31")
    page.get_by_label("Strängnäs kommun").check()
    page.get_by_label("Polisen, lokalpolisområde Strängnäs/Eskilstuna").check()
    page.get_by_role("button", name="Spara").click()
    assert "Medborgarlöftet är skapat." in page.locator("main").inner_text()

    page.get_by_role("link", name="Ny undertecknare").click()
    page.get_by_label("Namn").fill("Kommunstyrelsens ordförande")
    page.get_by_label("Titel").fill("Ordförande")
    page.get_by_label("Organisation").select_option(label="Strängnäs kommun")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Nytt fokusområde").click()
    page.get_by_label("Rubrik").fill("Trygga kvällar i centrum")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Nytt löfte").click()
    page.get_by_label("Fokusområde").select_option(label="Trygga kvällar i centrum")
    page.get_by_label("Löftestext").fill("Kommunen och polisen finns i centrum varje fredagskväll.")
    page.get_by_label("Vem lovar").select_option(label="Kommunen och polisen")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Ändra uppgifterna").click()
    page.get_by_label("Undertecknat").fill("2026-11-20")
    page.get_by_role("button", name="Spara").click()
    promise_set = PromiseSet.objects.get(slug="2027-2028")
    assert promise_set.signed_on.isoformat() == "2026-11-20" and promise_set.signatories.count() == 1

    # The action plan's measure carries the new promise too.
    page.goto(base + "/strategi/strangnas/")
    page.get_by_role("link", name="Fältare och nattvandrare").first.click()
    page.get_by_role("link", name="Ändra").click()
    page.get_by_label("Medborgarlöften 2027–2028: Kommunen och polisen finns i centrum varje fredagskväll.").check()
    page.get_by_role("button", name="Spara").click()
    measure = Measure.objects.get(title="Fältare och nattvandrare")
    assert measure.promises.filter(focus_area__promise_set=promise_set).exists()

    page.goto(base + promise_set.get_absolute_url())
    page.get_by_role("button", name="Publicera").click()
    page.get_by_role("button", name="Ja, publicera").click()

    # A citizen on the public page: why this promise?
    citizen = page.context.browser.new_context(locale="sv-SE").new_page()
    citizen.goto(base + "/strangnas/medborgarloften/2027-2028/")
    citizen.get_by_text("Varför det här löftet?").click()
    reasons = citizen.locator("details.reasons").inner_text()
    assert "Åtgärd i kommunens åtgärdsplan: Fältare och nattvandrare" in reasons
    assert "Problemet: Otrygghet där unga samlas kvällstid." in reasons
    assert "Vuxna på plats" in reasons
    citizen.context.close()
