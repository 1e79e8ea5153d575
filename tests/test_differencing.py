"""Attack: count a "<5" cell of the safety map exactly with another public output.

Random reviewed incidents (every source) over districts, categories and months, plus unreviewed and
rejected ones. Every public output is read as an attacker would: the safety map of every month, the open
data, Open311's list and every reference it shows. No output may contain a record or a figure of a
suppressed cell, and what it lists of a published cell must add up to the published figure exactly.
"""

import csv
import datetime
import io
import random

import pytest

from incidents.models import Incident, IncidentCategory
from privacy.suppression import SUPPRESSED, THRESHOLD
from tests.factories import DistrictFactory, IncidentFactory, PlaceFactory

MONTHS = [datetime.date(2025, 5, 1), datetime.date(2025, 6, 1)]


@pytest.fixture
def world(strangnas):
    places = []
    for n, (name, lat, lng) in enumerate(
        [("Tätort", 59.377, 17.031), ("Mariefred", 59.259, 17.224), ("Åker", 59.252, 17.091)]
    ):
        district = DistrictFactory(municipality=strangnas, name=name)
        places.append(
            PlaceFactory(
                municipality=strangnas, district=district, name=f"Plats {n}", kind="square", latitude=lat, longitude=lng
            )
        )
    categories = list(IncidentCategory.objects.filter(parent__isnull=False, active=True)[:6])
    return {"places": places, "categories": categories}


def _make(world, seed: int) -> dict:
    rng = random.Random(seed)
    truth = {}
    sources = ["citizen", "open311", "partner", "import"]
    for month in MONTHS:
        for place in world["places"]:
            for category in world["categories"]:
                count = rng.choice([0, 1, 2, 3, 4, 5, 6, 8])
                for _ in range(count):
                    at = datetime.datetime(
                        month.year, month.month, rng.randint(1, 28), rng.randint(0, 23), tzinfo=datetime.UTC
                    )
                    incident = IncidentFactory(
                        municipality=place.municipality,
                        category=category,
                        occurred_at=at,
                        place=place,
                        district=place.district,
                        latitude=place.latitude,
                        longitude=place.longitude,
                        source=rng.choice(sources),
                        status="reviewed",
                    )
                    truth[incident.public_ref] = (month.strftime("%Y-%m"), place.district.name, category.main.name)
                for status in ["new", "rejected"]:  # never counted, never listed
                    IncidentFactory(
                        municipality=place.municipality,
                        category=category,
                        occurred_at=datetime.datetime(month.year, month.month, 2, tzinfo=datetime.UTC),
                        place=place,
                        district=place.district,
                        latitude=place.latitude,
                        longitude=place.longitude,
                        source="citizen",
                        status=status,
                    )
    cells = {}
    for cell in truth.values():
        cells[cell] = cells.get(cell, 0) + 1
    return {"truth": truth, "cells": cells}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_no_public_output_reveals_a_suppressed_cell(client, world, seed):
    made = _make(world, seed)
    cells, truth = made["cells"], made["truth"]
    suppressed = {cell for cell, n in cells.items() if n < THRESHOLD}
    assert suppressed and set(cells) - suppressed  # the seed gives both kinds

    # The safety map: every month, every district × main category.
    for month in MONTHS:
        page = client.get("/strangnas/trygghetskarta/", {"manad": month.strftime("%Y-%m")})
        for row in page.context["rows"]:
            for category, shown in zip(page.context["categories"], row["counts"], strict=True):
                exact = cells.get((month.strftime("%Y-%m"), row["district"], category), 0)
                assert shown == (SUPPRESSED if exact < THRESHOLD else exact)

    # Open data: the same cells, the same rule, no totals.
    text = client.get("/strangnas/oppna-data/handelser.csv").content.decode("utf-8-sig")
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        exact = cells.get((row["manad"], row["kommundel"], row["kategori"]), 0)
        assert row["antal"] == (SUPPRESSED if exact < THRESHOLD else str(exact))

    # Open311: everything an attacker can list, then every reference it shows.
    listed = client.get(
        "/open311/v2/requests.json", {"jurisdiction_id": "strangnas", "start_date": "2000-01-01T00:00:00Z"}
    ).json()
    refs = [r["service_request_id"] for r in listed]
    assert all(ref in truth for ref in refs)  # only reviewed incidents
    assert not [ref for ref in refs if truth[ref] in suppressed]
    per_cell = {}
    for ref in refs:
        per_cell[truth[ref]] = per_cell.get(truth[ref], 0) + 1
    assert per_cell == {cell: n for cell, n in cells.items() if n >= THRESHOLD}  # adds up to published figures
    for record in listed:
        assert record["description"] is None
        assert "T00:00:00" in record["requested_datetime"]
        assert (record["lat"], record["long"]) in {(float(p.latitude), float(p.longitude)) for p in world["places"]}
    # Guessing references finds nothing: they are random, not the row id.
    hidden = next(i for i in Incident.objects.filter(status="reviewed") if truth[i.public_ref] in suppressed)
    assert client.get(f"/open311/v2/requests/{hidden.pk}.json", {"jurisdiction_id": "strangnas"}).status_code == 404
