import datetime

import factory

from programme.models import Activity, FocusArea, FollowUp, Indicator, IndicatorValue, Promise, PromiseSet

from .accounts import MunicipalityFactory, OrganisationFactory


class PromiseSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseSet

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Medborgarlöften 2024–2025"
    slug = factory.Sequence(lambda n: f"loften-{n}")
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    signed_on = datetime.date(2024, 1, 30)
    published = True


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    promise_set = factory.SubFactory(PromiseSetFactory)
    title = "Vuxennärvaro där unga rör sig"


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    focus_area = factory.SubFactory(FocusAreaFactory)
    text = "Vi ökar vuxennärvaron på kvällar och helger."
    promisor = Promise.Promisor.BOTH


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    promise = factory.SubFactory(PromiseFactory)
    title = "Nattvandring"
    activity_type = Activity.Type.ADULT_PRESENCE
    responsible = factory.SubFactory(OrganisationFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    name = "Genomförda nattvandringar"
    unit = "tillfällen"
    target = 80
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2025, 12, 31)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A draft follow-up of a promise set for 2024."""

    class Meta:
        model = FollowUp

    promise_set = factory.SubFactory(PromiseSetFactory)
    title = "Uppföljning 2024"
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A value entered by hand, e.g. from a survey."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = datetime.date(2024, 3, 31)
    value = 28
    source = "Trygghetsmätningen 2024"
