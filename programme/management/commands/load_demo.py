from django.core.management.base import BaseCommand

from fieldwork import demo as fieldwork_demo
from incidents import demo as incidents_demo
from programme import demo


class Command(BaseCommand):
    help = "Läser in Strängnäs demodata (idempotent: en andra körning skapar inget nytt)."

    def handle(self, *args, **options):
        demo.load()
        fieldwork_demo.load()
        incidents_demo.load()
        fieldwork_demo.publish_follow_ups()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata inläst. Logga in som 'samordnare', 'kommunpolis', 'eskilstuna', 'nattvandrare', "
                f"'lasare' eller 'admin' med lösenordet '{demo.DEMO_PASSWORD}'."
            )
        )
