from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cameras"
    verbose_name = _("Kamerabevakning")

    def ready(self) -> None:
        from privacy.retention import register

        from . import retention

        retention.register_plans(register)
