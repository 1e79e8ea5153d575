"""Coverage, gaps and suggestions for a week as JSON, for analysts."""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Municipality
from presence import selectors
from trygg.calendar import parse_iso_week


class Command(BaseCommand):
    help = "Närvaro mot händelser för en vecka: täckning, luckor och förslag som JSON."

    def add_arguments(self, parser):
        parser.add_argument("--kommun", required=True, help="Kommunens kortnamn, t.ex. strangnas")
        parser.add_argument("--week", required=True, help="Veckan att planera, ÅÅÅÅ-Vnn, t.ex. 2025-W23")
        parser.add_argument("--history-weeks", type=int, default=selectors.HISTORY_WEEKS)
        parser.add_argument("--radius", type=int, default=selectors.RADIUS_M, help="meter")
        parser.add_argument(
            "--categories", default=",".join(selectors.DEFAULT_CATEGORIES), help="kategorikoder, kommaseparerade"
        )

    def handle(self, kommun, week, history_weeks, radius, categories, **options):
        municipality = Municipality.objects.filter(slug=kommun).first()
        if municipality is None:
            raise CommandError(f"Okänd kommun {kommun!r}.")
        try:
            monday = parse_iso_week(week)
        except ValueError:
            raise CommandError(f"Ogiltig vecka {week!r}: skriv ÅÅÅÅ-Vnn, t.ex. 2025-W23.") from None
        low, high = selectors.HISTORY_BOUNDS
        if not low <= history_weeks <= high:
            raise CommandError(f"--history-weeks ska vara {low}–{high}.")
        low, high = selectors.RADIUS_BOUNDS
        if not low <= radius <= high:
            raise CommandError(f"--radius ska vara {low}–{high} meter.")
        codes = tuple(code.strip() for code in categories.split(",") if code.strip())
        params = selectors.Parameters(
            municipality, monday, history_weeks=history_weeks, radius_m=radius, categories=codes
        )
        self.stdout.write(json.dumps(selectors.gap_report(params), ensure_ascii=False, indent=2))
