from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Municipality, User
from api import services
from api.models import ApiToken


class Command(BaseCommand):
    help = "Skapa (nyckeln visas en gång) eller återkalla en API-nyckel för en integration."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--user", required=True, help="integrationens konto (användarnamn)")
        create.add_argument("--municipality", required=True, help="kommunens kortnamn, t.ex. strangnas")
        create.add_argument("--name", required=True, help="vad integrationen är, t.ex. 'Ärendesystem'")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("id", type=int)
        sub.add_parser("list")

    def handle(self, *args, **options):
        if options["action"] == "create":
            user = User.objects.filter(username=options["user"]).first()
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if user is None or municipality is None:
                raise CommandError("Okänt konto eller kommun.")
            try:
                token, secret = services.create_token(
                    created_by=None, user=user, municipality=municipality, name=options["name"][:100]
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"Nyckel {token.pk} skapad. Spara den nu, den visas inte igen:\n{secret}")
        elif options["action"] == "revoke":
            token = ApiToken.objects.filter(pk=options["id"]).first()
            if token is None:
                raise CommandError("Ingen sådan nyckel.")
            services.revoke_token(revoked_by=None, token=token)
            self.stdout.write(f"Nyckel {token.pk} är återkallad.")
        else:
            for token in ApiToken.objects.select_related("user", "municipality"):
                state = "återkallad" if token.revoked_at else "aktiv"
                self.stdout.write(f"{token.pk}\t{token}\t{token.user}\t{token.municipality.slug}\t{state}")
