import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from incidents.models import PoliceEvent
from incidents.police_feed import FeedError, event_time_from_name, parse_event, parse_events, parse_published

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SODERMANLAND = SHARED / "polisen_events_sodermanland_2023-2026.json"
RAW = SHARED / "polisen_events_raw_snapshot_2026-08-22.json"


def _event(**overrides) -> dict:
    event = {
        "id": 500001,
        "datetime": "2025-06-07 7:32:06 +02:00",
        "name": "07 juni 07.25, Misshandel, Strängnäs",
        "summary": "Bråk vid resecentrum.",
        "url": "/aktuellt/x",
        "type": "Misshandel",
        "location": {"name": "Strängnäs", "gps": "59.377452,17.032119"},
    }
    event.update(overrides)
    return event


def test_one_digit_hour_is_parsed():
    published = parse_published("2025-06-07 7:32:06 +02:00")
    assert published == datetime.datetime(2025, 6, 7, 5, 32, 6, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "name",
    [
        "07 juni 07.25, Misshandel, Strängnäs",
        "07 juni 07:25, Misshandel, Strängnäs",
        "7 juni 7.25, Misshandel, Strängnäs",
    ],
)
def test_event_time_comes_from_the_name(name):
    occurred = event_time_from_name(name, parse_published("2025-06-07 7:32:06 +02:00"))
    assert occurred == datetime.datetime(2025, 6, 7, 7, 25, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_event_time_published_in_january_about_december_is_last_year():
    occurred = event_time_from_name("31 december 23.50, Brand, Strängnäs", parse_published("2026-01-01 0:15:00 +01:00"))
    assert occurred.year == 2025


def test_parse_event_flags_and_municipality():
    event = parse_event(_event())
    assert (event.municipality_code, event.is_county_level, event.is_summary, event.occurred_at_from_name) == (
        "0486",
        False,
        False,
        True,
    )
    county = parse_event(
        _event(
            name="18 juni 07.55, Sammanfattning natt, Södermanlands län",
            type="Sammanfattning natt",
            location={"name": "Södermanlands län", "gps": "59.0,16.8"},
        )
    )
    assert (county.municipality_code, county.is_county_level, county.is_summary) == ("", True, True)


def test_name_without_time_falls_back_to_publication():
    event = parse_event(_event(name="Trafikkontroll, Strängnäs"))
    assert not event.occurred_at_from_name and event.occurred_at == event.published_at


@pytest.mark.django_db
def test_import_of_the_sodermanland_archive_is_idempotent(tmp_path):
    call_command("import_police_events", str(SODERMANLAND))
    count = PoliceEvent.objects.count()
    assert count == 2471
    snapshot = list(PoliceEvent.objects.order_by("id").values_list())
    call_command("import_police_events", str(SODERMANLAND))
    assert list(PoliceEvent.objects.order_by("id").values_list()) == snapshot
    # Municipality-level coordinates: every Strängnäs event shares the municipality's centre.
    strangnas = PoliceEvent.objects.filter(location_name="Strängnäs")
    assert set(strangnas.values_list("latitude", "longitude")) == {(59.377452, 17.032119)}
    assert PoliceEvent.objects.filter(municipality_code="0486").count() == strangnas.count() > 0


@pytest.mark.django_db
def test_raw_api_snapshot_imports():
    call_command("import_police_events", str(RAW))
    assert PoliceEvent.objects.count() == len({e["id"] for e in json.loads(RAW.read_text())})


@pytest.mark.django_db
def test_edited_event_is_updated_not_duplicated(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([_event()]))
    call_command("import_police_events", str(path))
    path.write_text(
        json.dumps([_event(type="Misshandel, grov", location={"name": "Eskilstuna", "gps": "59.37,16.51"})])
    )
    call_command("import_police_events", str(path))
    event = PoliceEvent.objects.get()
    assert (event.event_type, event.municipality_code) == ("Misshandel, grov", "0484")


@pytest.mark.django_db
def test_malformed_file_changes_nothing_and_names_the_record(tmp_path):
    call_command("import_police_events", str(SODERMANLAND))
    snapshot = list(PoliceEvent.objects.order_by("id").values_list())
    path = tmp_path / "bad.json"
    records = [_event(id=900001), _event(id=900002, datetime="igår"), _event(id=900003, location={"name": "X"})]
    path.write_text(json.dumps(records))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_police_events", str(path))
    message = str(excinfo.value)
    assert "post 2 (id 900002): okänt tidsformat 'igår'" in message
    assert "post 3 (id 900003): location saknar name eller gps" in message
    assert "inget har importerats" in message
    assert list(PoliceEvent.objects.order_by("id").values_list()) == snapshot


@pytest.mark.django_db
def test_not_json_changes_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[{")
    with pytest.raises(CommandError, match="Inget har importerats"):
        call_command("import_police_events", str(path))
    with pytest.raises(FeedError):
        parse_events({"id": 1})
    assert not PoliceEvent.objects.exists()


def test_nul_in_a_record_is_refused():
    with pytest.raises(FeedError, match="NUL"):
        parse_events([_event(summary="a\x00b")])
