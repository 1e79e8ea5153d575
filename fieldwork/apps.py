from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldwork"

    def ready(self) -> None:
        from privacy.retention import register

        from . import retention

        retention.register_plans(register)
