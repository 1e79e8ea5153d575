"""Distances between a point and the named places: which place a point is at, which district it is in."""

import math

from .models import Place

METRES_PER_DEGREE = 111_200


def nearest_place(lat: float, lon: float, places, within_m: float) -> Place | None:
    """The named place nearest a point, if one is within ``within_m`` metres, else None."""
    best, best_m = None, within_m
    east_west = METRES_PER_DEGREE * math.cos(math.radians(lat))
    for place in places:
        # Equirectangular distance: accurate to well under a percent at these distances.
        metres = math.hypot(
            (float(place.longitude) - lon) * east_west, (float(place.latitude) - lat) * METRES_PER_DEGREE
        )
        if metres < best_m:
            best, best_m = place, metres
    return best


def nearest_district(lat: float, lon: float, places, within_km: float = 3.0):
    """The district of the nearest named place within ``within_km``, else None."""
    place = nearest_place(lat, lon, places, within_km * 1000)
    return place.district if place else None
