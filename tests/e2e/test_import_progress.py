"""A coordinator imports a large file: the page shows a progress bar that a worker moves to done, and
the page passes axe while it waits and when it is done."""

import pytest

from demo import fieldwork as fieldwork_demo
from demo import programme as programme_demo
from incidents.models import Incident, IncidentImport
from tests.e2e.test_accessibility import violations
from tests.e2e.test_field_logging import _login
from tests.mail_fixtures import run_jobs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_large_import_shows_its_progress_until_done(live_server, browser, settings):
    from incidents import taxonomy
    from incidents.models import IncidentCategory

    taxonomy.seed(IncidentCategory)
    programme_demo.load()
    fieldwork_demo.load()
    settings.IMPORT_INLINE_BYTES = 10_000
    rows = [f"2025-06-03 {i % 24:02d}:{i % 60:02d};klotter;Strängnäs resecentrum" for i in range(2000)]
    content = ("intraffade;kategori;plats\n" + "\n".join(rows) + "\n").encode()
    page = browser.new_context(locale="sv-SE", bypass_csp=True).new_page()  # axe is injected inline
    _login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/lagesbild/strangnas/importera/")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        files=[{"name": "helaaret.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Importera").click()
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("value") == "0" and "I kö" in page.locator("#import-text").inner_text()
    assert violations(page) == []
    run_jobs()
    page.get_by_role("link", name="Till granskningen").wait_for(timeout=15_000)
    assert bar.get_attribute("value") == "100"
    assert "2000 händelser importerade" in page.locator("#import-text").inner_text()
    assert violations(page) == []
    assert Incident.objects.filter(source="import").count() == 2000
    assert IncidentImport.objects.get().status == "done"
