"""Parsing and import of the Swedish police's open events feed (polisen.se/api/events).

Facts the parser handles (measured on the archive in ../shared/data):
- ``datetime`` is the publication time, often with a one-digit hour ("2025-06-07 7:32:06 +02:00").
- The event's own time is only in ``name`` ("07 juni 07.25, Misshandel, Strängnäs"), without a year.
- ``location.gps`` is the centre of the municipality or county, never the street.
- Events are edited after publication, so the import upserts by ``id``.
"""

import csv
import datetime
import gzip
import hashlib
import io
import json
import re
import urllib.request
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import msgspec

from trygg import collector
from trygg.bounds import EARLIEST_YEAR, LATEST_YEAR

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
_PUBLISHED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2}) ?([+-])(\d{2}):?(\d{2})$")
_NAME_TIME = re.compile(r"^(\d{1,2}) ([a-zåäö]+) (\d{1,2})[.:](\d{2}),")
_NAME_TIME_LONGEST = len("22 september 09.01,")  # the longest start that names a month
_GRACE = datetime.timedelta(hours=1)  # an event's own time may be this much after its publication
# Part of every fingerprint: raise it when parsing changes, so that the next import rewrites every event.
PARSER_VERSION = "2"  # 2: an event just after New Year, published in the hour before, gets its own year
_GPS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class FeedError(ValueError):
    """A malformed file: every problem found, by record."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:20])
        more = f"\n… och {len(problems) - 20} fel till" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} fel i filen, inget har importerats:\n{shown}{more}")


class ParsedEvent(NamedTuple):
    """One event as stored (a tuple: an import makes 85,000 of them, and a frozen dataclass took three times as
    long to build)."""

    id: int
    published_at: datetime.datetime
    occurred_at: datetime.datetime
    occurred_at_from_name: bool
    name: str
    summary: str
    url: str
    event_type: str
    location_name: str
    municipality_code: str
    is_county_level: bool
    is_summary: bool
    latitude: float
    longitude: float
    # A fingerprint of the feed's text the values come from: a re-import compares fingerprints only.
    digest: str

    def values(self) -> tuple:
        """In the order of FIELDS."""
        return self[1:-1]


FIELDS = [
    "published_at",
    "occurred_at",
    "occurred_at_from_name",
    "name",
    "summary",
    "url",
    "event_type",
    "location_name",
    "municipality_code",
    "is_county_level",
    "is_summary",
    "latitude",
    "longitude",
]


@lru_cache(maxsize=1)
def municipality_codes() -> dict[str, str]:
    """Municipality name -> SCB code (public reference data copied from ../shared/data)."""
    with open(Path(__file__).parent / "data" / "swedish_admin_areas.csv", encoding="utf-8") as f:
        return {row["municipality_name"]: row["municipality_code"] for row in csv.DictReader(f)}


def municipality_from_name(name: str) -> str:
    """The SCB code of the municipality an event's name ends in ("22 augusti 09.01, Brand, Eskilstuna"), or "".

    Since February 2026 the feed gives the county as location for such events; the name still says where.
    """
    last = name.rsplit(",", 1)[-1].strip().rstrip(".")
    return municipality_codes().get(last, "")


def place_of(location_name: str, name: str) -> tuple[str, bool]:
    """(municipality code, county level) of an event: the location's municipality, or for a county location
    the municipality its name ends in; county level only when neither names a municipality."""
    code = municipality_codes().get(location_name, "")
    if location_name.endswith(" län"):
        code = municipality_from_name(name)
        return code, code == ""
    return code, False


def parse_published(text: str) -> datetime.datetime:
    match = _PUBLISHED.match(text.strip())
    if not match:
        raise ValueError(f"okänt tidsformat {text!r}")
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        raise ValueError(f"tiden {text!r} ligger utanför år 1900–2999")
    try:
        local = datetime.datetime.fromisoformat(
            f"{year}-{month}-{day}T{hour:0>2}:{minute}:{second}{sign}{off_h}:{off_m}"
        )
        return local.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"ogiltig tid {text!r}") from None


# Stockholm's offset from UTC changes only on whole hours, so it is looked up once per hour (zoneinfo's
# conversions were a third of the parse time).
@lru_cache(maxsize=65536)
def _offset_at_utc_hour(year: int, month: int, day: int, hour: int) -> datetime.timedelta:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC).astimezone(STOCKHOLM).utcoffset()


@lru_cache(maxsize=65536)
def _offset_of_wall_hour(year: int, month: int, day: int, hour: int) -> datetime.timedelta:
    """As zoneinfo reads a wall time: the first of a repeated hour, the offset before a skipped one."""
    return datetime.datetime(year, month, day, hour, tzinfo=STOCKHOLM).utcoffset()


def event_time_from_name(name: str, published: datetime.datetime) -> datetime.datetime | None:
    """The event's own time from 'DD månad HH.MM, …', in the latest year that puts it at or before
    publication (compared as Stockholm wall times, with an hour's grace)."""
    match = _NAME_TIME.match(name.lstrip()[:_NAME_TIME_LONGEST].lower())  # only the start can match
    if match is None:
        return None
    day, month_name, hour, minute = match.groups()
    month = MONTHS.get(month_name)
    if month is None:
        return None
    day, hour, minute = int(day), int(hour), int(minute)
    utc = published.astimezone(datetime.UTC)
    latest = utc.replace(tzinfo=None) + _offset_at_utc_hour(utc.year, utc.month, utc.day, utc.hour) + _GRACE
    # The grace's year first: published 31 December 23.30, "01 januari 00.10" is the next year's.
    for year in (latest.year, latest.year - 1):
        try:
            candidate = datetime.datetime(year, month, day, hour, minute)
        except ValueError:
            return None
        # Events are published after they happen; a date after publication belongs to the year before.
        if candidate <= latest:
            return (candidate - _offset_of_wall_hour(year, month, day, hour)).replace(tzinfo=datetime.UTC)
    return None


def parse_event(record: dict) -> ParsedEvent:
    if not isinstance(record, dict):
        raise ValueError("posten är inte ett objekt")
    missing = [key for key in ("id", "datetime", "name", "type", "location") if key not in record]
    if missing:
        raise ValueError(f"saknar fälten {', '.join(missing)}")
    location = record["location"]
    if not isinstance(location, dict) or "name" not in location or "gps" not in location:
        raise ValueError("location saknar name eller gps")
    return _event(
        _latest_publication(),
        record["id"],
        str(record["datetime"]),
        str(record["name"]),
        str(record["type"]),
        str(location["name"] or ""),
        str(location["gps"]),
        str(record.get("summary") or ""),
        str(record.get("url") or ""),
    )


def _event(
    latest: datetime.datetime,
    event_id,
    published_text: str,
    name: str,
    event_type: str,
    location_name: str,
    gps_text: str,
    summary: str,
    url: str,
) -> ParsedEvent:
    if isinstance(event_id, bool) or not isinstance(event_id, int) or not 0 < event_id < 2**63:
        raise ValueError(f"ogiltigt id {event_id!r}")
    if not location_name:
        raise ValueError("location saknar name eller gps")
    latitude, longitude = _coordinates(gps_text)
    published = parse_published(published_text)
    if published > latest:
        raise ValueError(f"publiceringstiden {published_text!r} ligger i framtiden")
    if "\x00" in f"{name}{event_type}{location_name}{summary}{url}":  # no database stores NUL in text
        raise ValueError("posten innehåller NUL-tecken")
    digest = hashlib.blake2b(
        "\x1f".join([PARSER_VERSION, published_text, name, event_type, location_name, gps_text, summary, url]).encode(),
        digest_size=16,
    ).hexdigest()
    occurred = event_time_from_name(name, published)
    municipality_code, county_level = place_of(location_name, name)
    return ParsedEvent(
        event_id,
        published,
        occurred or published,
        occurred is not None,
        name[:300],
        summary,
        url[:500],
        event_type[:100],
        location_name[:100],
        municipality_code,
        county_level,
        event_type.startswith("Sammanfattning"),
        latitude,
        longitude,
        digest,
    )


@lru_cache(maxsize=4096)
def _coordinates(gps_text: str) -> tuple[float, float]:
    """(latitude, longitude) of the feed's "lat,lon" text: a few hundred distinct ones (municipality and
    county centres), so each is read once."""
    gps = _GPS.match(gps_text)
    if not gps:
        raise ValueError(f"ogiltiga koordinater {gps_text!r}")
    latitude, longitude = float(gps.group(1)), float(gps.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"koordinater utanför jorden {gps_text!r}")
    return latitude, longitude


def _latest_publication() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)


