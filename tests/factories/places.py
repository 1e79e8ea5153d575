from decimal import Decimal

import factory

from places.models import District, Place

from .accounts import StrangnasFactory, same_municipality

# Stortorget in Strängnäs: where an object without a place of its own is pinned.
LATITUDE, LONGITUDE = Decimal("59.377600"), Decimal("17.031300")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(StrangnasFactory)
    name = factory.Sequence(lambda n: f"Kommundel {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    """A square in central Strängnäs. Give `municipality` with a district of another municipality."""

    class Meta:
        model = Place

    municipality = factory.SubFactory(StrangnasFactory)
    district = same_municipality(DistrictFactory)
    name = factory.Sequence(lambda n: f"Plats {n}")
    kind = Place.Kind.SQUARE
    latitude = LATITUDE
    longitude = LONGITUDE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs["district"].municipality_id != kwargs["municipality"].pk:
            raise ValueError("PlaceFactory: the district is in another municipality; give municipality= too")
        return super()._create(model_class, *args, **kwargs)
