from django.core.management.base import BaseCommand

from demo import DEMO_PASSWORD, DEMO_USERS, load_all


class Command(BaseCommand):
    help = "Läser in Strängnäs demodata (idempotent: en andra körning skapar inget nytt)."

    def handle(self, *args, **options):
        load_all()
        users = ", ".join(f"'{name}'" for name in DEMO_USERS)
        self.stdout.write(
            self.style.SUCCESS(f"Demodata inläst. Logga in som {users} med lösenordet '{DEMO_PASSWORD}'.")
        )
