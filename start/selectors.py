"""What each role sees first after logging in: a volunteer's shifts tonight, a coordinator's week with
what waits for them, a reader's overview. Reads only."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from accounts.selectors import municipalities_for
from actions.models import ActionItem
from actions.selectors import open_items, overdue
from fieldwork.models import ActivityLog, Occurrence
from fieldwork.selectors import plans_for
from incidents.models import Incident
from programme.models import FollowUp
from programme.selectors import promise_sets_for
from situation.models import SituationReport
from trygg.calendar import local_day_bounds


@dataclass
class Shift:
    """A planned occurrence and whether it has been logged against its plan."""

    occurrence: Occurrence
    logged: bool

    @property
    def plan(self):
        return self.occurrence.plan


def shifts_between(user: User, first: datetime.date, last: datetime.date) -> list[Shift]:
    """The occurrences of the plans the user may see, starting on a day in [first, last], in time order,
    each marked logged when a log against its plan started that day."""
    plans = list(plans_for(user).prefetch_related("places"))
    occurrences = sorted((o for plan in plans for o in plan.occurrences(first, last)), key=lambda o: o.start)
    start, end = local_day_bounds(first, last)
    logged = {
        (plan_id, timezone.localtime(started).date())
        for plan_id, started in ActivityLog.objects.filter(
            plan__in=plans, started_at__gte=start, started_at__lt=end
        ).values_list("plan_id", "started_at")
    }
    return [Shift(o, (o.plan.pk, o.start.date()) in logged) for o in occurrences]


def tonight(user: User, now: datetime.datetime | None = None) -> list[Shift]:
    """Today's shifts, and yesterday's that ran past midnight and ended less than twelve hours ago (a
    night walk is logged when one is home again)."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    shifts = shifts_between(user, today - datetime.timedelta(days=1), today)
    return [
        s for s in shifts if s.occurrence.start.date() == today or now - s.occurrence.end < datetime.timedelta(hours=12)
    ]


ITEMS_AHEAD = datetime.timedelta(days=14)


def my_items(user: User) -> list[ActionItem]:
    """The open items given to the user, soonest due first."""
    return list(open_items(ActionItem.objects.filter(assignee=user.pk)).select_related("owner")[:20])


@dataclass
class CoordinatorWeek:
    monday: datetime.date
    promise_sets: list
    to_review: list[tuple[str, str, int]]  # (municipality name, slug, new reports)
    draft_reports: list[SituationReport]
    draft_follow_ups: list[FollowUp]
    items_due: list[ActionItem]  # open, overdue or due within two weeks, most overdue first
    overdue: int
    planned: int
    logged: int


def coordinator_week(user: User, today: datetime.date | None = None) -> CoordinatorWeek:
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    municipalities = municipalities_for(user)
    to_review = (
        Incident.objects.filter(municipality__in=municipalities, status=Incident.Status.NEW)
        .values_list("municipality__name", "municipality__slug")
        .annotate(n=Count("id"))
        .order_by("municipality__name")
    )
    shifts = shifts_between(user, monday, min(today, monday + datetime.timedelta(days=6)))
    return CoordinatorWeek(
        monday=monday,
        promise_sets=list(promise_sets_for(user).select_related("municipality")),
        to_review=list(to_review),
        draft_reports=list(
            SituationReport.objects.filter(municipality__in=municipalities, status=SituationReport.Status.DRAFT)
            .select_related("municipality")
            .order_by("-year", "-week")[:10]
        ),
        draft_follow_ups=list(
            FollowUp.objects.filter(
                promise_set__municipality__in=municipalities, status=FollowUp.Status.DRAFT
            ).select_related("promise_set")[:10]
        ),
        items_due=list(
            open_items(ActionItem.objects.filter(municipality__in=municipalities, due_on__lte=today + ITEMS_AHEAD))
            .select_related("owner", "assignee")
            .order_by("due_on", "id")[:20]
        ),
        overdue=overdue(ActionItem.objects.filter(municipality__in=municipalities), today).count(),
        planned=len(shifts),
        logged=sum(shift.logged for shift in shifts),
    )


def overview(user: User) -> dict:
    """A reader's start: the published promises and the latest approved situation reports."""
    municipalities = municipalities_for(user)
    return {
        "promise_sets": list(promise_sets_for(user).select_related("municipality")),
        "reports": list(
            SituationReport.objects.filter(municipality__in=municipalities, status=SituationReport.Status.APPROVED)
            .select_related("municipality")
            .order_by("-year", "-week", "-version")[:5]
        ),
    }
