"""Every roll-up figure computed from known logs."""

import datetime
from decimal import Decimal

import pytest

from fieldwork.models import DefectorMonthlyCount, IndicatorBinding
from programme.rollup import mean_progress
from programme.rollup import roll_up as follow_up
from tests.factories import (
    ActivityFactory,
    ActivityLogFactory,
    IndicatorBindingFactory,
    IndicatorFactory,
    PlaceFactory,
    PromiseFactory,
)
from tests.fieldwork_fixtures import local

Y2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
TODAY = datetime.date(2026, 11, 25)


def _row(result, indicator):
    return next(row for *_, row in result.rows() if row.indicator.pk == indicator.pk)


@pytest.mark.django_db
def test_friday_plan_occurrences_cross_midnight(friday_plan):
    occurrences = friday_plan.occurrences(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert [o.start.day for o in occurrences] == [1, 8, 15, 22, 29]
    assert all(o.start.weekday() == 4 and o.start.hour == 21 for o in occurrences)
    # 21:00 to 01:00 the next day is four hours, also across the change to summer time (31 March 2024).
    assert all(o.end - o.start == datetime.timedelta(hours=4) for o in occurrences)
    assert occurrences[0].end == local(2024, 3, 2, 1, 0)


@pytest.mark.django_db
def test_occurrences_respect_validity_and_interval(friday_plan):
    friday_plan.interval_weeks = 2
    friday_plan.valid_from = datetime.date(2024, 3, 1)
    friday_plan.valid_to = datetime.date(2024, 3, 20)
    assert [o.start.day for o in friday_plan.occurrences(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))] == [
        1,
        15,
    ]


@pytest.mark.django_db
def test_occurrences_and_hours_from_known_logs(night_walk_indicator, hours_indicator, make_log, station):
    make_log(local(2024, 3, 1, 21), hours=4, places=[station])
    make_log(local(2024, 3, 8, 21), hours=3.5, places=[station])
    make_log(local(2024, 3, 9, 18), hours=2, places=[station], log_type="field_work")
    make_log(local(2024, 3, 9, 18), hours=5, places=[station], log_type="foot_patrol")  # not bound
    make_log(local(2025, 1, 10, 21), hours=4, places=[station])  # outside 2024
    result = follow_up(night_walk_indicator.promise_set, *Y2024, today=TODAY)
    assert _row(result, night_walk_indicator).value == Decimal("2.00")
    assert _row(result, hours_indicator).value == Decimal("9.50")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "measure,expected",
    [
        ("staff_hours", Decimal("14.00")),  # 2 h × 3 + 4 h × 2
        ("youth_contacts", Decimal("17.00")),
        ("citizen_contacts", Decimal("6.00")),
        ("all_contacts", Decimal("23.00")),
    ],
)
def test_every_measure(night_walk_indicator, make_log, station, measure, expected):
    IndicatorBinding.objects.filter(indicator=night_walk_indicator).update(measure=measure)
    make_log(local(2024, 5, 3, 21), hours=2, places=[station], staff_count=3, youth_contacts=10, citizen_contacts=4)
    make_log(local(2024, 5, 10, 21), hours=4, places=[station], staff_count=2, youth_contacts=7, citizen_contacts=2)
    assert (
        _row(follow_up(night_walk_indicator.promise_set, *Y2024, today=TODAY), night_walk_indicator).value == expected
    )


@pytest.mark.django_db
def test_audience_of_lectures(night_walk_activity, make_log, station):
    indicator = IndicatorFactory(activity=night_walk_activity, name="Deltagare", target=100)
    IndicatorBindingFactory(indicator=indicator, log_types=["lecture"], measure="audience")
    make_log(
        local(2024, 4, 2, 18), places=[station], log_type="lecture", lecture_topic="honour_violence", audience_size=40
    )
    make_log(
        local(2024, 9, 2, 18),
        places=[station],
        log_type="lecture",
        lecture_topic="online_vulnerability",
        audience_size=25,
    )
    row = _row(follow_up(indicator.promise_set, *Y2024, today=TODAY), indicator)
    assert row.value == Decimal("65.00")
    assert row.progress == pytest.approx(0.65)


@pytest.mark.django_db
def test_place_filter_counts_a_log_at_two_bound_places_once(
    night_walk_indicator, make_log, station, square, district, strangnas
):
    elsewhere = PlaceFactory(
        municipality=strangnas, district=district, name="Visholmen", kind="beach", latitude=59.38, longitude=17.02
    )
    night_walk_indicator.binding.places.set([station, square])
    make_log(local(2024, 6, 7, 21), places=[station, square])
    make_log(local(2024, 6, 14, 21), places=[square])
    make_log(local(2024, 6, 21, 21), places=[elsewhere])
    assert _row(follow_up(night_walk_indicator.promise_set, *Y2024, today=TODAY), night_walk_indicator).value == 2


@pytest.mark.django_db
def test_period_boundaries_are_local_days(night_walk_indicator, make_log, station):
    make_log(local(2024, 1, 1, 0, 30), places=[station])  # 23:30 UTC on 31 December
    make_log(local(2024, 12, 31, 23, 30), places=[station])
    make_log(local(2025, 1, 1, 0, 10), places=[station])
    assert _row(follow_up(night_walk_indicator.promise_set, *Y2024, today=TODAY), night_walk_indicator).value == 2


