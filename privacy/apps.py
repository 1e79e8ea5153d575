from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Screening, suppression and retention: the rules about personal data, and the retention command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Integritet"
