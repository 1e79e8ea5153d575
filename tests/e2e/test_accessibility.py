"""axe-core (vendored, tests/e2e/vendor/axe.min.js) in Chromium on every public page: 0 violations."""

from pathlib import Path

import pytest

from demo import load_all
from demo import programme as programme_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PUBLIC_PAGES = [
    "/",
    "/strangnas/medborgarloften/2024-2025/",
    "/strangnas/medborgarloften/2024-2025/uppfoljning/",
    "/strangnas/medborgarloften/2024-2025/uppfoljning/1/",
    "/strangnas/medborgarloften/2024-2025/uppfoljning/2/",
    "/eskilstuna/medborgarloften/2024-2025/",
    "/strangnas/trygghetskarta/",
    "/strangnas/rapportera/",
    "/strangnas/rapportera/tack/",
    "/oppna-data/",
    "/konto/logga-in/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/strangnas/trygghetsvandringar/",
]


def axe_context(browser, width):
    """A context that loads axe-core into every page it opens (an init script, not sent again for each page).
    axe-core goes in as an inline script, which the page's CSP (rightly) blocks: the context bypasses it."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900}, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    return context


def violations(page) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):  # a page from a context of its own (other tests)
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.fixture
def demo_site(live_server, settings, load_once):
    settings.MAP_TILE_URL = ""  # closed network: the pages must stand without tiles
    load_once(load_all)
    return live_server.url


@pytest.mark.parametrize("width", [1280, 390])
def test_every_public_page_passes_axe(demo_site, browser, width):
    context = axe_context(browser, width)
    page = context.new_page()
    found = {}
    from evaluation.models import Evaluation

    published = [
        f"/strangnas/utvarderingar/{pk}/"
        for pk in Evaluation.objects.filter(status="published").values_list("pk", flat=True)
    ]
    assert published, "the demo publishes the camera's evaluation"
    from incidents.models import Incident
    from incidents.notify import opt_out_url

    for citizen in Incident.objects.filter(source="citizen"):  # one answered, one waiting
        published += [f"/strangnas/rapport/{citizen.public_ref}/", opt_out_url(citizen)]
    published.append(f"/strangnas/rapportera/tack/?ref={citizen.public_ref}")
    for path in PUBLIC_PAGES + published:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        if problems := violations(page):
            found[path] = problems
    # The citizen form after a failed submission: error messages must be accessible too.
    page.goto(demo_site + "/strangnas/rapportera/")
    page.get_by_role("button", name="Skicka tipset").click()
    assert "Tipset skickades inte" in page.locator("main").inner_text()
    if problems := violations(page):
        found["/strangnas/rapportera/ (fel)"] = problems
    context.close()
    assert found == {}


def test_citizen_reports_unsafe_place_with_map_pin(demo_site, page):
    page.goto(demo_site + "/strangnas/rapportera/")
    page.get_by_label("Kategori").select_option(label="Otrygg plats: Belysning")
    page.locator("#map").click()  # the middle of the map, which opens on the municipality's places
    assert page.locator("#id_latitude").input_value() != ""
    page.get_by_label("Beskriv platsen och vad som hänt").fill("Gatlyktorna är släckta längs gångvägen")
    page.get_by_role("button", name="Skicka tipset").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för ditt tips!"


def _internal_pages() -> dict[str, list[str]]:
    """Each role's main pages (the demo's ids looked up, not assumed)."""
    from actions.models import ActionItem
    from evaluation.models import Evaluation
    from programme.models import PromiseSet
    from safetywalks.models import Finding, SafetyWalk
    from situation.models import SituationReport
    from strategy.models import Assessment, Measure, Problem
    from surveys.models import Survey

    promise_set = PromiseSet.objects.get(municipality__slug="strangnas", slug="2024-2025")
    report = SituationReport.objects.filter(municipality__slug="strangnas").order_by("-year", "-week").first()
    coordinator = [
        "/start/",
        "/falt/",
        "/falt/logga/",
        "/falt/loggar/",
        "/falt/vecka/",
        "/falt/platser/",
        "/falt/planer/",
        f"/samordning/uppfoljning/{promise_set.pk}/",
        "/samordning/",
        f"/samordning/medborgarloften/{promise_set.pk}/",
        "/samordning/andringslogg/",
        "/lagesbild/strangnas/",
        "/lagesbild/strangnas/granska/",
        "/lagesbild/strangnas/importera/",
        "/lagesbild/strangnas/polisen/",
        "/narvaro/strangnas/",
        "/lagesbild/strangnas/karta/",
        "/lagesbild/strangnas/rapportera/",
        f"/lagesbild/strangnas/{report.iso_week}/",
        "/utvardering/strangnas/",
        "/utvardering/strangnas/ny/",
        "/strategi/strangnas/",
        "/dialog/strangnas/",
        "/undersokningar/strangnas/",
        "/falt/arendesamverkan/",
        "/pass/",
        "/pass/publicera/",
        "/atgarder/?visa=alla&status=alla",
        "/atgarder/ny/strangnas/",
        *[f"/atgarder/{pk}/" for pk in ActionItem.objects.values_list("pk", flat=True)[:2]],
        *[f"/atgarder/{pk}/andra/" for pk in ActionItem.objects.values_list("pk", flat=True)[:1]],
        *[f"/undersokningar/{pk}/" for pk in Survey.objects.values_list("pk", flat=True)],
        *[f"/dialog/vandring/{pk}/" for pk in SafetyWalk.objects.values_list("pk", flat=True)],
        *[f"/dialog/fynd/{pk}/andra/" for pk in Finding.objects.values_list("pk", flat=True)[:1]],
        *[f"/strategi/lagesbild/{pk}/" for pk in Assessment.objects.values_list("pk", flat=True)],
        "/strategi/problem/ny/strangnas/",
        *[f"/strategi/problem/{pk}/" for pk in Problem.objects.values_list("pk", flat=True)],
        *[f"/strategi/atgard/{pk}/" for pk in Measure.objects.values_list("pk", flat=True)[:2]],
        f"/strategi/lofte/{Measure.objects.first().promises.first().pk}/",
        "/samordning/medborgarloften/ny/strangnas/",
        f"/samordning/medborgarloften/{promise_set.pk}/andra/",
        *[f"/utvardering/{pk}/" for pk in Evaluation.objects.values_list("pk", flat=True)],
    ]
    return {
        "samordnare": coordinator,
        "nattvandrare": ["/start/", "/falt/", "/falt/logga/", "/falt/loggar/", "/pass/", *_shift_pages()],
        "kommunpolis": ["/start/", "/lagesbild/eskilstuna/", "/lagesbild/eskilstuna/karta/", "/atgarder/"],
        "lasare": ["/start/", f"/samordning/uppfoljning/{promise_set.pk}/"],
    }


def _shift_pages() -> list[str]:
    from shifts.models import Shift

    return [f"/pass/{pk}/" for pk in Shift.objects.order_by("starts_at").values_list("pk", flat=True)[:3]]


ROLES = ["samordnare", "nattvandrare", "kommunpolis", "lasare"]


# One test per role and width, so that the workers share them out.
@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("width", [1280, 390])
def test_internal_pages_pass_axe_for_each_role(demo_site, browser, width, username):
    pages = _internal_pages()
    assert set(pages) == set(ROLES)
    found = {}
    context = axe_context(browser, width)
    page = context.new_page()
    page.goto(demo_site + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    for path in pages[username]:
        response = page.goto(demo_site + path)
        assert response.status == 200, (username, path)
        if problems := violations(page):
            found[f"{username} {path}"] = problems
    context.close()
    assert found == {}
