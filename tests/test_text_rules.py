"""Attack: control characters (ESC, VT, BEL) in staff-written text broke the public open-data XLSX, the
follow-up XLSX and the lägesbild DOCX with a 500, and a line break in an action item's title made its
mail undeliverable. Every text field refuses control characters, single-line fields refuse line breaks,
and exports and mail subjects clean what was stored before these rules."""

import datetime
import importlib
import io
from pathlib import Path

import docx
import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import ActionItem
from programme.models import Activity, Promise
from programme.services import set_published
from strategy.assessment import build_sections
from tests.factories import AssessmentFactory, UserFactory
from tests.mail_fixtures import run_jobs
from trygg.forms import TextRules
from trygg.text import one_line, printable

ROOT = Path(__file__).resolve().parents[1]
CONTROL = "Klotter\x1b[31m vid\x0b tunneln\x07\uffff"
SKIPPED_DIRS = {"tests", "migrations", "bench", "management", ".venv", "static", "templates", "locale"}


def _project_modules_with_forms() -> list[str]:
    modules = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or SKIPPED_DIRS & set(parts) or parts[0].startswith("."):
            continue
        if "Form" in path.read_text(encoding="utf-8"):
            modules.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return modules


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_project_follows_the_text_rules():
    modules = _project_modules_with_forms()
    for name in modules:
        importlib.import_module(name)
    roots = {name.split(".")[0] for name in modules}
    ours = [c for c in _all_subclasses(forms.BaseForm) if c.__module__.split(".")[0] in roots]
    assert len(ours) > 40  # the forms were found at all
    assert [c.__qualname__ for c in ours if not issubclass(c, TextRules)] == []


@pytest.fixture
def owls(strangnas):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Nattvandrarna i Strängnäs", kind="forening", municipalities=[strangnas])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title, error",
    [("Städa parken\r\nBcc: alla@example.se", "en enda rad"), ("Städa\x1b[2J parken", "styrtecken")],
)
def test_a_title_with_a_line_break_or_a_control_character_is_refused(
    coordinator_client, strangnas, kommun, title, error
):
    response = coordinator_client.post(
        reverse("actions:create", args=[strangnas.slug]), {"title": title, "owner": kommun.pk, "due_on": "2025-07-01"}
    )
    assert response.status_code == 400 and error in " ".join(response.context["form"].errors["title"])
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
def test_a_text_area_keeps_its_line_breaks_and_refuses_control_characters(coordinator_client, strangnas, kommun):
    from actions import services

    item = services.save_item(
        user=None,
        item=ActionItem(municipality=strangnas, owner=kommun, title="Städa", due_on=datetime.date(2025, 7, 1)),
    )
    url = reverse("actions:status", args=[item.pk])
    refused = coordinator_client.post(url, {"status": "done", "note": "Glas\x07 på\x0b marken"})
    assert refused.status_code == 400 and "note" in refused.context["form"].errors
    assert ActionItem.objects.get().status == "open"
    assert (
        coordinator_client.post(url, {"status": "done", "note": "Glas på marken.\r\nVid bänkarna."}).status_code == 302
    )
    assert ActionItem.objects.get().note == "Glas på marken.\r\nVid bänkarna."


@pytest.mark.django_db
def test_the_citizen_form_refuses_control_characters(client, strangnas, station):
    from incidents.models import Incident, IncidentCategory

    response = client.post(
        reverse("public:citizen_report", args=[strangnas.slug]),
        {
            "category": IncidentCategory.objects.get(code="klotter").pk,
            "place": station.pk,
            "occurred_at": "2025-06-20T22:00",
            "description": CONTROL,
            "email": "",
            "website": "",
        },
    )
    assert response.status_code in (200, 400) and "styrtecken" in response.content.decode()
    assert not Incident.objects.exists()


@pytest.fixture
def stored_before_the_rules(promise_set):
    """Text with control characters saved before the rules (straight into the database)."""
    Promise.objects.filter(focus_area__promise_set=promise_set).update(text=CONTROL)
    Activity.objects.filter(promise__focus_area__promise_set=promise_set).update(title=CONTROL)
    set_published(user=None, promise_set=promise_set, published=True)
    return promise_set


