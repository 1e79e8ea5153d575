import gzip
import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Sessions are throwaway; everything else is kept, with natural keys so a restore fits any empty database.
EXCLUDE = ["sessions"]
# Django's own JSON cuts datetimes to milliseconds and its XML strips whitespace: neither round-trips exactly.
FORMAT = "json-exact"


def dump() -> str:
    out = StringIO()
    call_command(
        "dumpdata",
        format=FORMAT,
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        indent=1,
        stdout=out,
        verbosity=0,
    )
    return out.getvalue()


class Command(BaseCommand):
    help = "Säkerhetskopierar hela databasen till en JSON-fil (gzip om filnamnet slutar på .gz)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        data = dump().encode()
        path = Path(file)
        write_private(path, gzip.compress(data) if path.suffix == ".gz" else data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopia skriven: {path} ({len(data):,} byte). Filen är läsbar bara för dig (0600): den "
                "innehåller lösenordshashar och tvåfaktornycklar. Förvara den som en hemlighet."
            )
        )


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read, also when it existed before with wider rights."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "wb") as f:
        f.write(data)
