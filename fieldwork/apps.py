import datetime

from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldwork"

    def ready(self) -> None:
        from jobs import schedule
        from notifications.tasks import register_builder
        from privacy.retention import register

        from . import notify, retention, tasks

        retention.register_plans(register)
        register_builder("missing_log", notify.missing_log)
        schedule.register(schedule.Periodic("reporter_reminders", tasks.remind_missing_logs, at=datetime.time(7, 0)))
