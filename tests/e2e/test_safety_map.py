"""The public safety map: circles sized by the published counts, labelled with them,
and never revealing a suppressed count."""

import datetime
import json

import pytest

from accounts.models import Municipality
from demo import fieldwork as fieldwork_demo
from demo import incidents as incidents_demo
from demo import programme as programme_demo
from public import selectors as public_selectors
from tests.factories import MunicipalityFactory
from trygg.calendar import local_day_bounds

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def exact_totals() -> dict[str, int]:
    """Each district's exact total in the month the map opens on (the newest): for checking, never shown."""
    strangnas = Municipality.objects.get(slug="strangnas")
    month = public_selectors.incident_months(strangnas)[0]
    last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    totals = {}
    for (_, district, _), n in public_selectors.cell_counts(strangnas, *local_day_bounds(month, last)).items():
        totals[district] = totals.get(district, 0) + n
    return totals


def test_circles_follow_the_published_counts(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    programme_demo.load()
    fieldwork_demo.load()
    incidents_demo.load()
    page.goto(live_server.url + "/strangnas/trygghetskarta/")
    page.wait_for_selector("#safety-map path.leaflet-interactive")
    districts = json.loads(page.locator("#safety-data").inner_text())

    def published(d):
        return sum(v for v in d["counts"].values() if isinstance(v, int))

    tooltips = page.locator("#safety-map .leaflet-tooltip").all_inner_texts()
    assert len(tooltips) == len(districts)
    exact = exact_totals()
    for d in districts:
        total, suppressed = published(d), any(not isinstance(v, int) for v in d["counts"].values())
        if total:
            label = ("minst " if suppressed else "") + str(total)
        elif suppressed:  # every cell "<5": the total is "<5" too, or said only to reach the threshold
            label = "<5" if exact.get(d["name"], 0) < 5 else "minst 5"
        else:
            label = "0"
        expected = f"{d['name']}: {label}"
        assert expected in tooltips
        assert f"{d['name']}: {d['total']}" in tooltips  # the map shows the server's label as it came
    radii = page.evaluate(
        "() => [...document.querySelectorAll('#safety-map path.leaflet-interactive')].map(p => p.getBBox().width)"
    )
    by_total = sorted(zip([published(d) for d in districts], radii, strict=True))
    assert [r for _, r in by_total] == sorted(r for _, r in by_total)  # larger published totals, larger circles
    assert by_total[-1][1] > by_total[0][1] or by_total[-1][0] == by_total[0][0]


def test_the_table_reflows_into_labelled_cards_on_a_phone(live_server, phone_page):
    programme_demo.load()
    fieldwork_demo.load()
    incidents_demo.load()
    phone_page.goto(live_server.url + "/strangnas/trygghetskarta/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
    first_cell = phone_page.locator("table.reflow tbody td").first
    label = phone_page.evaluate("(td) => getComputedStyle(td, '::before').content", first_cell.element_handle())
    heading = phone_page.locator("table.reflow thead th").nth(1).inner_text()
    assert label.strip('"') == heading


def test_a_map_with_nothing_to_draw_opens_on_its_own_municipality(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    MunicipalityFactory(code="0482", name="Flen", slug="flen")  # no places: the map opens on Flen's outline

    note = "\nL.Map.addInitHook(function () { (window.maps = window.maps || []).push(this); });"

    def with_a_hook(route):  # Leaflet as served, plus a note of every map it makes
        route.fulfill(body=route.fetch().text() + note, content_type="application/javascript")

    page.route("**/vendor/leaflet/leaflet.js", with_a_hook)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/flen/trygghetskarta/")
    page.wait_for_function("window.maps && window.maps.length === 1")
    centre = page.evaluate("(() => { const c = window.maps[0].getCenter(); return [c.lat, c.lng]; })()")
    assert errors == []
    assert abs(centre[0] - 59.056) < 0.05 and abs(centre[1] - 16.729) < 0.05  # Flen, not Strängnäs