@pytest.mark.django_db
def test_logs_of_another_municipality_do_not_count(night_walk_indicator, make_log, station, eskilstuna, other_kommun):
    ActivityLogFactory(
        municipality=eskilstuna,
        organisation=other_kommun,
        reported_by=None,
        started_at=local(2024, 2, 2, 21),
        ended_at=local(2024, 2, 2, 23),
    )
    assert _row(follow_up(night_walk_indicator.promise_set, *Y2024, today=TODAY), night_walk_indicator).value == 0


@pytest.mark.django_db
def test_planned_versus_delivered(night_walk_indicator, friday_plan, make_log, station):
    make_log(local(2024, 3, 1, 21), hours=4, places=[station], plan=friday_plan)
    make_log(local(2024, 3, 8, 21), hours=4, places=[station], plan=friday_plan)
    make_log(local(2024, 3, 10, 21), hours=4, places=[station])  # extra walk, not planned
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    row = _row(follow_up(night_walk_indicator.promise_set, *march, today=TODAY), night_walk_indicator)
    assert (row.planned, row.delivered, row.value) == (5, 2, 3)
    # Planned counts only occurrences up to today.
    row = _row(
        follow_up(night_walk_indicator.promise_set, *march, today=datetime.date(2024, 3, 10)), night_walk_indicator
    )
    assert row.planned == 2


@pytest.mark.django_db
def test_defector_people_sum_monthly_counts(night_walk_activity, strangnas):
    indicator = IndicatorFactory(activity=night_walk_activity, name="Avhoppare", target=10)
    IndicatorBindingFactory(indicator=indicator, log_types=[], measure="defector_people")
    for month, people in [(1, 2), (2, 3), (12, 1)]:
        DefectorMonthlyCount.objects.create(
            municipality=strangnas, month=datetime.date(2024, month, 1), people_supported=people
        )
    DefectorMonthlyCount.objects.create(municipality=strangnas, month=datetime.date(2025, 1, 1), people_supported=9)
    assert _row(follow_up(indicator.promise_set, *Y2024, today=TODAY), indicator).value == 6


@pytest.mark.django_db
def test_progress_shows_past_target_and_rolls_up_as_capped_means(
    promise_set, night_walk_indicator, hours_indicator, make_log, station, kommun
):
    # Activity 1: night walks 2/80 = 0.025; hours 12/10 = 1.2, shown as 120 % but counted as 1.0 in the
    # roll-up; unbound outcome indicator ignored.
    for day in (1, 8):
        make_log(local(2024, 3, day, 21), hours=6, places=[station])
    IndicatorFactory(activity=night_walk_indicator.activity, name="Upplevd trygghet", kind="outcome", target=70)
    # A second promise in the same focus area with one indicator at 40/80 = 0.5.
    other = ActivityFactory(promise=PromiseFactory(focus_area=promise_set.focus_areas.get()), responsible=kommun)
    patrols = IndicatorFactory(activity=other, name="Fotpatruller", target=80)
    IndicatorBindingFactory(indicator=patrols, log_types=["foot_patrol"], measure="occurrences")
    for i in range(40):
        make_log(local(2024, 4, 1, 8) + datetime.timedelta(days=i), places=[station], log_type="foot_patrol")

    result = follow_up(promise_set, *Y2024, today=TODAY)
    assert _row(result, night_walk_indicator).progress == pytest.approx(0.025)
    assert _row(result, hours_indicator).progress == pytest.approx(1.2)
    fa = result.focus_areas[0]
    first_promise, second_promise = fa.children
    assert first_promise.progress == pytest.approx((0.025 + 1.0) / 2)
    assert second_promise.progress == pytest.approx(0.5)
    assert fa.progress == pytest.approx(((0.025 + 1.0) / 2 + 0.5) / 2)
    assert result.progress == fa.progress


def test_mean_progress_ignores_levels_without_computed_figures():
    assert mean_progress([None, 0.5, 1.0]) == 0.75
    assert mean_progress([None, None]) is None


@pytest.mark.django_db
def test_demo_is_idempotent_and_feeds_the_follow_up():
    from demo import fieldwork as fieldwork_demo
    from demo import programme as programme_demo
    from fieldwork.models import ActivityLog
    from places.models import Place
    from programme.models import PromiseSet

    programme_demo.load()
    fieldwork_demo.load()
    counts = (ActivityLog.objects.count(), Place.objects.count(), DefectorMonthlyCount.objects.count())
    programme_demo.load()
    fieldwork_demo.load()
    assert (ActivityLog.objects.count(), Place.objects.count(), DefectorMonthlyCount.objects.count()) == counts
    assert Place.objects.filter(municipality__slug="strangnas").values("district__name").distinct().count() == 4
    promise_set = PromiseSet.objects.get(municipality__slug="strangnas", slug="2024-2025")
    rows = {
        row.indicator.name: row
        for *_, row in follow_up(promise_set, promise_set.period_start, promise_set.period_end).rows()
    }
    walks = rows["Genomförda nattvandringar"]
    assert walks.computed and walks.value > 0 and walks.planned >= walks.delivered > 0
