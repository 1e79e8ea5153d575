import datetime
import gzip
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from incidents.models import PoliceEvent
from incidents.police_feed import FeedError, event_time_from_name, parse_event, parse_events, parse_published

# The project's own copies, so the tests pass without the shared data folder: the demo's archive and a fixture.
SODERMANLAND = Path(__file__).resolve().parents[1] / "data" / "polisen_events_sodermanland_2023-2026.json.gz"
RAW = Path(__file__).resolve().parent / "fixtures" / "polisen_events_raw_snapshot_2026-08-22.json.gz"


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


def test_an_event_just_after_new_year_published_in_the_hour_before_is_the_new_years():
    """Within the hour's grace across New Year: the event's own year, not a year earlier (parser version 2)."""
    occurred = event_time_from_name("01 januari 00.10, Brand, Strängnäs", parse_published("2025-12-31 23:30:00 +01:00"))
    assert occurred == datetime.datetime(2026, 1, 1, 0, 10, tzinfo=ZoneInfo("Europe/Stockholm"))


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
    # Strängnäs' events: those located there, and county-located ones whose name ends in Strängnäs.
    by_name = PoliceEvent.objects.filter(location_name="Södermanlands län", name__regex=r", Strängnäs\.?$")
    assert PoliceEvent.objects.filter(municipality_code="0486").count() == strangnas.count() + by_name.count()
    assert strangnas.count() > 0 and by_name.count() > 0


@pytest.mark.django_db
def test_raw_api_snapshot_imports():
    call_command("import_police_events", str(RAW))
    assert PoliceEvent.objects.count() == len({e["id"] for e in json.loads(gzip.decompress(RAW.read_bytes()))})


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


@pytest.mark.django_db
def test_county_located_events_count_in_the_municipality_their_name_ends_in():
    """Issue 10, part 4: since February 2026 the archive gives the county as location; 207 of the 419
    Södermanland events from then on name a municipality (the reference data's README says so)."""
    call_command("import_police_events", str(SODERMANLAND))
    since = PoliceEvent.objects.filter(published_at__gte="2026-02-01T00:00:00+01:00")
    assert since.count() == 419
    assert since.filter(location_name="Södermanlands län").count() == 419
    assert since.exclude(municipality_code="").count() == 207
    assert since.filter(is_county_level=True).count() == 419 - 207
    named = since.get(name__startswith="22 augusti 09.01, Brand, Eskilstuna")
    assert (named.municipality_code, named.is_county_level) == ("0484", False)


@pytest.mark.django_db
def test_the_migration_rederives_stored_events():
    import importlib

    from django.apps import apps

    call_command("import_police_events", str(SODERMANLAND))
    imported = list(PoliceEvent.objects.order_by("id").values_list("id", "municipality_code", "is_county_level"))
    PoliceEvent.objects.filter(location_name="Södermanlands län").update(municipality_code="", is_county_level=True)
    migration = importlib.import_module("incidents.migrations.0005_police_events_by_name")
    migration.rederive(apps, None)
    assert (
        list(PoliceEvent.objects.order_by("id").values_list("id", "municipality_code", "is_county_level")) == imported
    )
    assert PoliceEvent.objects.filter(location_name="Södermanlands län").exclude(municipality_code="").count() > 207


@pytest.mark.django_db
def test_a_reimport_compares_fingerprints_and_catches_every_edit(monkeypatch):
    from incidents import police_feed
    from incidents.services import upsert_police_events

    first = upsert_police_events(parse_events([_event()]))
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    assert upsert_police_events(parse_events([_event()])).unchanged == 1
    edited = upsert_police_events(parse_events([_event(summary="Uppdaterad: en person gripen.")]))
    assert edited.updated == 1 and PoliceEvent.objects.get().summary == "Uppdaterad: en person gripen."
    monkeypatch.setattr(police_feed, "PARSER_VERSION", police_feed.PARSER_VERSION + "+1")  # a changed parser rewrites
    assert upsert_police_events(parse_events([_event(summary="Uppdaterad: en person gripen.")])).updated == 1


def _wall_time_reference(name: str, published: datetime.datetime) -> datetime.datetime | None:
    """The rule written plainly with zoneinfo: the Stockholm wall time in the name, in the publication's local
    year or the one before, at most an hour (of wall time) after the publication."""
    stockholm = ZoneInfo("Europe/Stockholm")
    day, month_name, clock = name.split(",")[0].split(" ")
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober"]
    month = (months + ["november", "december"]).index(month_name) + 1
    hour, minute = (int(part) for part in clock.split("."))
    latest = published.astimezone(stockholm) + datetime.timedelta(hours=1)  # same tzinfo: wall-time arithmetic
    for year in (latest.year, latest.year - 1):
        candidate = datetime.datetime(year, month, int(day), hour, minute, tzinfo=stockholm)
        if candidate <= latest:
            return candidate.astimezone(datetime.UTC)
    return None


@pytest.mark.parametrize(
    "around",
    [
        datetime.datetime(2025, 3, 30, 1, tzinfo=datetime.UTC),  # 02:00 → 03:00
        datetime.datetime(2025, 10, 26, 1, tzinfo=datetime.UTC),  # 03:00 → 02:00
        datetime.datetime(2025, 12, 31, 23, tzinfo=datetime.UTC),  # new year in Stockholm
    ],
)
def test_event_time_agrees_with_zoneinfo_across_clock_changes_and_new_year(around):
    """The parser looks Stockholm's offset up once per hour; it must read every wall time as zoneinfo does,
    including the skipped and the repeated hour."""
    stockholm = ZoneInfo("Europe/Stockholm")
    for published_minutes in range(-180, 181, 10):
        published = around + datetime.timedelta(minutes=published_minutes)
        for event_minutes in range(-240, 121, 5):
            wall = (around + datetime.timedelta(minutes=event_minutes)).astimezone(stockholm)
            months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september"]
            month = (months + ["oktober", "november", "december"])[wall.month - 1]
            name = f"{wall.day:02d} {month} {wall.hour:02d}.{wall.minute:02d}, Brand, Strängnäs"
            assert event_time_from_name(name, published) == _wall_time_reference(name, published), (name, published)


def test_a_well_shaped_file_with_bad_values_names_every_bad_record(tmp_path):
    """The typed decoder's path, not only the plain-JSON one, lists every bad record."""
    from incidents.police_feed import load_events

    path = tmp_path / "values.json"
    bad_time, bad_gps = _event(id=900002, datetime="igår"), _event(id=900003, location={"name": "X", "gps": "a,b"})
    path.write_text(json.dumps([_event(id=900001), bad_time, bad_gps]))
    with pytest.raises(FeedError) as excinfo:
        load_events(str(path), 10_000_000)
    assert excinfo.value.problems == [
        "post 2 (id 900002): okänt tidsformat 'igår'",
        "post 3 (id 900003): ogiltiga koordinater 'a,b'",
    ]


def test_the_typed_and_the_plain_reading_give_the_same_events():
    from incidents.police_feed import load_events

    with gzip.open(SODERMANLAND) as f:
        plain = parse_events(json.load(f))
    assert load_events(str(SODERMANLAND), 100_000_000) == plain and len(plain) > 1000
