import factory

from accounts.models import Municipality, Organisation, User


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")


class StrangnasFactory(MunicipalityFactory):
    """Strängnäs, the municipality the other factories build in unless given another: the `strangnas`
    fixture's row (found by its code), so a factory's objects and a test's fixtures share it."""

    code = "0486"
    name = "Strängnäs"
    slug = "strangnas"


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


class KommunFactory(OrganisationFactory):
    """The municipality's own organisation ("Strängnäs kommun", the `kommun` fixture's row in Strängnäs),
    a member of the municipality it is built for: the default owner of plans, logs and action items."""

    municipality = factory.SubFactory(StrangnasFactory)
    name = factory.LazyAttribute(lambda o: f"{o.municipality.name} kommun")
    kind = "kommun"

    @classmethod
    def _create(cls, model_class, *args, municipality, **kwargs):
        organisation = super()._create(model_class, *args, **kwargs)
        organisation.municipalities.add(municipality)
        return organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.COORDINATOR
    password = factory.django.Password("korrekt-häst-batteri")


def same_municipality(factory_class, **kwargs) -> factory.SubFactory:
    """A related object built in the municipality of the object that points at it."""
    return factory.SubFactory(factory_class, municipality=factory.SelfAttribute("..municipality"), **kwargs)
