"""Published means frozen, one contract (trygg.freezing): the follow-up, the weekly lägesbild, the evaluation and
the strategic lägesbild refuse a change with the one exception, Frozen, each with its own Swedish text."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from evaluation import services as evaluation_services
from programme import services as programme_services
from situation import services as situation_services
from situation.models import SituationReport
from strategy import services as strategy_services
from strategy.forms import AssessmentForm, SectionTextFormSet
from strategy.models import Assessment
from tests.factories import AssessmentFactory, EvaluationFactory, FollowUpFactory, SituationReportFactory
from trygg.freezing import Frozen, locked_unfrozen, stamped, upgraded

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


@pytest.fixture
def records(promise_set, strangnas, square):
    """One draft of each frozen kind of record, by name."""
    return {
        "follow_up": FollowUpFactory(promise_set=promise_set, title="2024", period_start=START, period_end=END),
        "report": SituationReportFactory(municipality=strangnas, year=2025, week=23, figures={}),
        "evaluation": EvaluationFactory(
            municipality=strangnas, title="Kamera", target_place=square, starts_on=datetime.date(2025, 3, 1)
        ),
        "assessment": AssessmentFactory(
            municipality=strangnas, title="Strategisk lägesbild", period_start=START, period_end=END
        ),
    }


def _freeze(record) -> None:
    type(record).objects.filter(pk=record.pk).update(**record.frozen_when)


TEXTS = {
    "follow_up": "En publicerad uppföljning kan inte ändras. Skapa en ny version.",
    "report": "Lägesbilden har godkänts och är låst. Ändringen sparades inte; skapa en ny version.",
    "evaluation": "Utvärderingen är publicerad och låst. Gör en ny om något ska ändras.",
    "assessment": "Lägesbilden är godkänd och låst.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_frozen_record_is_refused_with_frozen_and_its_own_text(records, name):
    record = records[name]
    with transaction.atomic():
        assert locked_unfrozen(record).pk == record.pk and not record.is_frozen
    _freeze(record)
    assert not record.is_frozen and record.frozen_in_database()  # the stored row decides, not the stale copy
    with transaction.atomic(), pytest.raises(Frozen) as refused:
        locked_unfrozen(record)
    assert str(refused.value) == TEXTS[name] and refused.value.instance.is_frozen


@pytest.mark.django_db
def test_publishing_or_approving_twice_is_refused_with_frozen(records, coordinator):
    publish = {
        "follow_up": lambda r: programme_services.publish_follow_up(user=coordinator, follow_up=r),
        "report": lambda r: situation_services.approve_report(user=coordinator, report=r),
        "evaluation": lambda r: evaluation_services.publish_evaluation(user=coordinator, evaluation=r),
        "assessment": lambda r: strategy_services.approve_assessment(user=coordinator, assessment=r),
    }
    for name, record in records.items():
        assert publish[name](record).is_frozen, name
        with pytest.raises(Frozen):
            publish[name](record)  # the caller's copy still reads as a draft: the locked row refuses it


@pytest.mark.django_db
def test_a_lagesbild_approved_while_its_form_was_open_is_not_saved_back_to_a_draft(records, coordinator, strangnas):
    opened = records["assessment"]
    strategy_services.approve_assessment(user=coordinator, assessment=Assessment.objects.get(pk=opened.pk))
    form = AssessmentForm(
        {"title": "Ändrad", "period_start": "2024-01-01", "period_end": "2024-12-31", "summary": ""},
        instance=opened,
        municipality=strangnas,
    )
    formset = SectionTextFormSet({"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}, queryset=opened.sections.all())
    assert form.is_valid() and formset.is_valid()
    with pytest.raises(Frozen):
        strategy_services.save_assessment_texts(user=coordinator, form=form, formset=formset)
    stored = Assessment.objects.get(pk=opened.pk)
    assert (stored.status, stored.title) == ("approved", "Strategisk lägesbild")


@pytest.mark.django_db
def test_the_pages_answer_a_frozen_record_as_before(coordinator_client, records):
    for record in records.values():
        _freeze(record)
    report = coordinator_client.post(reverse("meeting:save_analysis", args=[records["report"].pk]), {"analysis": "x"})
    evaluation = coordinator_client.get(reverse("evaluation:edit", args=[records["evaluation"].pk]), follow=True)
    follow_up = coordinator_client.post(reverse("programme:follow_up_edit", args=[records["follow_up"].pk]), {})
    assert report.status_code == 409 and TEXTS["report"] in report.content.decode()
    assert TEXTS["evaluation"] in evaluation.content.decode()
    assert follow_up.status_code == 403


def test_frozen_json_says_its_schema_and_what_was_stored_without_one_is_schema_1():
    assert stamped({"rows": [1]}, 2) == {"schema": 2, "rows": [1]}
    stored = {"rows": [1]}

    def to_2(data):
        data["rows"].append(2)

    assert upgraded(stored, 1) == {"schema": 1, "rows": [1]}
    assert upgraded(stored, 2, {1: to_2}) == {"schema": 1, "rows": [1, 2]}
    assert upgraded({"schema": 2, "rows": [1]}, 2, {1: to_2}) == {"schema": 2, "rows": [1]}
    assert stored == {"rows": [1]}  # the stored JSON is never changed by reading it


def _without_schema(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "schema"}


@pytest.mark.django_db
def test_weekly_figures_evaluations_and_sections_are_stored_with_their_schema_and_read_without_one(
    records, coordinator, coordinator_client, strangnas
):
    from evaluation.selectors import SNAPSHOT_SCHEMA, published_snapshot
    from situation.figures import FIGURES_SCHEMA, read_figures
    from strategy.assessment import SECTION_SCHEMA, build_sections, section_figures

    report = situation_services.build_situation_report(
        user=coordinator, municipality=strangnas, monday=datetime.date(2025, 6, 2)
    )
    assert report.figures["schema"] == FIGURES_SCHEMA
    assert read_figures(_without_schema(report.figures)) == report.figures
    SituationReport.objects.filter(pk=report.pk).update(figures=_without_schema(report.figures))
    page = coordinator_client.get(reverse("meeting:report_version", args=["strangnas", report.iso_week, 1]))
    assert page.status_code == 200 and page.context["figures"]["schema"] == 1

    evaluation = evaluation_services.publish_evaluation(user=coordinator, evaluation=records["evaluation"])
    assert evaluation.snapshot["schema"] == SNAPSHOT_SCHEMA
    evaluation.snapshot = _without_schema(evaluation.snapshot)
    assert published_snapshot(evaluation)["figures"] == evaluation.snapshot["figures"]

    build_sections(records["assessment"])
    section = records["assessment"].sections.get(kind="trends")
    assert section.figures["schema"] == SECTION_SCHEMA
    section.figures = _without_schema(section.figures)
    assert section_figures(section)["schema"] == 1 and "years" in section_figures(section)