def parse_events(records: Iterable) -> list[ParsedEvent]:
    """Parse every record; raise FeedError listing all bad records. A later duplicate id wins."""
    if not isinstance(records, list):
        raise FeedError(["filen är inte en JSON-lista med händelser"])
    return _parse_all(records, parse_event, lambda record: record.get("id") if isinstance(record, dict) else None)


def _parse_all(records: list, parse_one: Callable, id_of: Callable) -> list[ParsedEvent]:
    parsed: dict[int, ParsedEvent] = {}
    problems = []
    for index, record in enumerate(records):
        try:
            event = parse_one(record)
        except ValueError as error:
            problems.append(f"post {index + 1} (id {id_of(record)}): {error}")
            continue
        parsed[event.id] = event
    if problems:
        raise FeedError(problems)
    return list(parsed.values())


class _Location(msgspec.Struct):
    name: str
    gps: str


class _Record(msgspec.Struct):
    """The shape of a well-formed feed record: msgspec checks it while it decodes, in C."""

    id: int
    datetime: str
    name: str
    type: str
    location: _Location
    summary: str | None = None
    url: str | None = None


_TYPED_FEED = msgspec.json.Decoder(list[_Record])


def _parse_typed(records: list[_Record]) -> list[ParsedEvent]:
    """As parse_events, for records whose shape the typed decoder has checked."""
    latest = _latest_publication()

    def parse_one(r: _Record) -> ParsedEvent:
        location = r.location
        return _event(
            latest, r.id, r.datetime, r.name, r.type, location.name, location.gps, r.summary or "", r.url or ""
        )

    return _parse_all(records, parse_one, lambda r: r.id)




