"""Published means frozen, one contract (trygg.freezing): the follow-up, the weekly lägesbild, the evaluation and
the strategic lägesbild refuse a change with the one exception, Frozen, each with its own Swedish text."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from evaluation import services as evaluation_services
from evaluation.models import Evaluation
from programme import services as programme_services
from programme.models import FollowUp
from situation import services as situation_services
from situation.models import SituationReport
from strategy import services as strategy_services
from strategy.forms import AssessmentForm, SectionTextFormSet
from strategy.models import Assessment
from trygg.freezing import Frozen, locked_unfrozen

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


@pytest.fixture
def records(promise_set, strangnas, square):
    """One draft of each frozen kind of record, by name."""
    return {
        "follow_up": FollowUp.objects.create(promise_set=promise_set, title="2024", period_start=START, period_end=END),
        "report": SituationReport.objects.create(municipality=strangnas, year=2025, week=23, figures={}),
        "evaluation": Evaluation.objects.create(
            municipality=strangnas, title="Kamera", target_place=square, starts_on=datetime.date(2025, 3, 1)
        ),
        "assessment": Assessment.objects.create(
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
