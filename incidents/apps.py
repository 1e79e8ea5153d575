from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "incidents"

    def ready(self) -> None:
        from jobs import schedule
        from notifications.tasks import register_builder
        from privacy.retention import register

        from . import notify, retention, tasks

        retention.register_plans(register)
        register_builder("report_received", notify.report_received)
        register_builder("report_updated", notify.report_updated)
        schedule.register(tasks.police_feed_job)
