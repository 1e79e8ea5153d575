import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from notifications import mail
from notifications.tasks import notify

from .models import ActivityLog, PresencePlan


def _reporters(plan: PresencePlan):
    """Who logs the organisation's shifts: its reporters, else its coordinators; those with an address."""
    users = mail.reachable(User.objects.filter(organisation=plan.organisation_id))
    reporters = users.filter(role=User.Role.REPORTER)
    return reporters if reporters.exists() else users.filter(role=User.Role.COORDINATOR)


def unlogged_occurrences(day: datetime.date) -> list:
    """The day's planned occurrences with no log of their plan starting that day."""
    plans = PresencePlan.objects.filter(valid_from__lte=day, valid_to__gte=day).select_related("organisation")
    logged = set(ActivityLog.objects.filter(plan__in=plans, started_at__date=day).values_list("plan_id", flat=True))
    return [o for plan in plans if plan.pk not in logged for o in plan.occurrences(day, day)]


@task()
@transaction.atomic
def remind_missing_logs() -> int:
    """Every morning: yesterday's planned shifts that nobody logged are sent to their organisation's reporters."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    sent = 0
    for occurrence in unlogged_occurrences(yesterday):
        for user in _reporters(occurrence.plan):
            notify("missing_log", occurrence.plan.pk, yesterday.toordinal(), user.pk)
            sent += 1
    return sent
