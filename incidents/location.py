"""Where an incident is, and which district it belongs to: one decision for every channel (citizen form,
partner form, CSV/XLSX import, Open311), so that a report placed by a map pin is counted in the public
statistics like one placed at a named place."""

import math

from fieldwork.models import Place

from .models import Incident

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


def locate(incident: Incident, places=None) -> Incident:
    """A named place gives the point and the district; a point alone gets the district of the nearest named
    place within 3 km (none farther out: the public cells are per district). ``places``: the municipality's
    places with their districts, when the caller has them already (an import of many rows)."""
    if incident.place_id:
        incident.latitude, incident.longitude = incident.place.latitude, incident.place.longitude
        incident.district = incident.place.district
    elif incident.district_id is None and incident.latitude is not None and incident.longitude is not None:
        if places is None:
            places = Place.objects.filter(municipality=incident.municipality_id).select_related("district")
        incident.district = nearest_district(float(incident.latitude), float(incident.longitude), places)
    return incident
