import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.permissions import EDITORS
from accounts.roles import READ
from accounts.selectors import municipalities_for
from notifications import mail

from .models import MIN_PEOPLE, Shift

AT_RISK_BEFORE = datetime.timedelta(hours=48)


def _with_counts(shifts: QuerySet[Shift]) -> QuerySet[Shift]:
    return shifts.select_related("plan", "organisation").annotate(signed_up=Count("signups"))


def shifts_for(user: User) -> QuerySet[Shift]:
    """A member sees only their association's shifts; coordinators and viewers their municipalities'."""
    if not user.may(READ):  # need to know: only what their own organisation does
        shifts = Shift.objects.filter(organisation=user.organisation_id)
    else:
        shifts = Shift.objects.filter(municipality__in=municipalities_for(user))
    return _with_counts(shifts)


def upcoming(shifts: QuerySet[Shift], now: datetime.datetime | None = None) -> QuerySet[Shift]:
    now = now or timezone.now()
    return shifts.filter(cancelled=False, ends_at__gte=now - datetime.timedelta(hours=12))


def at_risk(shifts: QuerySet[Shift], now: datetime.datetime | None = None) -> QuerySet[Shift]:
    """Fewer than two signed up, starting within 48 hours (``shifts`` as shifts_for gives them, or plain)."""
    now = now or timezone.now()
    if "signed_up" not in shifts.query.annotations:
        shifts = _with_counts(shifts)
    return shifts.filter(
        cancelled=False, starts_at__gt=now, starts_at__lte=now + AT_RISK_BEFORE, signed_up__lt=MIN_PEOPLE
    )


def is_at_risk(shift: Shift, now: datetime.datetime | None = None) -> bool:
    """The same test for one shift already fetched with its count (shifts_for)."""
    now = now or timezone.now()
    return not shift.cancelled and now < shift.starts_at <= now + AT_RISK_BEFORE and shift.signed_up < MIN_PEOPLE


def coordinators_to_warn(shift: Shift) -> QuerySet[User]:
    """The association's own coordinators and the municipality's, with an address and still active."""
    organisations = Organisation.objects.filter(
        Q(pk=shift.organisation_id) | Q(kind=Organisation.Kind.MUNICIPALITY, municipalities=shift.municipality_id)
    )
    return mail.reachable(User.objects.filter(organisation__in=organisations, role__in=EDITORS)).distinct()


def checked_out_signup(user: User, shift_pk: int):
    """The user's own signup to the shift once checked out (the walk may be logged); None for anything else."""
    return (
        user.shift_signups.filter(shift_id=shift_pk).exclude(checked_out_at=None).select_related("shift__plan").first()
    )
