import datetime

import factory

from accounts.models import Municipality, Organisation, User
from programme.models import Activity, FocusArea, Indicator, Promise, PromiseSet


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.COORDINATOR
    password = factory.django.Password("korrekt-häst-batteri")


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


def evaluation_form_data(square, district, **changes) -> dict:
    """What a coordinator fills in to evaluate lighting at a square: 150 m target, 200 m buffer, one
    control district, vandalism 90 days each side of 1 March 2025."""
    from incidents.models import IncidentCategory

    return {
        "title": "Belysning i parken",
        "target_place": square.pk,
        "target_radius_m": 150,
        "buffer_m": 200,
        "control_districts": [district.pk],
        "categories": [IncidentCategory.objects.get(code="skadegorelse").pk],
        "starts_on": "2025-03-01",
        "before_days": 90,
        "after_days": 90,
    } | changes
