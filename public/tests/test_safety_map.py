"""The safety map's month: the districts at their centres with their suppressed counts per main category,
and the table beside it."""

import datetime

import pytest

from incidents.models import Incident, IncidentCategory
from places.models import District, Place
from public import selectors

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)
CATEGORIES = ["Skadegörelse", "Otrygghetsskapande samling av personer", "Ordningsstörning, våld och narkotika"]
CATEGORIES += ["Otrygg plats", "Arrangemang"]


@pytest.fixture
def towns(strangnas):
    tatort = District.objects.create(municipality=strangnas, name="Tätort")
    mariefred = District.objects.create(municipality=strangnas, name="Mariefred")
    District.objects.create(municipality=strangnas, name="Utan platser")  # no centre: not on the map
    places = {
        "torget": Place.objects.create(
            municipality=strangnas, district=tatort, name="Torget", kind="square", latitude=59.377, longitude=17.031
        ),
        "stationen": Place.objects.create(
            municipality=strangnas, district=tatort, name="Stationen", kind="station", latitude=59.375, longitude=17.029
        ),
        "hamnen": Place.objects.create(
            municipality=strangnas, district=mariefred, name="Hamnen", kind="other", latitude=59.259, longitude=17.224
        ),
    }
    return places


def reported(place: Place, code: str, n: int, day: datetime.date = JUNE, status: str = "reviewed") -> None:
    category = IncidentCategory.objects.get(code=code)
    for i in range(n):
        Incident.objects.create(
            municipality=place.municipality,
            category=category,
            occurred_at=datetime.datetime(day.year, day.month, 2 + i, 12, tzinfo=datetime.UTC),
            place=place,
            district=place.district,
            latitude=place.latitude,
            longitude=place.longitude,
            source="partner",
            status=status,
        )


def test_each_district_is_at_the_mean_of_its_places_with_its_counts_suppressed(strangnas, towns):
    reported(towns["torget"], "klotter", 4)
    reported(towns["stationen"], "glaskross", 2)  # Skadegörelse in Tätort: 6
    reported(towns["stationen"], "belysning", 2)  # Otrygg plats in Tätort: "<5"
    reported(towns["hamnen"], "vald", 5)
    reported(towns["hamnen"], "vald", 3, status="new")  # not reviewed: not counted
    reported(towns["hamnen"], "vald", 4, day=datetime.date(2025, 5, 1))  # another month
    shown = selectors.safety_map(strangnas, JUNE)
    assert shown["categories"] == CATEGORIES
    assert shown["rows"] == [
        {"district": "Mariefred", "counts": ["<5", "<5", 5, "<5", "<5"]},
        {"district": "Tätort", "counts": [6, "<5", "<5", "<5", "<5"]},
    ]
    assert [(d["name"], d["lat"], d["lng"]) for d in shown["districts"]] == [
        ("Mariefred", 59.259, 17.224),
        ("Tätort", 59.376, 17.03),
    ]
    assert shown["districts"][1]["counts"] == dict(zip(CATEGORIES, [6, "<5", "<5", "<5", "<5"], strict=True))


def test_the_page_shows_the_month_of_the_selector(client, strangnas, towns):
    reported(towns["hamnen"], "vald", 5)
    page = client.get("/strangnas/trygghetskarta/", {"manad": "2025-06"})
    shown = selectors.safety_map(strangnas, JUNE)
    assert page.context["map_data"] == shown["districts"] and page.context["rows"] == shown["rows"]
    assert page.context["categories"] == CATEGORIES
