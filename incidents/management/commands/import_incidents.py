from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Municipality
from incidents import services, tabular
from incidents.models import Incident


class Command(BaseCommand):
    help = "Importerar händelser från CSV eller XLSX (kolumner: se incidents/tabular.py). Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kommun", required=True, help="Kommunens kortnamn, t.ex. strangnas")

    def handle(self, file, kommun, **options):
        municipality = Municipality.objects.filter(slug=kommun).first()
        if municipality is None:
            raise CommandError(f"Okänd kommun {kommun!r}.")
        try:
            rows = tabular.read_rows(Path(file).read_bytes(), file)
            checked = tabular.check_rows(rows, municipality, Incident.Source.IMPORT)
        except OSError as error:
            raise CommandError(f"Kunde inte läsa {file}: {error}") from error
        except tabular.TableError as error:
            raise CommandError(str(error)) from error
        count = services.import_incidents(user=None, rows=checked)
        self.stdout.write(self.style.SUCCESS(f"{count} händelser importerade för granskning."))
