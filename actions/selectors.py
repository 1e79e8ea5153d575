import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from accounts.permissions import EDITORS
from accounts.roles import EDIT, LOG, READ
from accounts.selectors import municipalities_for
from notifications import mail
from trygg.calendar import local_day_bounds

from .models import ActionItem

REMIND_BEFORE = datetime.timedelta(days=2)


def items_for(user: User) -> QuerySet[ActionItem]:
    """Readers see their municipalities' items; anyone else (a reporter) those of their organisation or
    given to them."""
    items = ActionItem.objects.select_related("owner", "assignee", "municipality")
    if user.may(READ):
        return items.filter(municipality__in=municipalities_for(user))
    return items.filter(Q(assignee=user.pk) | Q(owner=user.organisation_id))


def open_items(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return items.filter(status__in=ActionItem.OPEN_STATUSES)


def overdue(items: QuerySet[ActionItem], today: datetime.date | None = None) -> QuerySet[ActionItem]:
    return open_items(items).filter(due_on__lt=today or timezone.localdate())


def may_update(user: User, item: ActionItem) -> bool:
    """The person it is given to, anyone in the owner organisation who logs work, and the coordinators."""
    if user.pk == item.assignee_id:
        return True
    if user.may(EDIT):
        return municipalities_for(user).filter(pk=item.municipality_id).exists()
    return user.may(LOG) and user.organisation_id == item.owner_id


def organisations_in(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipalities=municipality)


def assignable(municipality: Municipality) -> QuerySet[User]:
    """Active users of the organisations serving the municipality, by organisation then name."""
    return (
        User.objects.filter(is_active=True, organisation__municipalities=municipality)
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name", "username")
        .distinct()
    )


def due_for_reminder(today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Open items due within two days (or already past due) whose owners have not been reminded."""
    today = today or timezone.localdate()
    return open_items(ActionItem.objects.filter(reminded_at=None, due_on__lte=today + REMIND_BEFORE))


def recipients(item: ActionItem) -> QuerySet[User]:
    """Who is told about an item: its person, or without one the owner organisation's coordinators."""
    if item.assignee_id:
        return mail.reachable(User.objects.filter(pk=item.assignee_id))
    return mail.reachable(User.objects.filter(organisation=item.owner_id, role__in=EDITORS))


def of_week(municipality: Municipality, monday: datetime.date) -> QuerySet[ActionItem]:
    """The items a weekly meeting goes through: those created, due or closed in the week from `monday`."""
    sunday = monday + datetime.timedelta(days=6)
    start, end = local_day_bounds(monday, sunday)
    return (
        ActionItem.objects.filter(municipality=municipality)
        .filter(
            Q(created_at__gte=start, created_at__lt=end)
            | Q(due_on__range=(monday, sunday))
            | Q(closed_at__gte=start, closed_at__lt=end)
        )
        .select_related("owner")
        .order_by("due_on", "id")
    )
