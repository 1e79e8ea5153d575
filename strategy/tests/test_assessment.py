"""The strategic lägesbild: data sections filled from Trygg as frozen figures, the coordinator's
analysis, approval, and exports the municipal board can open (PDF and DOCX, read back here)."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AuditEntry
from strategy.assessment import build_sections
from strategy.models import Assessment, AssessmentSection
from tests.factories import AssessmentFactory
from tests.fieldwork_fixtures import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(strangnas) -> Assessment:
    return AssessmentFactory(
        municipality=strangnas,
        title="Strategisk lägesbild 2024–2025",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )


@pytest.fixture
def incidents(make_incident, station):
    """2024: 7 graffiti (Fridays 21:00); 2025: 3 graffiti and 6 violence (Saturdays 02:00); one outside."""
    for _ in range(7):
        make_incident(local(2024, 3, 1, 21), code="klotter")
    for _ in range(3):
        make_incident(local(2025, 3, 7, 21), code="klotter")
    for _ in range(6):
        make_incident(local(2025, 3, 8, 2), code="vald")
    make_incident(local(2023, 12, 31, 12), code="klotter")  # before the period
    make_incident(local(2024, 5, 5, 12), code="klotter", status="new")  # not reviewed


def test_the_data_sections_count_by_hand(assessment, incidents):
    build_sections(assessment, today=datetime.date(2026, 1, 5))
    sections = {s.kind: s for s in assessment.sections.all()}
    assert len(sections) == len(AssessmentSection.Kind)
    trends = sections[AssessmentSection.Kind.TRENDS].figures
    assert trends["years"] == [2024, 2025]
    assert trends["incidents"] == [
        {"name": "Skadegörelse", "counts": [7, 3], "total": 10},
        {"name": "Ordningsstörning, våld och narkotika", "counts": [0, 6], "total": 6},
    ]
    times = sections[AssessmentSection.Kind.TIMES].figures
    assert [d["total"] for d in times["weekdays"]] == [0, 0, 0, 0, 10, 6, 0]
    assert [h["total"] for h in times["hours"]] == [6, 0, 0, 10]
    assert sections[AssessmentSection.Kind.PLACES].figures["places"] == [{"name": "Resecentrum", "total": 16}]
    assert sections[AssessmentSection.Kind.TRENDS].figures_built_on == datetime.date(2026, 1, 5)


def test_a_coordinator_creates_one_and_writes_the_analysis(coordinator_client, strangnas, incidents):
    response = coordinator_client.post(
        reverse("strategy:assessment_create", args=[strangnas.slug]),
        {"title": "Lägesbild 2024–2025", "period_start": "2024-01-01", "period_end": "2025-12-31"},
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and assessment.sections.count() == len(AssessmentSection.Kind)
    edit = reverse("strategy:assessment_edit", args=[assessment.pk])
    form = coordinator_client.get(edit).context["formset"]
    data = {
        "title": assessment.title,
        "period_start": "2024-01-01",
        "period_end": "2025-12-31",
        "summary": "Våldet ökar på lördagsnätter.",
        "form-TOTAL_FORMS": str(form.total_form_count()),
        "form-INITIAL_FORMS": str(form.initial_form_count()),
    }
    for i, section_form in enumerate(form.forms):
        data[f"form-{i}-id"] = section_form.instance.pk
        data[f"form-{i}-text"] = "Fler våldshändelser 2025." if section_form.instance.kind == "trends" else ""
    assert coordinator_client.post(edit, data).status_code == 302
    assert assessment.sections.get(kind="trends").text == "Fler våldshändelser 2025."
    data["form-0-text"] = "Ring 070-123 45 67 om du ser något."
    assert coordinator_client.post(edit, data).status_code == 400  # personal data is refused


def test_exports_open_and_suppress_small_counts(viewer_client, assessment, incidents):
    build_sections(assessment)
    section = assessment.sections.get(kind="trends")
    section.text = "Skadegörelsen minskade 2025."
    section.save()
    pdf = viewer_client.get(reverse("strategy:assessment_export", args=[assessment.pk, "pdf"]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Strategisk lägesbild 2024–2025" in text and "Skadegörelsen minskade 2025." in text
    assert "Brott och ordningsstörningar över tid" in text
    document = docx.Document(
        io.BytesIO(viewer_client.get(reverse("strategy:assessment_export", args=[assessment.pk, "docx"])).content)
    )
    paragraphs = [p.text for p in document.paragraphs]
    assert "Strategisk lägesbild 2024–2025" in paragraphs and "Skadegörelsen minskade 2025." in paragraphs
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    # 3 in 2025 is under five; 10 − 7 would give it away, and so would the district's 9 − 6 of the other
    # category: their complements are withheld.
    assert ["Skadegörelse", "–", "<5", "10"] in rows
    assert ["Ordningsstörning, våld och narkotika", "<5", "–", "6"] in rows
    assert viewer_client.get(reverse("strategy:assessment_export", args=[assessment.pk, "exe"])).status_code == 404


def test_approval_freezes_it(coordinator_client, assessment, incidents):
    build_sections(assessment)
    url = reverse("strategy:assessment_approve", args=[assessment.pk])
    assert coordinator_client.get(url).status_code == 405
    coordinator_client.post(url)  # not confirmed
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"
    coordinator_client.post(url, {"bekraftad": "1"})
    assessment.refresh_from_db()
    assert (
        assessment.is_frozen and AuditEntry.objects.filter(object_type="strategy.Assessment", action="publish").exists()
    )
    before = assessment.sections.get(kind="trends").figures
    coordinator_client.post(reverse("strategy:assessment_rebuild", args=[assessment.pk]))
    assert assessment.sections.get(kind="trends").figures == before
    assert coordinator_client.get(reverse("strategy:assessment_edit", args=[assessment.pk])).status_code == 302


def test_reporters_and_other_municipalities_are_refused(reporter_client, other_coordinator_client, assessment):
    url = reverse("strategy:assessment_export", args=[assessment.pk, "pdf"])
    assert reporter_client.get(url).status_code == 403
    assert other_coordinator_client.get(url).status_code == 404


def test_the_places_section_lists_the_period_s_hot_spots(assessment, make_incident, station, square):
    """A tight cluster of 40 at the station among 40 spread over the town is one hot spot, named after it."""
    import random

    rng = random.Random(3)
    for _ in range(40):
        make_incident(local(2024, 6, 1, 21), lat=float(station.latitude), lng=float(station.longitude))
    for _ in range(40):
        lat, lng = 59.35 + rng.random() * 0.05, 16.98 + rng.random() * 0.1
        make_incident(local(2024, 6, 2, 21), place=None, lat=round(lat, 6), lng=round(lng, 6))
    build_sections(assessment)
    spots = assessment.sections.get(kind="places").figures["hotspots"]
    assert spots and spots[0]["name"] == "Resecentrum" and spots[0]["total"] >= 40
    assert len(spots) <= 2


def test_an_approved_lagesbild_gets_a_new_version_not_a_changed_one(coordinator_client, assessment, incidents):
    build_sections(assessment)
    section = assessment.sections.get(kind="trends")
    section.text = "Skadegörelsen minskade 2025."
    section.save()
    coordinator_client.post(reverse("strategy:assessment_approve", args=[assessment.pk]), {"bekraftad": "1"})
    url = reverse("strategy:assessment_new_version", args=[assessment.pk])
    assert coordinator_client.get(url).status_code == 405
    response = coordinator_client.post(url)
    copy = Assessment.objects.get(previous=assessment)
    assert response["Location"] == copy.get_absolute_url()
    assert (copy.version, copy.status, copy.sections.get(kind="trends").text) == (
        2,
        "draft",
        "Skadegörelsen minskade 2025.",
    )
    assert Assessment.objects.get(pk=assessment.pk).status == "approved"
    coordinator_client.post(url)  # a second click leads to the same new version
    assert Assessment.objects.count() == 2
