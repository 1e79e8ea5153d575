"""Reads of districts and places."""

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import Municipality, User
from accounts.selectors import municipalities_for

from .geometry import outline_bounds
from .models import Place

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east)), WGS84
# The coordinates the places' fields allow (places.models): where a map opens with nothing else to go by.
SWEDEN: Bounds = ((55.0, 10.9), (69.1, 24.2))


def places_for(user: User) -> QuerySet[Place]:
    return Place.objects.filter(municipality__in=municipalities_for(user)).select_related("district", "municipality")


def place_labels(municipality) -> list[dict]:
    """The municipality's active places as name and point: bearings on maps that draw something else."""
    places = active_places(municipality).only("name", "latitude", "longitude")
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
    return places_as_map_data(active_places(municipality).select_related("district"))


def other_places_map_data(place: Place) -> list[dict]:
    """Every other place of the place's municipality, inactive ones too: the bearings of its own form."""
    others = Place.objects.filter(municipality_id=place.municipality_id).exclude(pk=place.pk)
    return places_as_map_data(others.select_related("district"))


def map_view(municipality: Municipality) -> dict:
    """Where a map of the municipality opens (map_view_for)."""
    return map_view_for([municipality])


def map_view_for(municipalities: Iterable[Municipality]) -> dict:
    """Where a map of these municipalities opens, as {"centre": [lat, lng], "bounds": [[south, west],
    [north, east]]}: around their active places (points and outlines), else around their outlines
    (places/data), else Sweden. Every map reads it from the page (TryggDom.home): none knows a town."""
    municipalities = list(municipalities)
    places = Place.objects.filter(municipality__in=municipalities, active=True).only("latitude", "longitude", "area")
    bounds = _around(_points(places)) or _union([outline_bounds(m.code) for m in municipalities]) or SWEDEN
    (south, west), (north, east) = bounds
    return {
        "centre": [round((south + north) / 2, 6), round((west + east) / 2, 6)],
        "bounds": [[round(south, 6), round(west, 6)], [round(north, 6), round(east, 6)]],
    }


def _points(places) -> list[tuple[float, float]]:
    """(lat, lng) of each place's point and of its outline's corners."""
    points = []
    for place in places:
        points.append((float(place.latitude), float(place.longitude)))
        for ring in (place.area or {}).get("coordinates", []):
            points += [(float(lat), float(lng)) for lng, lat in ring]
    return points


def _around(points: list[tuple[float, float]]) -> Bounds | None:
    if not points:
        return None
    lats, lngs = [p[0] for p in points], [p[1] for p in points]
    return (min(lats), min(lngs)), (max(lats), max(lngs))


def _union(boxes: list[Bounds | None]) -> Bounds | None:
    return _around([corner for box in boxes if box for corner in box])


def active_places(municipality) -> QuerySet[Place]:
    """The municipality's places in use: the ones maps, forms and analyses offer."""
    return Place.objects.filter(municipality=municipality, active=True)
