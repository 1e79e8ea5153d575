"""An import's quick check of a row against the model's: the quick way must never
accept a row the model refuses, must give an accepted row exactly the values the model would store, and a
refused row gets the model's wording."""

import datetime
import itertools
import random

import pytest

from incidents import tabular
from incidents.models import Incident

WHEN = [
    "2025-06-03 21:30",
    "2025-06-03T21:30",
    "2025-6-3 9:30",
    "2025-13-01 10:00",
    "1800-01-01 10:00",
    "2999-01-01 10:00",
    "",
]
UNTIL = ["", "2025-06-03 22:00", "2025-06-03 21:00", "sen kväll"]
CATEGORY = ["klotter", "KLOTTER", "okänd", ""]
PLACE = ["", "Resecentrum", "resecentrum", "Månen", "Utanför"]  # Utanför: stored outside Sweden
POINT = [
    ("59.3776", "17.0313"),
    ("59,3776", "17,0313"),
    ("59.37765432", "17.0313"),  # more decimals than stored: rounded
    ("69.1000004", "24.2"),  # rounded onto the limits
    ("54.9999996", "10.8999996"),
    ("69.100001", "17.0"),  # just outside
    ("40.0", "17.0"),  # outside Sweden
    ("999.5", "17.0"),
    ("NaN", "17.0"),
    ("", ""),
]
ORGANISATION = ["", "Strängnäs kommun", "Okänd förening"]
DESCRIPTION = ["", "Klotter på väggen", "Ring 070-123 45 67", "Anna Andersson var där", "x" * 1001, "a\x00b"]


def _rows():
    grid = itertools.product(WHEN, UNTIL, CATEGORY, PLACE, POINT, ORGANISATION, DESCRIPTION)
    # Every value of every column against a sample of the others: about 3,000 rows.
    for when, until, category, place, (lat, lon), organisation, text in random.Random(15).sample(list(grid), 3000):
        yield {
            "intraffade": when,
            "till": until,
            "kategori": category,
            "plats": place,
            "latitud": lat,
            "longitud": lon,
            "organisation": organisation,
            "beskrivning": text,
        }


def _lookups(strangnas):
    return tabular._lookups(strangnas, Incident.Source.IMPORT, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))


def _outcome(check, row, lookups):
    try:
        return "ok", check(row, lookups)
    except (LookupError, ValueError, tabular.ValidationError) as error:
        return "refused", tabular._message(error) if not isinstance(error, LookupError) else repr(error)


@pytest.mark.django_db
def test_the_quick_check_accepts_what_the_model_accepts_with_the_same_values(strangnas, station, kommun):
    tabular.Place.objects.create(
        municipality=strangnas, district=station.district, name="Utanför", kind="other", latitude=70, longitude=17
    )
    lookups = _lookups(strangnas)
    accepted = refused = 0
    for row in _rows():
        quick, values = _outcome(tabular._row_values, row, lookups)
        model, incident = _outcome(tabular._incident, row, lookups)
        if quick == "ok":
            assert model == "ok", (row, incident)
            expected = {name: getattr(incident, name) for name in lookups.defaults}
            assert {**values, "public_ref": ""} == {**expected, "public_ref": ""}, row
            accepted += 1
        else:
            # The row as the import reports it: in the model's words, or accepted if only the quick way refused.
            outcome = _outcome(tabular._checked, row, lookups)
            assert outcome[0] == model and (model == "ok" or outcome[1] == incident), row
            refused += model == "refused"
    assert accepted > 50 and refused > 2000  # both ways are exercised


@pytest.mark.django_db
def test_a_row_shorter_than_the_header_is_a_row_problem_not_a_crash(strangnas, station):
    rows = tabular.read_rows(b"kategori;intraffade\nklotter\n", "kort.csv")
    with pytest.raises(tabular.TableError) as error:
        tabular.check_rows(rows, strangnas, Incident.Source.IMPORT)
    assert error.value.problems == ["rad 2: ogiltig tid '', skriv ÅÅÅÅ-MM-DD TT:MM"]


@pytest.mark.django_db
def test_an_imported_row_is_logged_as_the_object_would_be(strangnas, station, kommun):
    from accounts.services import creation, diff, field_values

    rows = [
        {"intraffade": "2025-06-03 21:30", "kategori": "klotter", "plats": station.name, "organisation": kommun.name},
        {"intraffade": "2025-03-30 02:30", "till": "2025-03-30 03:15", "kategori": "klotter", "latitud": "59,3743"},
    ]
    rows[1]["longitud"] = "17,0289"
    for values in tabular.check_rows(rows, strangnas, Incident.Source.IMPORT):
        assert creation(values) == diff({}, field_values(Incident(**values)))
        assert "occurred_at" in creation(values) and "latitude" in creation(values)


def test_public_references_use_every_symbol_in_every_position_evenly():
    from incidents.models import REF_ALPHABET, new_public_ref, valid_ref

    refs = [new_public_ref() for _ in range(32_000)]
    assert all(valid_ref(ref) for ref in refs) and len(set(refs)) == len(refs)
    for position in range(len(refs[0])):
        counts = [sum(ref[position] == symbol for ref in refs) for symbol in REF_ALPHABET]
        # 1,000 expected each; the bounds are over 6 standard deviations away.
        assert 800 < min(counts) and max(counts) < 1200, (position, counts)
