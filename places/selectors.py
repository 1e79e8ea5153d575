"""Reads of districts and places."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import Place


def places_for(user: User) -> QuerySet[Place]:
    return Place.objects.filter(municipality__in=municipalities_for(user)).select_related("district", "municipality")


def place_labels(municipality) -> list[dict]:
    """The municipality's active places as name and point: bearings on maps that draw something else."""
    places = municipality.places.filter(active=True).only("name", "latitude", "longitude")
    return [{"name": p.name, "lat": float(p.latitude), "lng": float(p.longitude)} for p in places]


def places_as_map_data(places) -> list[dict]:
    return [
        {
            "name": p.name,
            "district": p.district.name,
            "lat": float(p.latitude),
            "lng": float(p.longitude),
            "area": p.area,
        }
        for p in places
    ]


def active_places_map_data(municipality) -> list[dict]:
    """The municipality's active places for a map to pick a point on (a report's form)."""
    return places_as_map_data(municipality.places.filter(active=True).select_related("district"))


def other_places_map_data(place: Place) -> list[dict]:
    """Every other place of the place's municipality, inactive ones too: the bearings of its own form."""
    others = Place.objects.filter(municipality_id=place.municipality_id).exclude(pk=place.pk)
    return places_as_map_data(others.select_related("district"))
