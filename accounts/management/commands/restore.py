import gzip
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        json.loads(data)  # a truncated file fails here, before anything is touched
    except OSError as error:
        raise CommandError(f"Kunde inte läsa {path}: {error.strerror}.") from None
    except (EOFError, gzip.BadGzipFile, ValueError):
        raise CommandError(
            f"{path} är avkortad eller skadad och kan inte återställas. Databasen är oförändrad."
        ) from None
    return data


class Command(BaseCommand):
    help = "Återställer databasen från en säkerhetskopia (ersätter allt innehåll, i en transaktion)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Bekräfta att allt nuvarande innehåll ersätts.")

    def handle(self, file, yes, **options):
        if not yes:
            raise CommandError("Återställningen ersätter allt innehåll. Kör igen med --yes för att bekräfta.")
        data = _read(Path(file))
        with tempfile.NamedTemporaryFile(suffix=".json-exact") as fixture:
            fixture.write(data)
            fixture.flush()
            # One transaction: a broken backup leaves the database as it was.
            try:
                with transaction.atomic():
                    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                    call_command("loaddata", fixture.name, verbosity=0)
            except (DeserializationError, DatabaseError, ValueError) as error:
                raise CommandError(
                    f"{file} är ingen hel säkerhetskopia ({str(error).splitlines()[0][:200]}). Databasen är oförändrad."
                ) from None
        self.stdout.write(self.style.SUCCESS(f"Databasen återställd från {file}."))
