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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

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
# Part of every fingerprint: raise it when parsing changes, so that the next import rewrites every event.
PARSER_VERSION = "1"
_GPS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class FeedError(ValueError):
    """A malformed file: every problem found, by record."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:20])
        more = f"\n… och {len(problems) - 20} fel till" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} fel i filen, inget har importerats:\n{shown}{more}")


@dataclass(frozen=True)
class ParsedEvent:
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
        return (
            self.published_at,
            self.occurred_at,
            self.occurred_at_from_name,
            self.name,
            self.summary,
            self.url,
            self.event_type,
            self.location_name,
            self.municipality_code,
            self.is_county_level,
            self.is_summary,
            self.latitude,
            self.longitude,
        )


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
    offset = datetime.timedelta(hours=int(off_h), minutes=int(off_m)) * (1 if sign == "+" else -1)
    if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        raise ValueError(f"tiden {text!r} ligger utanför år 1900–2999")
    try:
        naive_utc = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second)) - offset
    except (ValueError, OverflowError):
        raise ValueError(f"ogiltig tid {text!r}") from None
    return naive_utc.replace(tzinfo=datetime.UTC)


def event_time_from_name(name: str, published: datetime.datetime) -> datetime.datetime | None:
    """The event's own time from 'DD månad HH.MM, …', in the year that puts it at or before publication."""
    match = _NAME_TIME.match(name.strip().lower())
    if not match or match.group(2) not in MONTHS:
        return None
    day, month, hour, minute = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3)), int(match.group(4))
    local_published = published.astimezone(STOCKHOLM)
    for year in (local_published.year, local_published.year - 1):
        try:
            candidate = datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)
        except ValueError:
            return None
        # Events are published after they happen; a date after publication belongs to the year before.
        if candidate <= local_published + datetime.timedelta(hours=1):
            # In UTC: a wall time in the autumn's repeated hour never compares equal across time zones (PEP 495).
            return candidate.astimezone(datetime.UTC)
    return None


def parse_event(record: dict) -> ParsedEvent:
    if not isinstance(record, dict):
        raise ValueError("posten är inte ett objekt")
    missing = [key for key in ("id", "datetime", "name", "type", "location") if key not in record]
    if missing:
        raise ValueError(f"saknar fälten {', '.join(missing)}")
    event_id = record["id"]
    if isinstance(event_id, bool) or not isinstance(event_id, int) or not 0 < event_id < 2**63:
        raise ValueError(f"ogiltigt id {event_id!r}")
    location = record["location"]
    if not isinstance(location, dict) or not location.get("name") or "gps" not in location:
        raise ValueError("location saknar name eller gps")
    gps = _GPS.match(str(location["gps"]))
    if not gps:
        raise ValueError(f"ogiltiga koordinater {location['gps']!r}")
    latitude, longitude = float(gps.group(1)), float(gps.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"koordinater utanför jorden {location['gps']!r}")
    published = parse_published(str(record["datetime"]))
    if published > datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1):
        raise ValueError(f"publiceringstiden {record['datetime']!r} ligger i framtiden")
    name, event_type, location_name = str(record["name"]), str(record["type"]), str(location["name"])
    summary, url = str(record.get("summary") or ""), str(record.get("url") or "")
    if "\x00" in f"{name}{event_type}{location_name}{summary}{url}":  # no database stores NUL in text
        raise ValueError("posten innehåller NUL-tecken")
    digest = hashlib.blake2b(
        "\x1f".join(
            [
                PARSER_VERSION,
                str(record["datetime"]),
                name,
                event_type,
                location_name,
                str(location["gps"]),
                summary,
                url,
            ]
        ).encode(),
        digest_size=16,
    ).hexdigest()
    occurred = event_time_from_name(name, published)
    municipality_code, county_level = place_of(location_name, name)
    return ParsedEvent(
        id=event_id,
        published_at=published,
        occurred_at=occurred or published,
        occurred_at_from_name=occurred is not None,
        name=name[:300],
        summary=summary,
        url=url[:500],
        event_type=event_type[:100],
        location_name=location_name[:100],
        municipality_code=municipality_code,
        is_county_level=county_level,
        is_summary=event_type.startswith("Sammanfattning"),
        latitude=latitude,
        longitude=longitude,
        digest=digest,
    )


def parse_events(records: Iterable) -> list[ParsedEvent]:
    """Parse every record; raise FeedError listing all bad records. A later duplicate id wins."""
    if not isinstance(records, list):
        raise FeedError(["filen är inte en JSON-lista med händelser"])
    parsed: dict[int, ParsedEvent] = {}
    problems = []
    for index, record in enumerate(records):
        try:
            event = parse_event(record)
        except ValueError as error:
            record_id = record.get("id") if isinstance(record, dict) else None
            problems.append(f"post {index + 1} (id {record_id}): {error}")
            continue
        parsed[event.id] = event
    if problems:
        raise FeedError(problems)
    return list(parsed.values())


ProgressCallback = Callable[[str, int, int], None]


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


def load_events(source: str, max_bytes: int) -> list[ParsedEvent]:
    """Read and parse a feed; FeedError says every reason it cannot be imported."""
    try:
        records = json.loads(read_source(source, max_bytes))
    except (OSError, ValueError) as error:
        raise FeedError([f"Kunde inte läsa {source}: {error}. Inget har importerats."]) from error
    except RecursionError:
        raise FeedError(
            [f"{source} är för djupt nästlad för att vara polisens händelser. Inget har importerats."]
        ) from None
    return parse_events(records)
