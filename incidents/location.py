"""Where an incident is, and which district it belongs to: one decision for every channel (citizen form,
partner form, CSV/XLSX import, Open311), so that a report placed by a map pin is counted in the public
statistics like one placed at a named place."""


from places.location import nearest_district
from places.models import Place

from .models import Incident


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
