import gzip
import json
import sys
import time
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from incidents import services
from incidents.police_feed import FeedError, parse_events


def read_source(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - the URL is the operator's
            data = response.read()
    else:
        with open(source, "rb") as f:
            data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


class Command(BaseCommand):
    help = "Importerar polisens öppna händelser (JSON, fil eller URL, även .gz). Upsert på id; allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Fil eller URL, t.ex. https://polisen.se/api/events")

    def handle(self, source, **options):
        started = time.perf_counter()
        try:
            records = json.loads(read_source(source))
        except (OSError, ValueError) as error:
            raise CommandError(f"Kunde inte läsa {source}: {error}. Inget har importerats.") from error
        except RecursionError:
            raise CommandError(
                f"{source} är för djupt nästlad för att vara polisens händelser. Inget har importerats."
            ) from None
        try:
            events = parse_events(records)
        except FeedError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"{len(events)} händelser tolkade, skriver …")
        result = services.upsert_police_events(events, progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart på {time.perf_counter() - started:.1f} s: {result.created} nya, {result.updated} ändrade, "
                f"{result.unchanged} oförändrade."
            )
        )

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stderr.write(f"  {stage}: {done}/{total}")
        sys.stderr.flush()
