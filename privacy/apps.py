import datetime

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Screening, suppression and retention: the rules about personal data, and the retention command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Integritet"

    def ready(self) -> None:
        from jobs import schedule

        from . import tasks

        schedule.register(schedule.Periodic("retention", tasks.nightly_retention, at=datetime.time(2, 30)))
