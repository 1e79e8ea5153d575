"""Where an incident is, and which district it belongs to: one decision for every channel (citizen form,
partner form, CSV/XLSX import, Open311), so that a report placed by a map pin is counted in the public
statistics like one placed at a named place."""

from fieldwork.models import Place

from .models import Incident


def nearest_district(lat: float, lon: float, places, within_km: float = 3.0):
    """The district of the nearest named place within ``within_km``, else None."""
    best, best_km = None, within_km
    for place in places:
        # Equirectangular distance: accurate to well under a percent at these distances.
        dy = (float(place.latitude) - lat) * 111.2
        dx = (float(place.longitude) - lon) * 111.2 * 0.5  # cos(60°) ≈ 0.5 in Sweden's middle latitudes
        km = (dx * dx + dy * dy) ** 0.5
        if km < best_km:
            best, best_km = place.district, km
    return best


def locate(incident: Incident) -> Incident:
    """A named place gives the point and the district; a point alone gets the district of the nearest named
    place within 3 km (none farther out: the public cells are per district)."""
    if incident.place_id:
        incident.latitude, incident.longitude = incident.place.latitude, incident.place.longitude
        incident.district = incident.place.district
    elif incident.district_id is None and incident.latitude is not None and incident.longitude is not None:
        places = Place.objects.filter(municipality=incident.municipality_id).select_related("district")
        incident.district = nearest_district(float(incident.latitude), float(incident.longitude), places)
    return incident
