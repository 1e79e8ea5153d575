import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "situation"
    verbose_name = _("Veckans lägesbild")

    def ready(self) -> None:
        from jobs import schedule

        from . import tasks

        monday_morning = {"at": datetime.time(6, 0), "weekday": 1}
        schedule.register(schedule.Periodic("weekly_drafts", tasks.build_weekly_drafts, **monday_morning))
