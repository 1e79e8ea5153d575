"""The evidence layer: evaluations, shifts, surveys and dialogues."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from dialogue.models import Dialogue
from evaluation.models import Evaluation, IncidentIndicator
from incidents.models import IncidentCategory
from shifts.models import Shift, Signup
from surveys.models import Survey, SurveyResult

from .accounts import StrangnasFactory, UserFactory, same_municipality
from .places import PlaceFactory
from .programme import IndicatorFactory
from .records import PresencePlanFactory
from .relations import many


def _vandalism():
    return [IncidentCategory.objects.get(code="skadegorelse")]


class EvaluationFactory(factory.django.DjangoModelFactory):
    """A draft evaluation of a measure at a place from 1 March 2025 (the model's radius, buffer and
    periods). `categories=[...]` sets what it counts."""

    class Meta:
        model = Evaluation
        skip_postgeneration_save = True

    municipality = factory.SubFactory(StrangnasFactory)
    title = "Belysning i parken"
    target_place = same_municipality(PlaceFactory)
    starts_on = datetime.date(2025, 3, 1)

    categories = many("categories")


class IncidentIndicatorFactory(factory.django.DjangoModelFactory):
    """An outcome indicator counted from reviewed vandalism (unless `categories=[...]`) in the whole
    municipality (unless `places=[...]` or `districts=[...]`)."""

    class Meta:
        model = IncidentIndicator
        skip_postgeneration_save = True

    indicator = factory.SubFactory(IndicatorFactory, kind="outcome", name="Anmäld skadegörelse", unit="händelser")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(_vandalism() if extracted is None else extracted)

    places = many("places")
    districts = many("districts")


class ShiftFactory(factory.django.DjangoModelFactory):
    """Tomorrow evening's shift of a presence plan, four places, by the plan's organisation."""

    class Meta:
        model = Shift

    municipality = factory.SubFactory(StrangnasFactory)
    plan = same_municipality(PresencePlanFactory)
    organisation = factory.SelfAttribute("plan.organisation")
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(21))
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=4))
    capacity = 4


class SignupFactory(factory.django.DjangoModelFactory):
    """A member of the shift's organisation signed up for it."""

    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    user = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..shift.organisation"), role="reporter")


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    municipality = factory.SubFactory(StrangnasFactory)
    name = "Polisens trygghetsmätning 2024"
    source = Survey.Source.POLICE


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    survey = factory.SubFactory(SurveyFactory)
    question = "Hur trygg känner du dig ute sent en kväll i ditt bostadsområde?"
    option = "Otrygg"
    area = "Strängnäs tätort"
    year = 2024
    share = Decimal("22.0")
    respondents = 400


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    municipality = factory.SubFactory(StrangnasFactory)
    kind = Dialogue.Kind.CITIZENS
    title = "Medborgardialog på Stortorget"
    held_on = datetime.date(2024, 3, 1)
    method = "Öppet möte"
    participants = 10