def _xlsx_values(content: bytes) -> list:
    return [c.value for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows() for c in row]


@pytest.mark.django_db
def test_open_data_and_follow_up_xlsx_are_written_without_the_control_characters(
    client, coordinator_client, stored_before_the_rules
):
    public = client.get("/strangnas/oppna-data/medborgarloften.xlsx")
    assert public.status_code == 200 and "Klotter[31m vid tunneln" in _xlsx_values(public.content)
    staff = coordinator_client.get(f"/samordning/uppfoljning/{stored_before_the_rules.pk}/", {"format": "xlsx"})
    assert staff.status_code == 200 and "Klotter[31m vid tunneln" in _xlsx_values(staff.content)


@pytest.mark.django_db
def test_the_lagesbild_docx_is_written_without_the_control_characters(viewer_client, strangnas):
    assessment = AssessmentFactory(
        municipality=strangnas,
        title="Lägesbild\x1b 2025",
        summary=CONTROL,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    build_sections(assessment)
    assessment.sections.filter(kind="trends").update(text=CONTROL)
    response = viewer_client.get(reverse("strategy:assessment_export", args=[assessment.pk, "docx"]))
    assert response.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "Lägesbild 2025" in paragraphs and paragraphs.count("Klotter[31m vid tunneln") == 2
    pdf = viewer_client.get(reverse("strategy:assessment_export", args=[assessment.pk, "pdf"]))
    assert pdf.status_code == 200


@pytest.mark.usefixtures("queue_db")
def test_a_title_stored_with_a_line_break_still_reaches_the_assignee(smtp, strangnas, kommun, owls):
    from actions import services

    nora = UserFactory(username="nora", organisation=owls, role="reporter", email="nora@ex.se")
    item = ActionItem(municipality=strangnas, owner=owls, title="Tänd\r\nbelysningen", due_on=datetime.date(2025, 7, 1))
    services.save_item(user=None, item=services.save_item(user=None, item=item))
    item.assignee = nora
    services.save_item(user=None, item=item)
    run_jobs()
    [message] = smtp.to("nora@ex.se")
    assert "Tänd belysningen" in message["Subject"] and "\n" not in message["Subject"]


def test_cleaning_keeps_text_and_its_line_breaks():
    assert printable("Rad ett\r\nRad två\tflik") == "Rad ett\r\nRad två\tflik"
    assert printable("a\x00b\x1bc\x7fd\x85e\ufffef\uffffg\ud800h") == "abcdefgh"
    assert printable(3) == 3
    assert one_line("  Tänd\r\n belysningen\x0b nu ") == "Tänd belysningen nu"


@pytest.mark.django_db
def test_the_api_refuses_control_characters_and_line_breaks_in_a_name(coordinator, district):
    from rest_framework.test import APIClient

    from places.models import Place

    api = APIClient()
    api.force_authenticate(coordinator)
    data = {"kind": "beach", "district_id": district.pk, "latitude": "59.3802", "longitude": "17.0210"}
    for name in ("Vis\x1bholmen", "Vis\nholmen"):
        response = api.post("/api/v1/places/", {**data, "name": name}, format="json")
        assert response.status_code == 400 and "name" in response.json()
    assert not Place.objects.exists()
    assert api.post("/api/v1/places/", {**data, "name": "Visholmen"}, format="json").status_code == 201


@pytest.mark.django_db
def test_the_cache_never_culls_a_live_counter():
    """Django culls a third of the live entries past MAX_ENTRIES; a rate limit's counter must survive."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from trygg.cache import DatabaseCache

    small = DatabaseCache("trygg_cache", {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    small.clear()
    small.set("counter", 5, timeout=3600)
    for n in range(40):
        small.set(f"filler-{n}", n, timeout=3600)
    assert small.get("counter") == 5 and small.get("filler-0") == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trygg_cache SET expires = %s", [timezone.now() - dt.timedelta(seconds=1)])
    small.set("fresh", 1, timeout=3600)
    assert small.get("fresh") == 1 and small.get("counter") is None  # expired entries do go
