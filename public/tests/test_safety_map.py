"""The safety map's month: the districts at their centres with their suppressed counts per main category,
and the table beside it."""

import datetime
import itertools
import json
import random
import re

import pytest

from places.models import Place
from places.selectors import map_view
from privacy.suppression import SUPPRESSED, THRESHOLD
from public import selectors
from tests.factories import DistrictFactory, IncidentCategoryFactory, IncidentFactory, MunicipalityFactory, PlaceFactory

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)
CATEGORIES = ["Skadegörelse", "Otrygghetsskapande samling av personer", "Ordningsstörning, våld och narkotika"]
CATEGORIES += ["Otrygg plats", "Arrangemang"]


@pytest.fixture
def towns(strangnas):
    tatort = DistrictFactory(municipality=strangnas, name="Tätort")
    mariefred = DistrictFactory(municipality=strangnas, name="Mariefred")
    DistrictFactory(municipality=strangnas, name="Utan platser")  # no centre: not on the map
    places = {
        "torget": PlaceFactory(
            municipality=strangnas, district=tatort, name="Torget", kind="square", latitude=59.377, longitude=17.031
        ),
        "stationen": PlaceFactory(
            municipality=strangnas, district=tatort, name="Stationen", kind="station", latitude=59.375, longitude=17.029
        ),
        "hamnen": PlaceFactory(
            municipality=strangnas, district=mariefred, name="Hamnen", kind="other", latitude=59.259, longitude=17.224
        ),
    }
    return places


def reported(place: Place, code: str, n: int, day: datetime.date = JUNE, status: str = "reviewed") -> None:
    category = IncidentCategoryFactory(code=code)
    for i in range(n):
        IncidentFactory(
            municipality=place.municipality,
            category=category,
            occurred_at=datetime.datetime(day.year, day.month, 2 + i, 12, tzinfo=datetime.UTC),
            place=place,
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
    # Beside "<5" cells a district's total is only a bound, from the cells shown.
    assert [(d["total"], d["size"]) for d in shown["districts"]] == [("minst 5", 5), ("minst 6", 6)]


def test_the_page_shows_the_month_of_the_selector(client, strangnas, towns):
    reported(towns["hamnen"], "vald", 5)
    page = client.get("/strangnas/trygghetskarta/", {"manad": "2025-06"})
    shown = selectors.safety_map(strangnas, JUNE)
    assert page.context["map_data"] == shown["districts"] and page.context["rows"] == shown["rows"]
    assert page.context["categories"] == CATEGORIES


# The attacker: reads one district of the map's data (its cells, the total the map labels it with, the
# number its circle is drawn by) and tries every count 0–4 for each "<5" cell. A cell is recovered when
# every assignment that agrees with what is shown gives it the same count.
AT_LEAST = re.compile(r"^minst (\d+)$")


def agrees(district: dict, hidden: dict[str, int]) -> bool:
    counts = {c: (hidden[c] if c in hidden else n) for c, n in district["counts"].items()}
    total, shown = sum(counts.values()), district["total"]
    if isinstance(shown, int):
        fits = total == shown
    elif shown == SUPPRESSED:
        fits = total < THRESHOLD
    else:
        fits = total >= int(AT_LEAST.match(shown).group(1))
    return fits and total >= district["size"]


def recovered(district: dict) -> dict[str, int]:
    hidden = [c for c, n in district["counts"].items() if not isinstance(n, int)]
    possible = {c: set() for c in hidden}
    for values in itertools.product(range(THRESHOLD), repeat=len(hidden)):
        guess = dict(zip(hidden, values, strict=True))
        if agrees(district, guess):
            for c, n in guess.items():
                possible[c].add(n)
    return {c: next(iter(ns)) for c, ns in possible.items() if len(ns) == 1}


def test_the_attacker_finds_a_cell_beside_an_exact_total():
    counts = {"A": 6, "B": "<5", "C": 7}
    assert recovered({"name": "X", "counts": counts, "total": 16, "size": 16}) == {"B": 3}
    assert recovered({"name": "X", "counts": {"A": 6, "B": "<5", "C": "<5"}, "total": 6, "size": 6}) == {
        "B": 0,
        "C": 0,
    }
    assert recovered({"name": "X", "counts": counts, "total": "minst 13", "size": 13}) == {}


def _world(strangnas, rows: dict[str, list[int]]) -> list[dict]:
    """One district per row with the counts of the five main categories in June."""
    codes = ["klotter", "samling", "vald", "belysning", "arrangemang"]
    for n, (name, counts) in enumerate(rows.items()):
        district = DistrictFactory(municipality=strangnas, name=name)
        place = PlaceFactory(
            municipality=strangnas, district=district, name=f"Plats {n}", kind="square", latitude=59.3, longitude=17.0
        )
        for code, count in zip(codes, counts, strict=True):
            reported(place, code, count)
    return selectors.safety_map(strangnas, JUNE)["districts"]


def test_no_district_gives_a_suppressed_count_away(strangnas):
    rows = {
        "Alla utom en": [6, 5, 7, 8, 2],  # a total here would give the 2 away
        "Nollor": [9, 0, 0, 0, 0],  # and here that the "<5" are nothing
        "Två små": [6, 3, 4, 5, 5],
        "Bara små": [1, 2, 0, 1, 0],
        "Små men många": [4, 4, 3, 0, 2],
        "Alla synliga": [5, 6, 7, 8, 9],
    }
    rng = random.Random(7)
    rows |= {f"Slump {i}": [rng.choice([0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(5)] for i in range(12)}
    districts = _world(strangnas, rows)
    assert len(districts) == len(rows)
    for district in districts:
        assert recovered(district) == {}, district
    by_name = {d["name"]: d for d in districts}
    assert by_name["Alla synliga"]["total"] == 35 and by_name["Alla synliga"]["size"] == 35
    assert by_name["Alla utom en"]["total"] == "minst 26"
    assert by_name["Nollor"]["total"] == "minst 9"
    assert by_name["Bara små"]["total"] == SUPPRESSED and by_name["Bara små"]["size"] == 0
    assert by_name["Små men många"]["total"] == "minst 5"  # all hidden, 13 in all: at least the threshold


def _view_on(page) -> dict:
    text = page.content.decode()
    return json.loads(text.split('<script id="map-view" type="application/json">')[1].split("</script>")[0])


def test_flens_maps_open_on_flen_not_strangnas(client):
    flen = MunicipalityFactory(code="0482", name="Flen", slug="flen")
    assert _view_on(client.get("/flen/trygghetskarta/")) == map_view(flen)  # no places: Flen's outline
    centrum = DistrictFactory(municipality=flen, name="Centrum")
    PlaceFactory(
        municipality=flen, district=centrum, name="Stora torget", kind="square", latitude=59.0585, longitude=16.588
    )
    view = _view_on(client.get("/flen/rapportera/"))
    assert view == {"centre": [59.0585, 16.588], "bounds": [[59.0585, 16.588], [59.0585, 16.588]]}
