from django.core.management.base import BaseCommand

from privacy import retention


class Command(BaseCommand):
    help = "Raderar eller avidentifierar det som passerat sin lagringstid (settings.RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Visa vad som skulle hända, ändra inget.")

    def handle(self, dry_run, **options):
        for outcome in retention.apply(dry_run=dry_run):
            verb = {
                "deleted": "raderas" if dry_run else "raderade",
                "anonymised": "avidentifieras" if dry_run else "avidentifierade",
            }
            period = retention.days(outcome.record_type)
            self.stdout.write(f"{outcome.record_type} ({period} dagar): {outcome.count} {verb[outcome.action]}")
