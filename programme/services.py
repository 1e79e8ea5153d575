"""State changes of the programme. Each function is one transaction and writes the audit log."""

from django.db import models, transaction
from django.utils import timezone

from accounts.models import AuditEntry, User
from accounts.services import delete_audited, record, save_audited
from privacy import ledger
from trygg.freezing import locked_unfrozen

from . import snapshot
from .models import FollowUp, IndicatorValue, Promise, PromiseSet, PromiseStatus
from .rollup import RollUp, roll_up, round_published_means


@transaction.atomic
def set_published(*, user: User | None, promise_set: PromiseSet, published: bool) -> PromiseSet:
    promise_set = PromiseSet.objects.select_for_update().get(pk=promise_set.pk)
    if promise_set.published == published:
        return promise_set
    promise_set.published = published
    promise_set.save(update_fields=["published"])
    record(
        user=user,
        municipality=promise_set.municipality,
        action=AuditEntry.Action.PUBLISH if published else AuditEntry.Action.UNPUBLISH,
        instance=promise_set,
        changes={"published": [not published, published]},
    )
    return promise_set


@transaction.atomic
def create_follow_up(*, user: User, follow_up: FollowUp) -> FollowUp:
    """A new draft with one status per promise (copied from the latest published version when there is one)."""
    previous = (
        FollowUp.objects.filter(promise_set=follow_up.promise_set, status=FollowUp.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )
    save_audited(user=user, instance=follow_up)
    earlier = {s.promise_id: s for s in previous.promise_statuses.all()} if previous else {}
    for promise in Promise.objects.filter(focus_area__promise_set=follow_up.promise_set):
        old = earlier.get(promise.pk)
        PromiseStatus.objects.create(
            follow_up=follow_up,
            promise=promise,
            status=old.status if old else PromiseStatus.Status.ONGOING,
            narrative=old.narrative if old else "",
        )
    return follow_up


def _withheld(follow_up: FollowUp, result: RollUp) -> set[int]:
    """The indicators whose values the public may not see exactly, as the ledger of published figures
    decides: those counting people or incidents whose records the source knows."""
    figures = {
        str(row.indicator.pk): row.population
        for *_, row in result.rows()
        if row.population is not None and not row.indicator.counts_own_work
    }
    decided = ledger.publish(
        municipality_id=follow_up.promise_set.municipality_id,
        publication=f"follow-up:{follow_up.pk}",
        figures=figures,
        period=(follow_up.period_start, follow_up.period_end),
    )
    return {int(pk) for pk, exact in decided.items() if not exact}


def _snapshot(follow_up: FollowUp) -> dict:
    result = round_published_means(roll_up(follow_up.promise_set, follow_up.period_start, follow_up.period_end))
    return snapshot.build(follow_up, result, _withheld(follow_up, result))


@transaction.atomic
def publish_follow_up(*, user: User, follow_up: FollowUp) -> FollowUp:
    """Freeze the follow-up: its figures are computed now and never change afterwards. Refused with Frozen
    when it already was."""
    follow_up = locked_unfrozen(follow_up)
    latest = FollowUp.objects.filter(promise_set=follow_up.promise_set, status=FollowUp.Status.PUBLISHED)
    follow_up.snapshot = _snapshot(follow_up)
    follow_up.version = (latest.aggregate(models.Max("version"))["version__max"] or 0) + 1
    follow_up.status, follow_up.published_at, follow_up.published_by = FollowUp.Status.PUBLISHED, timezone.now(), user
    follow_up.save()
    record(
        user=user,
        municipality=follow_up.municipality,
        action=AuditEntry.Action.PUBLISH,
        instance=follow_up,
        changes={"version": [None, follow_up.version]},
    )
    return follow_up


@transaction.atomic
def save_follow_up(*, user: User, follow_up: FollowUp, statuses: list[PromiseStatus]) -> FollowUp:
    """The draft and its promises' statuses; refused with Frozen once published."""
    locked_unfrozen(follow_up)
    save_audited(user=user, instance=follow_up)
    for status in statuses:
        save_audited(user=user, instance=status)
    return follow_up


@transaction.atomic
def enter_indicator_value(*, user: User, value: IndicatorValue) -> IndicatorValue:
    value.entered_by = user
    return save_audited(user=user, instance=value)


@transaction.atomic
def delete_indicator_value(*, user: User, value: IndicatorValue) -> None:
    delete_audited(user=user, instance=value)
