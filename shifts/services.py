"""State changes of volunteer shifts. Each function is one transaction; a full shift, a second signup
or a check-in at the wrong time is refused with ShiftError and changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_entry, record
from fieldwork.models import ActivityLog, PresencePlan
from fieldwork.services import log_activity
from places.models import Place

from .models import MAX_CAPACITY, MIN_PEOPLE, Shift, Signup

CHECK_IN_EARLY = datetime.timedelta(hours=1)
CHECK_OUT_LATE = datetime.timedelta(hours=6)
MAX_PUBLISH_DAYS = 92


class ShiftError(Exception):
    """Why the change was refused, in words for the member."""


@transaction.atomic
def publish(*, user: User, plan: PresencePlan, first: datetime.date, last: datetime.date, capacity: int) -> int:
    """The plan's occurrences from `first` to `last` as shifts; occurrences already published are left
    as they are. Returns how many were new."""
    if not MIN_PEOPLE <= capacity <= MAX_CAPACITY:
        raise ShiftError(
            _("Ett pass har plats för %(min)s–%(max)s personer.") % {"min": MIN_PEOPLE, "max": MAX_CAPACITY}
        )
    if last < first or (last - first).days > MAX_PUBLISH_DAYS:
        raise ShiftError(_("Välj en period på högst tre månader."))
    existing = set(Shift.objects.filter(plan=plan).values_list("starts_at", flat=True))
    new = [
        Shift(
            municipality=plan.municipality,
            organisation=plan.organisation,
            plan=plan,
            starts_at=occurrence.start,
            ends_at=occurrence.end,
            capacity=capacity,
        )
        for occurrence in plan.occurrences(first, last)
        if occurrence.start not in existing
    ]
    Shift.objects.bulk_create(new)
    if new:
        record(
            user=user,
            municipality=plan.municipality,
            action=AuditEntry.Action.CREATE,
            instance=plan,
            changes={"pass": [None, f"{len(new)} pass {first:%Y-%m-%d}–{last:%Y-%m-%d}"]},
        )
    return len(new)


def _locked(shift: Shift) -> Shift:
    return Shift.objects.select_for_update().select_related("plan").get(pk=shift.pk)


def is_member(user: User, shift: Shift) -> bool:
    return user.organisation_id is not None and user.organisation_id == shift.organisation_id


@transaction.atomic
def sign_up(*, user: User, shift: Shift) -> Signup:
    shift = _locked(shift)  # two members taking the last place one after the other, never both
    if not is_member(user, shift):
        raise ShiftError(_("Passet hör till en annan förening."))
    if shift.cancelled or shift.starts_at <= timezone.now():
        raise ShiftError(_("Passet går inte att anmäla sig till längre."))
    if shift.signups.filter(user=user).exists():
        raise ShiftError(_("Du är redan anmäld till passet."))
    if shift.signups.count() >= shift.capacity:
        raise ShiftError(_("Passet är fullt."))
    signup = Signup.objects.create(shift=shift, user=user)
    audit_entry(user=user, municipality=shift.municipality, action=AuditEntry.Action.CREATE, instance=signup).save()
    return signup


@transaction.atomic
def cancel(*, user: User, shift: Shift) -> None:
    shift = _locked(shift)
    signup = shift.signups.filter(user=user).first()
    if signup is None:
        raise ShiftError(_("Du är inte anmäld till passet."))
    if signup.checked_in_at:
        raise ShiftError(_("Du har redan checkat in; checka ut i stället."))
    record(user=user, municipality=shift.municipality, action=AuditEntry.Action.DELETE, instance=signup)
    signup.delete()
    if shift.signups.count() < MIN_PEOPLE:
        # Below two again: the coordinator is warned again if it is still so 48 hours before.
        Shift.objects.filter(pk=shift.pk).update(at_risk_warned_at=None)


def _own_signup(user: User, shift: Shift) -> Signup:
    signup = Signup.objects.select_for_update().filter(shift=shift, user=user).first()
    if signup is None:
        raise ShiftError(_("Du är inte anmäld till passet."))
    return signup


@transaction.atomic
def check_in(*, user: User, shift: Shift, now: datetime.datetime | None = None) -> Signup:
    now = now or timezone.now()
    signup = _own_signup(user, shift)
    if not shift.starts_at - CHECK_IN_EARLY <= now <= shift.ends_at:
        raise ShiftError(_("Du kan checka in från en timme före passet tills det slutar."))
    if signup.checked_in_at is None:
        signup.checked_in_at = now
        signup.save(update_fields=["checked_in_at"])
    return signup


@transaction.atomic
def check_out(*, user: User, shift: Shift, now: datetime.datetime | None = None) -> Signup:
    now = now or timezone.now()
    signup = _own_signup(user, shift)
    if signup.checked_in_at is None:
        raise ShiftError(_("Checka in först."))
    if now > shift.ends_at + CHECK_OUT_LATE:
        now = shift.ends_at  # forgot to check out: the shift's planned end, not the next morning
    if signup.checked_out_at is None:
        signup.checked_out_at = max(now, signup.checked_in_at)
        signup.save(update_fields=["checked_out_at"])
    return signup


def log_initial(signup: Signup) -> dict:
    """The log form's starting values after a check-out: the walk as it happened, with everyone who
    checked in counted; the walker adds contacts and observations."""
    shift = signup.shift
    checked_in = list(shift.signups.exclude(checked_in_at=None))
    started = min(s.checked_in_at for s in checked_in)
    ended = max(s.checked_out_at or signup.checked_out_at for s in checked_in)
    return {
        "plan": shift.plan,
        "log_type": shift.plan.log_type,
        "started_at": timezone.localtime(max(started, shift.starts_at - CHECK_IN_EARLY)).replace(tzinfo=None),
        "ended_at": timezone.localtime(ended).replace(tzinfo=None, second=0, microsecond=0),
        "places": list(shift.plan.places.all()),
        "staff_count": len(checked_in),
    }


@transaction.atomic
def log_walk(*, user: User, shift: Shift, log: ActivityLog, places: list[Place]) -> ActivityLog:
    """After check-out: the walk is saved as any field work log, and becomes the log of everyone who walked it."""
    log = log_activity(user=user, log=log, places=places)
    attach_log(shift=shift, log=log)
    return log


@transaction.atomic
def attach_log(*, shift: Shift, log: ActivityLog) -> None:
    """The walk's log is the log of everyone on the shift who checked in (one walk, one log)."""
    Signup.objects.filter(shift=shift, log=None).exclude(checked_in_at=None).update(log=log)
