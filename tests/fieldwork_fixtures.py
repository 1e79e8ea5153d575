import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActivityLogFactory,
    DistrictFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    IndicatorBindingFactory,
    IndicatorFactory,
    PlaceFactory,
    PresencePlanFactory,
)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), timezone.get_current_timezone())


@pytest.fixture
def district(strangnas):
    return DistrictFactory(municipality=strangnas, name="Strängnäs tätort")


@pytest.fixture
def station(strangnas, district):
    return PlaceFactory(
        municipality=strangnas,
        district=district,
        name="Resecentrum",
        kind="station",
        latitude=59.3742,
        longitude=17.0288,
    )


@pytest.fixture
def square(strangnas, district):
    return PlaceFactory(
        municipality=strangnas, district=district, name="Stortorget", kind="square", latitude=59.3776, longitude=17.0313
    )


@pytest.fixture
def night_walk_activity(promise_set):
    return promise_set.focus_areas.get().promises.get().activities.get()


@pytest.fixture
def night_walk_indicator(night_walk_activity):
    """'Genomförda nattvandringar', target 80, bound to night-walk occurrences."""
    indicator = night_walk_activity.indicators.get()
    IndicatorBindingFactory(indicator=indicator, log_types=["night_walk"], measure="occurrences")
    return indicator


@pytest.fixture
def hours_indicator(night_walk_activity):
    indicator = IndicatorFactory(activity=night_walk_activity, name="Timmar", unit="timmar", target=10)
    IndicatorBindingFactory(indicator=indicator, log_types=["night_walk", "field_work"], measure="hours")
    return indicator


@pytest.fixture
def friday_plan(night_walk_activity, kommun, station, strangnas):
    return PresencePlanFactory(
        municipality=strangnas,
        activity=night_walk_activity,
        organisation=kommun,
        title="Fredagsvandring",
        log_type="night_walk",
        weekdays=[4],
        start_time=datetime.time(21),
        end_time=datetime.time(1),
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
        places=[station],
    )


@pytest.fixture
def make_log(strangnas, kommun):
    def make(start, hours=2, places=(), log_type="night_walk", **extra):
        return ActivityLogFactory(
            municipality=strangnas,
            organisation=kommun,
            reported_by=extra.pop("reported_by", None),
            log_type=log_type,
            started_at=start,
            ended_at=start + datetime.timedelta(hours=hours),
            places=places,
            **extra,
        )

    return make


@pytest.fixture
def make_incident(strangnas, station):
    def make(at, code="klotter", status="reviewed", place=station, **extra):
        return IncidentFactory(
            municipality=strangnas,
            category=IncidentCategoryFactory(code=code),
            occurred_at=at,
            place=place,
            district=extra.pop("district", place.district if place else None),
            latitude=extra.pop("lat", place.latitude if place else 59.37),
            longitude=extra.pop("lng", place.longitude if place else 17.03),
            status=status,
            **extra,
        )

    return make


@pytest.fixture
def daily_plan(strangnas, night_walk_activity, station):
    """A plan for every day from a week ago to two months ahead, for the given organisation."""

    def make(organisation, title, log_type="night_walk", start=datetime.time(21), end=datetime.time(1)):
        today = timezone.localdate()
        return PresencePlanFactory(
            municipality=strangnas,
            activity=night_walk_activity,
            organisation=organisation,
            title=title,
            log_type=log_type,
            weekdays=list(range(7)),
            start_time=start,
            end_time=end,
            valid_from=today - datetime.timedelta(days=7),
            valid_to=today + datetime.timedelta(days=60),
            places=[station],
        )

    return make
