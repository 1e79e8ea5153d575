"""Keys for other systems: the REST API's tokens and Open311's keys. Pass `key="..."` to know the key."""

import factory

from api.models import PREFIX_LENGTH, ApiToken
from public.models import Open311ApiKey
from trygg.tokens import digest

from .accounts import KommunFactory, StrangnasFactory, UserFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A key of an integration account in the municipality's own organisation, created by a coordinator there."""

    class Meta:
        model = ApiToken

    class Params:
        key = factory.Sequence(lambda n: f"testnyckel-{n:04d}-for-trygg-api")

    name = "Larmcentralen"
    municipality = factory.SubFactory(StrangnasFactory)
    user = factory.SubFactory(
        UserFactory,
        username=factory.Sequence(lambda n: f"integration{n}"),
        organisation=factory.SubFactory(KommunFactory, municipality=factory.SelfAttribute("...municipality")),
    )
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..user.organisation"))
    prefix = factory.LazyAttribute(lambda o: o.key[:PREFIX_LENGTH])
    token_hash = factory.LazyAttribute(lambda o: digest(o.key))


class Open311ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Open311ApiKey

    class Params:
        key = factory.Sequence(lambda n: f"testnyckel-{n:04d}-for-open311")

    name = "Felanmälningsappen"
    municipality = factory.SubFactory(StrangnasFactory)
    key_hash = factory.LazyAttribute(lambda o: digest(o.key))
