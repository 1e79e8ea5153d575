"""Where a map opens: around the municipality's own places, else its outline, else Sweden; no map script
knows a town's coordinates."""

import re
from pathlib import Path

import pytest

from places import selectors
from places.models import District, Place
from tests.factories import MunicipalityFactory, PlaceFactory

pytestmark = pytest.mark.django_db

STRANGNAS = (59.3775, 17.0316)
JS = Path(__file__).resolve().parents[2] / "static" / "js"


@pytest.fixture
def flen(db):
    return MunicipalityFactory(code="0482", name="Flen", slug="flen")


def place(municipality, name, lat, lng, **extra) -> Place:
    district, _ = District.objects.get_or_create(municipality=municipality, name="Centrum")
    return PlaceFactory(
        municipality=municipality, district=district, name=name, kind="square", latitude=lat, longitude=lng, **extra
    )


def near(point, other, degrees: float) -> bool:
    return abs(point[0] - other[0]) < degrees and abs(point[1] - other[1]) < degrees


def test_a_map_opens_around_the_municipalitys_active_places(flen, strangnas, square):
    place(flen, "Stora torget", 59.0585, 16.5880)
    place(flen, "Malmköpings torg", 59.1330, 16.7350)
    place(flen, "Nedlagd", 58.9, 16.45, active=False)
    view = selectors.map_view(flen)
    assert view == {"centre": [59.09575, 16.6615], "bounds": [[59.0585, 16.588], [59.133, 16.735]]}
    assert not near(view["centre"], STRANGNAS, 0.2)


def test_a_place_outline_widens_the_view(flen):
    area = {"type": "Polygon", "coordinates": [[[16.58, 59.05], [16.60, 59.05], [16.60, 59.07], [16.58, 59.05]]]}
    place(flen, "Parken", 59.06, 16.59, area=area)
    assert selectors.map_view(flen)["bounds"] == [[59.05, 16.58], [59.07, 16.6]]


def test_without_places_a_map_opens_on_the_municipalitys_outline(flen):
    view = selectors.map_view(flen)
    (south, west), (north, east) = view["bounds"]
    assert 58.8 < south < 58.9 and 59.2 < north < 59.3 and 16.4 < west < 16.5 and 17.0 < east < 17.1
    assert near(view["centre"], (59.056, 16.729), 0.01)


def test_with_nothing_to_go_by_a_map_opens_on_sweden():
    nowhere = MunicipalityFactory(code="9999", name="Okänd", slug="okand")
    assert selectors.map_view(nowhere) == {"centre": [62.05, 17.55], "bounds": [[55.0, 10.9], [69.1, 24.2]]}


def test_a_map_of_several_municipalities_opens_around_all_their_places(flen, strangnas, square):
    place(flen, "Stora torget", 59.0585, 16.5880)
    assert selectors.map_view_for([flen, strangnas])["bounds"] == [[59.0585, 16.588], [59.3776, 17.0313]]


def test_no_map_script_holds_a_coordinate():
    coordinate = re.compile(r"\[\s*-?\d{1,2}\.\d+\s*,\s*-?\d{1,3}\.\d+\s*\]")
    found = {path.name: coordinate.findall(path.read_text()) for path in JS.glob("*.js")}
    assert {name: hits for name, hits in found.items() if hits} == {}
