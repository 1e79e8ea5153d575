"""The places a map draws, as the maps read them."""

import pytest

from places import selectors
from places.models import Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_a_report_form_draws_the_active_places_of_its_municipality(strangnas, eskilstuna, district, square, station):
    station.active = False
    station.save()
    elsewhere = eskilstuna.districts.create(name="Centrum")
    PlaceFactory(
        municipality=eskilstuna, district=elsewhere, name="Fristadstorget", kind="park", latitude=59.37, longitude=16.5
    )
    assert selectors.active_places_map_data(strangnas) == [
        {"name": "Stortorget", "district": "Strängnäs tätort", "lat": 59.3776, "lng": 17.0313, "area": None}
    ]


def test_a_place_form_draws_every_other_place_of_the_municipality(strangnas, eskilstuna, square, station):
    station.active = False
    station.save()
    assert [p["name"] for p in selectors.other_places_map_data(square)] == ["Resecentrum"]
    assert [(p["lat"], p["lng"]) for p in selectors.other_places_map_data(station)] == [(59.3776, 17.0313)]
    new = Place(municipality=strangnas)
    assert sorted(p["name"] for p in selectors.other_places_map_data(new)) == ["Resecentrum", "Stortorget"]
    assert selectors.other_places_map_data(Place(municipality=eskilstuna)) == []
