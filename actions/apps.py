import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Åtgärdspunkter")

    def ready(self):
        from jobs import schedule
        from notifications.tasks import register_builder
        from safetywalks.services import finding_saved
        from situation.services import new_version

        from . import notify, tasks
        from .services import carry_decisions, follow_finding

        new_version.connect(carry_decisions, dispatch_uid="actions.carry_decisions")
        finding_saved.connect(follow_finding, dispatch_uid="actions.follow_finding")
        register_builder("item_assigned", notify.item_assigned)
        register_builder("item_due", notify.item_due)
        schedule.register(schedule.Periodic("item_reminders", tasks.remind_items_due, at=datetime.time(7, 5)))
