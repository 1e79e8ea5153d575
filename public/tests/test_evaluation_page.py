"""A published evaluation on the public side: frozen, small counts suppressed, as a page and a PDF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Evaluation
from tests.factories import EvaluationFactory, IncidentCategoryFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 1)


@pytest.fixture
def evaluation(strangnas, square, district, coordinator):
    measure = EvaluationFactory(
        municipality=strangnas,
        title="Kamera vid torget",
        target_place=square,
        buffer_m=0,
        starts_on=START,
        before_days=28,
        after_days=28,
    )
    measure.categories.set([IncidentCategoryFactory(code="skadegorelse")])
    measure.control_districts.set([district])
    return measure


def _incidents(make_incident, square, district, target: tuple[int, int], control: tuple[int, int]) -> None:
    for (before, after), lat in ((target, float(square.latitude)), (control, float(square.latitude) + 0.02)):
        for n, first_day in ((before, START - datetime.timedelta(days=28)), (after, START)):
            for i in range(n):
                moment = timezone.make_aware(
                    datetime.datetime.combine(first_day + datetime.timedelta(days=i % 28), datetime.time(20))
                )
                make_incident(moment, place=None, lat=round(lat, 6), lng=square.longitude, district=district)


def test_a_draft_is_not_public(client, evaluation, strangnas):
    assert client.get(reverse("public:evaluation", args=[strangnas.slug, evaluation.pk])).status_code == 404


def test_published_counts_and_result_show_frozen(
    client, evaluation, strangnas, coordinator, make_incident, square, district
):
    _incidents(make_incident, square, district, target=(30, 8), control=(20, 22))
    services.publish_evaluation(user=coordinator, evaluation=evaluation)
    _incidents(make_incident, square, district, target=(0, 20), control=(0, 0))  # later reports change nothing
    page = client.get(reverse("public:evaluation", args=[strangnas.slug, evaluation.pk])).content.decode()
    assert "I målområdet blev det 24 händelser färre än jämförelseområdets utveckling ger." in page
    assert '<td class="num" data-label="Efter">8</td>' in page


def test_small_counts_are_suppressed_and_the_statistics_withheld(
    client, evaluation, strangnas, coordinator, make_incident, square, district
):
    _incidents(make_incident, square, district, target=(12, 3), control=(20, 22))
    services.publish_evaluation(user=coordinator, evaluation=evaluation)
    page = client.get(reverse("public:evaluation", args=[strangnas.slug, evaluation.pk])).content.decode()
    assert "&lt;5" in page and ">3<" not in page
    assert "För få händelser i något område" in page
    assert "färre än jämförelseområdets" not in page and "WDD" not in page  # the estimate would give the 3 away
    pdf = client.get(reverse("public:evaluation", args=[strangnas.slug, evaluation.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_promise_set_page_links_its_activities_published_evaluations(
    client, evaluation, strangnas, coordinator, promise_set
):
    activity = promise_set.focus_areas.first().promises.first().activities.first()
    evaluation.activity = activity
    evaluation.save()
    url = reverse("public:promise_set", args=[strangnas.slug, promise_set.slug])
    assert "Kamera vid torget" not in client.get(url).content.decode()
    services.publish_evaluation(user=coordinator, evaluation=evaluation)
    assert reverse("public:evaluation", args=[strangnas.slug, evaluation.pk]) in client.get(url).content.decode()


def test_the_published_follow_up_links_them_too(client, coordinator, strangnas):
    from demo import load_all

    load_all()
    camera = Evaluation.objects.get(title="Kamerabevakning: Stortorget")
    page = client.get(reverse("public:follow_up", args=[strangnas.slug, "2024-2025", 1])).content.decode()
    assert "Har åtgärderna fungerat?" in page
    assert reverse("public:evaluation", args=[strangnas.slug, camera.pk]) in page


def test_a_small_count_in_one_category_also_withholds_the_statistics():
    from evaluation.presentation import shows_statistics

    figures = {"target": [30, 8], "buffer": None, "control": [20, 22]}
    assert shows_statistics(figures)
    by_category = [{"target": [26, 6], "control": [10, 12]}, {"target": [4, 2], "control": [10, 10]}]
    assert not shows_statistics({**figures, "by_category": by_category})
