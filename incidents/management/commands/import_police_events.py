import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents import services
from incidents.police_feed import FeedError, load_events


class Command(BaseCommand):
    help = "Importerar polisens öppna händelser (JSON, fil eller URL, även .gz). Upsert på id; allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Fil eller URL, t.ex. https://polisen.se/api/events")

    def handle(self, source, **options):
        started = time.perf_counter()
        try:
            events = load_events(source, settings.IMPORT_MAX_UNCOMPRESSED_BYTES)
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
