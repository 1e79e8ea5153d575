import datetime

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Screening, suppression and retention: the rules about personal data, and the retention command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Integritet"

    def ready(self) -> None:
        from accounts import retention as audit_retention
        from jobs import retention as job_retention
        from jobs import schedule

        from . import retention, tasks

        # The base below privacy cannot register with it: privacy takes their plans itself.
        audit_retention.register_plans(retention.register)
        job_retention.register_plans(retention.register)
        schedule.register(schedule.Periodic("retention", tasks.nightly_retention, at=datetime.time(2, 30)))
