import gzip
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Återställer databasen från en säkerhetskopia (ersätter allt innehåll, i en transaktion)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Bekräfta att allt nuvarande innehåll ersätts.")

    def handle(self, file, yes, **options):
        if not yes:
            raise CommandError("Återställningen ersätter allt innehåll. Kör igen med --yes för att bekräfta.")
        raw = Path(file).read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        with tempfile.NamedTemporaryFile(suffix=".json-exact") as fixture:
            fixture.write(data)
            fixture.flush()
            # One transaction: a broken backup leaves the database as it was.
            with transaction.atomic():
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", fixture.name, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Databasen återställd från {file}."))
