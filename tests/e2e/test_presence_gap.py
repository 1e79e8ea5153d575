"""Issue 16 in the browser: the coordinator accepts a suggested place and time for the night walkers,
and a night walker sees it in the week on a phone."""

import datetime

import pytest
from django.utils import timezone

from demo import fieldwork as fieldwork_demo
from demo import programme as programme_demo
from incidents import taxonomy
from incidents.models import Incident, IncidentCategory
from places.models import Place
from presence.forms import next_monday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base_url, username):
    page.goto(base_url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_suggestion_accepted_by_the_coordinator_reaches_the_night_walkers_week(live_server, page, phone_page):
    taxonomy.seed(IncidentCategory)  # a transactional test before this one emptied the tables
    programme_demo.load()
    fieldwork_demo.load()
    visholmen = Place.objects.get(name="Visholmen")
    samling = IncidentCategory.objects.get(code="samling")
    monday = next_monday(timezone.localdate())
    for weeks_back in range(1, 7):  # Fridays 22.30 at Visholmen: only the night walkers are out then
        friday = monday - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=4)
        Incident.objects.create(
            municipality=visholmen.municipality,
            category=samling,
            occurred_at=timezone.make_aware(datetime.datetime.combine(friday, datetime.time(22, 30))),
            latitude=visholmen.latitude,
            longitude=visholmen.longitude,
            district=visholmen.district,
            status=Incident.Status.REVIEWED,
        )
    _login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/narvaro/strangnas/")
    row = page.locator("tr", has_text="Visholmen").filter(has_text="Nattvandrarna i Strängnäs").filter(has_text="22:00")
    row.first.get_by_role("button", name="Lägg in i planen").click()
    assert "är inlagt i planen för Nattvandrarna i Strängnäs" in page.locator("main").inner_text()

    _login(phone_page, live_server.url, "nattvandrare")
    year, week, _ = monday.isocalendar()
    phone_page.goto(live_server.url + f"/falt/vecka/{year}-W{week:02d}/")
    text = phone_page.locator("main").inner_text()
    assert "Förslag: Visholmen fredag 22:00–00:00" in text
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
