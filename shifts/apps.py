import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShiftsConfig(AppConfig):
    name = "shifts"
    verbose_name = _("Pass för volontärer")

    def ready(self) -> None:
        from jobs import schedule
        from notifications.tasks import register_builder

        from . import notify, tasks

        register_builder("shift_at_risk", notify.shift_at_risk)
        hourly = datetime.timedelta(hours=1)
        schedule.register(schedule.Periodic("shifts_at_risk", tasks.warn_shifts_at_risk, every=hourly))
