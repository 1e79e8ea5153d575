from django.core.management.base import BaseCommand, CommandError

from accounts.models import Municipality
from public.models import Open311ApiKey


class Command(BaseCommand):
    help = "Skapar en Open311-nyckel för en kommun. Nyckeln visas en gång och sparas bara som hash."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kommun", required=True)

    def handle(self, name, kommun, **options):
        municipality = Municipality.objects.filter(slug=kommun).first()
        if municipality is None:
            raise CommandError(f"Okänd kommun {kommun!r}.")
        _, key = Open311ApiKey.issue(name, municipality)
        self.stdout.write(key)
