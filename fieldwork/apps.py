from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldwork"

    def ready(self) -> None:
        from notifications.tasks import register_builder
        from privacy.retention import register

        from . import notify, retention

        retention.register_plans(register)
        register_builder("missing_log", notify.missing_log)
