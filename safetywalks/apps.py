from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetywalksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safetywalks"
    verbose_name = _("Trygghetsvandringar")
