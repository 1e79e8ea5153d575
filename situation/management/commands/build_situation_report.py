from django.core.management.base import BaseCommand, CommandError

from accounts.models import Municipality
from situation import services
from trygg.calendar import parse_iso_week


class Command(BaseCommand):
    help = "Beräknar veckans lägesbild (utkast; efter godkännande en ny version)."

    def add_arguments(self, parser):
        parser.add_argument("--week", required=True, help="ISO-vecka, t.ex. 2025-W23")
        parser.add_argument("--kommun", default=None, help="Kommunens kortnamn; utan: alla kommuner")

    def handle(self, week, kommun, **options):
        try:
            monday = parse_iso_week(week)
        except ValueError as error:
            raise CommandError(f"Ogiltig vecka {week!r}: skriv t.ex. 2025-W23.") from error
        municipalities = Municipality.objects.all()
        if kommun:
            municipalities = municipalities.filter(slug=kommun)
            if not municipalities.exists():
                raise CommandError(f"Okänd kommun {kommun!r}.")
        for municipality in municipalities:
            report = services.build_situation_report(user=None, municipality=municipality, monday=monday)
            self.stdout.write(
                self.style.SUCCESS(f"{report}: {sum(r['now'] for r in report.figures['by_category'])} händelser")
            )
