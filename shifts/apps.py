from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShiftsConfig(AppConfig):
    name = "shifts"
    verbose_name = _("Pass för volontärer")

    def ready(self) -> None:
        from notifications.tasks import register_builder

        from . import notify

        register_builder("shift_at_risk", notify.shift_at_risk)
