"""Background jobs of the weekly lägesbild (run by `manage.py run_worker`; apps.py puts the periodic one on
jobs.schedule)."""

import datetime

from django.utils import timezone
from django_tasks import task

from accounts.models import Municipality

from . import services


def last_week_monday(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=today.weekday() + 7)


@task()
def build_weekly_drafts() -> list[str]:
    """Monday morning: last week's situation report as a draft for every municipality, ready for the meeting."""
    monday = last_week_monday(timezone.localdate())
    return [
        str(services.build_situation_report(user=None, municipality=municipality, monday=monday))
        for municipality in Municipality.objects.all()
    ]


@task()
def recalculate_report(recalculation_pk: int) -> str:
    """A draft's figures computed again, asked for on its page (services.request_recalculation)."""
    return services.recalculate(recalculation_pk)
