"""The records layer (fieldwork, incidents) and the camera register below it."""

import datetime

import factory
from django.utils import timezone

from cameras.models import CameraSite
from fieldwork.models import ActivityLog, IndicatorBinding, PresencePlan
from incidents.models import Incident, IncidentCategory, PoliceEvent

from .accounts import KommunFactory, StrangnasFactory, UserFactory, same_municipality
from .places import LATITUDE, LONGITUDE
from .programme import ActivityFactory, IndicatorFactory
from .relations import many


def _hours_ago(hours: int):
    return factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=hours))


class PresencePlanFactory(factory.django.DjangoModelFactory):
    """Night walk on Fridays 21–01 through 2024 and 2025, by the municipality, for a night-walk activity in
    the same municipality's promises. `places=[...]` sets its places."""

    class Meta:
        model = PresencePlan
        skip_postgeneration_save = True

    municipality = factory.SubFactory(StrangnasFactory)
    activity = factory.SubFactory(
        ActivityFactory,
        # Evaluated in the promise set, four factories below the plan: PromiseSet, FocusArea, Promise, Activity.
        promise__focus_area__promise_set__municipality=factory.SelfAttribute(".....municipality"),
    )
    organisation = same_municipality(KommunFactory)
    title = "Fredagsvandring"
    log_type = "night_walk"
    weekdays = factory.LazyFunction(lambda: [4])
    start_time = datetime.time(21)
    end_time = datetime.time(1)
    valid_from = datetime.date(2024, 1, 1)
    valid_to = datetime.date(2025, 12, 31)

    places = many("places")


class ActivityLogFactory(factory.django.DjangoModelFactory):
    """A two-hour night walk by the municipality, reported by one of its reporters, that ended an hour ago.
    `places=[...]` sets its places."""

    class Meta:
        model = ActivityLog
        skip_postgeneration_save = True

    municipality = factory.SubFactory(StrangnasFactory)
    organisation = same_municipality(KommunFactory)
    reported_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"), role="reporter")
    log_type = "night_walk"
    started_at = _hours_ago(3)
    ended_at = factory.LazyAttribute(lambda o: o.started_at + datetime.timedelta(hours=2))

    places = many("places")


class IndicatorBindingFactory(factory.django.DjangoModelFactory):
    """Counts night-walk occurrences into an indicator. `places=[...]` limits it to those places."""

    class Meta:
        model = IndicatorBinding
        skip_postgeneration_save = True

    indicator = factory.SubFactory(IndicatorFactory)
    log_types = factory.LazyFunction(lambda: ["night_walk"])
    measure = "occurrences"

    places = many("places")


class IncidentCategoryFactory(factory.django.DjangoModelFactory):
    """A category of the EST taxonomy the data migration seeds, found by its code (klotter unless given)."""

    class Meta:
        model = IncidentCategory
        django_get_or_create = ["code"]

    code = "klotter"
    name = factory.LazyAttribute(lambda o: o.code.capitalize())


class IncidentFactory(factory.django.DjangoModelFactory):
    """A new (unreviewed) graffiti report from a partner an hour ago, at its place (its district and
    coordinates) or, without one, at Stortorget."""

    class Meta:
        model = Incident

    municipality = factory.SubFactory(StrangnasFactory)
    category = factory.SubFactory(IncidentCategoryFactory)
    occurred_at = _hours_ago(1)
    place = None
    district = factory.LazyAttribute(lambda o: o.place.district if o.place else None)
    latitude = factory.LazyAttribute(lambda o: o.place.latitude if o.place else LATITUDE)
    longitude = factory.LazyAttribute(lambda o: o.place.longitude if o.place else LONGITUDE)


class PoliceEventFactory(factory.django.DjangoModelFactory):
    """An event of the police's open feed in Strängnäs, at the municipality's centre as the feed gives it."""

    class Meta:
        model = PoliceEvent

    id = factory.Sequence(lambda n: 500000 + n)
    occurred_at = _hours_ago(2)
    published_at = factory.LazyAttribute(lambda o: o.occurred_at + datetime.timedelta(hours=1))
    event_type = "Skadegörelse"
    location_name = "Strängnäs"
    name = factory.LazyAttribute(lambda o: f"{o.event_type}, {o.location_name}")
    municipality_code = "0486"
    latitude = 59.377908
    longitude = 17.030420


class CameraSiteFactory(factory.django.DjangoModelFactory):
    """A camera site in the register since May 2024, recordings kept 14 days."""

    class Meta:
        model = CameraSite

    municipality = factory.SubFactory(StrangnasFactory)
    name = factory.Sequence(lambda n: f"Kameraplats {n}")
    purpose = "Förebygga skadegörelse."
    area = "Torgytan"
    interest_balancing = "KS 2024/12"
    started_on = datetime.date(2024, 5, 1)
    recording_retention_days = 14
