from django.core.management.base import BaseCommand, CommandError

from accounts.enrolment import VALID_FOR, issue_link
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Skapar en aktiveringslänk för tvåfaktor (t.ex. för den första administratören). "
        "Skicka den på annat sätt än lösenordet."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--base-url", default="", help="t.ex. https://trygg.strangnas.se")

    def handle(self, username, base_url, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Ingen användare {username!r}.")
        path = issue_link(user=user, created_by=None)
        hours = int(VALID_FOR.total_seconds() // 3600)
        self.stdout.write(f"Länken gäller i {hours} timmar och en gång:\n{base_url.rstrip('/')}{path}")
