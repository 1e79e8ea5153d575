from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldwork"