def read_source(source: str, max_bytes: int) -> bytes:
    """A file's or URL's bytes, gunzipped; at most ``max_bytes`` (a bigger feed is refused, not cut)."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - the URL is the operator's
            data = response.read(max_bytes + 1)
    else:
        with open(source, "rb") as f:
            data = f.read(max_bytes + 1)
    if data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FeedError([f"{source} är större än {max_bytes // 1_000_000} MB."])
    return data


@collector.paused()
def load_events(source: str, max_bytes: int) -> list[ParsedEvent]:
    """Read and parse a feed; FeedError says every reason it cannot be imported.

    A well-formed feed is decoded straight into typed records (msgspec): no dict per record, and the shape
    is checked while decoding. A file of another shape is read again as plain JSON, so that every bad
    record is named, as the typed decoder stops at the first."""
    try:
        data = read_source(source, max_bytes)
    except (OSError, ValueError) as error:
        raise FeedError([f"Kunde inte läsa {source}: {error}. Inget har importerats."]) from error
    try:
        return _parse_typed(_TYPED_FEED.decode(data))
    except (msgspec.ValidationError, msgspec.DecodeError):
        pass
    try:
        records = json.loads(data)
    except ValueError as error:
        raise FeedError([f"Kunde inte läsa {source}: {error}. Inget har importerats."]) from error
    except RecursionError:
        raise FeedError(
            [f"{source} är för djupt nästlad för att vara polisens händelser. Inget har importerats."]
        ) from None
    return parse_events(records)
