import pytest

from demo import load_all
from demo import programme as programme_demo
from situation.models import SituationReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_situation_report_shows_map_matrix_and_hot_spots(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    load_all()
    report = SituationReport.objects.filter(status="draft").get()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/lagesbild/strangnas/{report.iso_week}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Lägesbild vecka {report.week}, {report.year}"
    page.wait_for_selector("#report-map path.leaflet-interactive")

    def points_shown() -> int:
        """Single points drawn plus the counts on the cluster icons (Leaflet.markercluster)."""
        single = page.locator("#report-map .leaflet-overlay-pane path.leaflet-interactive").count()
        clustered = sum(int(t) for t in page.locator("#report-map .marker-cluster span").all_inner_texts())
        return single - len(report.figures["hotspots"]) + clustered

    def settles_at(expected: int) -> bool:
        for _ in range(50):  # clusters appear after the zoom animation
            if points_shown() == expected:
                return True
            page.wait_for_timeout(100)
        return False

    points = report.figures["points"]
    assert points and settles_at(len(points))
    main = points[0]["main"]
    page.get_by_label("Visa händelser i kategori").select_option(main)
    assert settles_at(sum(p["main"] == main for p in points))
    page.get_by_label("Visa händelser i kategori").select_option("")
    # The density layer (not clickable), its legend and the layer switch.
    density = report.figures["density"]
    assert (
        page.locator("#report-map .leaflet-overlay-pane path:not(.leaflet-interactive)").count()
        == len(density["cells"])
        > 0
    )
    legend = page.locator("#report-map-legend").inner_text()
    assert f"bandbredd {density['bandwidth_m']} m" in legend and "Kall ruta" in legend
    page.get_by_label("Täthet").uncheck()
    assert page.locator("#report-map .leaflet-overlay-pane path:not(.leaflet-interactive)").count() == 0
    # The demo's recent weeks have police figures (replayed a year later and labelled as demo).
    assert sum(report.figures["police"]["total"]) > 0
    assert "Demodata:" in page.locator("main").inner_text()
    assert page.locator("table.matrix tbody tr").count() == 7
    assert "Polisens öppna händelser" in page.locator("main").inner_text()


def test_the_maps_words_follow_the_pages_language(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    load_all()
    report = SituationReport.objects.filter(status="draft").get()
    assert report.figures["hotspots"], "the demo week has hot or cold cells to click"
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill("samordnare")
    page.get_by_label("Password").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/lagesbild/strangnas/{report.iso_week}/")
    switch = page.locator("#report-map .leaflet-control-layers").inner_text()
    assert ["Density", "Hot and cold cells", "This week’s incidents"] == [s.strip() for s in switch.split("\n")]
    page.locator("#report-map .leaflet-overlay-pane path.leaflet-interactive").first.dispatch_event("click")
    popup = page.locator("#report-map .leaflet-popup-content").inner_text()
    assert "incidents now" in popup and "händelser" not in popup
