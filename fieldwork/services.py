"""State changes of field work. Each function is one transaction."""

import datetime

from django.db import transaction

from accounts.models import User
from accounts.services import delete_audited, save_audited
from places.models import Place

from .models import (
    ActivityLog,
    CaseCollaborationQuarter,
    DefectorMonthlyCount,
    IndicatorBinding,
    PresencePlan,
)


@transaction.atomic
def log_activity(*, user: User, log: ActivityLog, places: list[Place]) -> ActivityLog:
    """Save a delivered shift. The municipality is that of its places; the organisation the reporter's."""
    log.reported_by = user
    log.organisation = user.organisation
    log.municipality = places[0].municipality
    log.full_clean()
    log.save()
    log.places.set(places)
    return log


@transaction.atomic
def update_log(*, user: User, log: ActivityLog, places: list[Place]) -> ActivityLog:
    """Correct a logged shift (audited; the free text is never copied into the log). Its municipality
    follows its places, as when it was logged; the reporter and organisation stay."""
    log.municipality = places[0].municipality
    save_audited(user=user, instance=log)
    log.places.set(places)
    return log


@transaction.atomic
def delete_log(*, user: User, log: ActivityLog) -> None:
    delete_audited(user=user, instance=log)


@transaction.atomic
def save_place(*, user: User, place: Place, expected_version: str | None = None) -> Place:
    return save_audited(user=user, instance=place, expected_version=expected_version)


@transaction.atomic
def save_plan(
    *, user: User, plan: PresencePlan, places: list[Place], expected_version: str | None = None
) -> PresencePlan:
    plan.municipality = plan.activity.municipality
    save_audited(user=user, instance=plan, expected_version=expected_version)
    plan.places.set(places)
    return plan


@transaction.atomic
def save_binding(*, user: User, binding: IndicatorBinding, places: list[Place]) -> IndicatorBinding:
    save_audited(user=user, instance=binding)
    binding.places.set(places)
    return binding


@transaction.atomic
def record_defector_count(
    *, user: User, municipality, month: datetime.date, people_supported: int, new_contacts: int
) -> DefectorMonthlyCount:
    """Create or replace the aggregated count of one month."""
    count = DefectorMonthlyCount.objects.filter(municipality=municipality, month=month).first()
    count = count or DefectorMonthlyCount(municipality=municipality, month=month)
    count.people_supported, count.new_contacts = people_supported, new_contacts
    return save_audited(user=user, instance=count)


def record_case_collaboration(*, user: User, **counts) -> CaseCollaborationQuarter:
    """Create or replace one quarter's aggregated counts of case collaboration."""
    key = {name: counts.pop(name) for name in ("municipality", "kind", "year", "quarter")}
    row = CaseCollaborationQuarter.objects.filter(**key).first() or CaseCollaborationQuarter(**key)
    for name, value in counts.items():
        setattr(row, name, value)
    return save_audited(user=user, instance=row)
