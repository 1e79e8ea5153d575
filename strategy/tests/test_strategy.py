"""The strategic spine: problems with causes, the action plan's measures, and the chain from a
promise to the problem it answers, for coordinators and (what the municipality summarised) for citizens."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programme.models import Promise
from strategy.models import ActionPlan, Measure, Problem
from tests.factories import ActionPlanFactory, DialogueFactory, MeasureFactory, ProblemFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(promise_set) -> Promise:
    return Promise.objects.filter(focus_area__promise_set=promise_set).get()


@pytest.fixture
def problem(strangnas) -> Problem:
    return ProblemFactory(
        municipality=strangnas,
        title="Otrygghet vid resecentrum",
        place_cause="Mörkt och öppet, inga vuxna på kvällen.",
        public_summary="Många känner sig otrygga vid resecentrum på kvällen.",
    )


@pytest.fixture
def action_plan(strangnas) -> ActionPlan:
    return ActionPlanFactory(
        municipality=strangnas, title="Åtgärdsplan 2024–2025", period_start="2024-01-01", period_end="2025-12-31"
    )


def test_a_coordinator_describes_a_problem_with_its_causes_and_it_is_logged(coordinator_client, strangnas, square):
    response = coordinator_client.post(
        reverse("strategy:problem_create", args=[strangnas.slug]),
        {
            "title": "Skadegörelse på torget",
            "what": "Krossat glas och klotter.",
            "places": [square.pk],
            "offender": "Grupper av unga vuxna kvällstid.",
            "place_cause": "Ingen belysning efter 22.",
            "priority": 1,
        },
    )
    problem = Problem.objects.get(title="Skadegörelse på torget")
    assert response.status_code == 302 and response["Location"] == problem.get_absolute_url()
    assert list(problem.places.all()) == [square]
    assert AuditEntry.objects.filter(object_type="strategy.Problem", object_id=str(problem.pk)).exists()


def test_a_problem_cites_its_evidence(coordinator_client, problem, strangnas):
    dialogue = DialogueFactory(
        municipality=strangnas,
        kind="citizens",
        title="Dialog i centrum",
        held_on="2024-03-14",
        method="Möte",
        participants=40,
    )
    survey = SurveyFactory(municipality=strangnas, name="Trygghetsmätning 2024", source="police")
    url = reverse("strategy:problem_edit", args=[problem.pk])
    data = {"title": problem.title, "priority": 1, "evidence_dialogues": [dialogue.pk], "evidence_surveys": [survey.pk]}
    assert coordinator_client.post(url, data).status_code == 302
    page = coordinator_client.get(problem.get_absolute_url()).content.decode()
    assert "Dialog: Dialog i centrum" in page and "Trygghetsmätning 2024" in page


def test_a_problem_is_about_places_never_persons(coordinator_client, strangnas):
    response = coordinator_client.post(
        reverse("strategy:problem_create", args=[strangnas.slug]),
        {"title": "Bråk", "offender": "Han med personnummer 19850101-1238 är alltid där.", "priority": 2},
    )
    assert response.status_code == 400 and "offender" in response.context["form"].errors
    assert not Problem.objects.exists()


def test_a_measure_links_problems_promises_and_owner(coordinator_client, action_plan, problem, promise, kommun):
    response = coordinator_client.post(
        reverse("strategy:measure_create", args=[action_plan.pk]),
        {
            "title": "Nattvandring vid resecentrum",
            "problems": [problem.pk],
            "owner": kommun.pk,
            "starts_on": "2024-01-01",
            "status": "ongoing",
            "promises": [promise.pk],
        },
    )
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert (list(measure.problems.all()), list(measure.promises.all())) == ([problem], [promise])


def test_a_measure_cannot_end_before_it_starts(coordinator_client, action_plan, problem, kommun):
    response = coordinator_client.post(
        reverse("strategy:measure_create", args=[action_plan.pk]),
        {
            "title": "X",
            "problems": [problem.pk],
            "owner": kommun.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2024-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 400 and "ends_on" in response.context["form"].errors
    assert not Measure.objects.exists()


@pytest.fixture
def measure(action_plan, problem, promise, kommun) -> Measure:
    measure = MeasureFactory(plan=action_plan, title="Nattvandring", owner=kommun, starts_on="2024-01-01")
    measure.problems.set([problem])
    measure.promises.set([promise])
    measure.activities.set(promise.activities.all())
    return measure


def test_the_chain_from_a_promise_and_from_a_problem(viewer_client, measure, problem, promise):
    chain = viewer_client.get(reverse("strategy:promise_chain", args=[promise.pk])).content.decode()
    assert problem.title in chain and measure.title in chain and "Mörkt och öppet" in chain
    activity = promise.activities.get()
    assert activity.title in chain and activity.indicators.get().name in chain
    back = viewer_client.get(reverse("strategy:problem", args=[problem.pk])).content.decode()
    assert measure.title in back and reverse("strategy:promise_chain", args=[promise.pk]) in back


def test_citizens_see_why_a_promise_was_made_only_as_summarised_for_them(client, measure, problem, promise_set):
    url = reverse("public:promise_set", args=[promise_set.municipality.slug, promise_set.slug])
    page = client.get(url).content.decode()
    assert "Varför det här löftet?" in page and problem.public_summary in page
    assert "Mörkt och öppet" not in page  # the causal analysis stays internal
    Problem.objects.filter(pk=problem.pk).update(public_summary="")
    assert problem.title not in client.get(url).content.decode()


def test_other_municipalities_and_reporters_are_refused(other_coordinator_client, reporter_client, measure, problem):
    for url in (reverse("strategy:problem", args=[problem.pk]), reverse("strategy:measure", args=[measure.pk])):
        assert other_coordinator_client.get(url).status_code == 404
        assert reporter_client.get(url).status_code == 403
    response = other_coordinator_client.post(reverse("strategy:problem_edit", args=[problem.pk]), {"title": "x"})
    assert response.status_code == 404 and Problem.objects.get(pk=problem.pk).title == "Otrygghet vid resecentrum"


def test_the_demo_links_every_2024_2025_promise_to_a_measure_and_a_problem():
    from demo import load_all

    load_all()
    promises = Promise.objects.filter(
        focus_area__promise_set__slug="2024-2025", focus_area__promise_set__municipality__slug="strangnas"
    )
    assert promises.count() == 6
    assert all(p.measures.filter(problems__isnull=False).exists() for p in promises)
    assert Problem.objects.filter(municipality__slug="strangnas").count() == 2
    assert Measure.objects.filter(plan__municipality__slug="strangnas").count() == 6
