"""Retention: delete or anonymise what has passed its retention period.

Each app that holds personal data registers its plans here from its AppConfig.ready(): a record type, its
default period in days (configurable in settings.RETENTION_DAYS), and the records past a cutoff. Counts and
places are kept where they feed follow-ups; what identifies or describes is removed.

Plans run in the order they are registered: the apps' order in INSTALLED_APPS, then each app's own order,
so an app whose plans depend on each other registers them in the order they must run.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Plan:
    record_type: str
    default_days: int
    records: Callable[[datetime.datetime], QuerySet]  # what was created (or ended) before the cutoff
    anonymise: dict | None = None  # the fields blanked; None deletes the records

    @property
    def action(self) -> str:
        return "anonymised" if self.anonymise else "deleted"


@dataclass(frozen=True)
class Outcome:
    record_type: str
    action: str
    count: int


_plans: dict[str, Plan] = {}


def register(
    record_type: str,
    default_days: int,
    records: Callable[[datetime.datetime], QuerySet],
    anonymise: dict | None = None,
) -> None:
    """Registering a record type again replaces its plan and keeps its place in the order."""
    _plans[record_type] = Plan(record_type, default_days, records, anonymise)


def plans() -> list[Plan]:
    return list(_plans.values())


def days(record_type: str) -> int:
    defaults = {plan.record_type: plan.default_days for plan in _plans.values()}
    return {**defaults, **getattr(settings, "RETENTION_DAYS", {})}[record_type]


def _cutoff(record_type: str, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days(record_type))


@transaction.atomic
def apply(now: datetime.datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    now = now or timezone.now()
    outcomes = []
    for plan in plans():
        queryset = plan.records(_cutoff(plan.record_type, now))
        count = queryset.count()
        if count and not dry_run:
            queryset.update(**plan.anonymise) if plan.anonymise else queryset.delete()
        outcomes.append(Outcome(plan.record_type, plan.action, count))
    return outcomes
