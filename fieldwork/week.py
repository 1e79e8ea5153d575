"""The week calendar: planned occurrences and delivered logs, day by day (ISO weeks, as Swedes count them)."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from trygg.calendar import iso_week, local_day_bounds, week_title

from .models import ActivityLog, PresencePlan


def week_view(monday: datetime.date, plans: QuerySet[PresencePlan], logs: QuerySet[ActivityLog]) -> dict:
    sunday = monday + datetime.timedelta(days=6)
    start, end = local_day_bounds(monday, sunday)
    planned = defaultdict(list)
    for plan in plans.filter(valid_from__lte=sunday, valid_to__gte=monday):
        for occurrence in plan.occurrences(monday, sunday):
            planned[occurrence.start.date()].append(occurrence)
    delivered = defaultdict(list)
    for log in logs.filter(started_at__gte=start, started_at__lt=end).order_by("started_at"):
        delivered[timezone.localdate(log.started_at)].append(log)
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    return {
        "monday": monday,
        "week_title": week_title(*monday.isocalendar()[:2]),
        "previous_week": iso_week(monday - datetime.timedelta(days=7)),
        "next_week": iso_week(monday + datetime.timedelta(days=7)),
        "days": [
            {"date": day, "planned": sorted(planned[day], key=lambda o: o.start), "logs": delivered[day]}
            for day in days
        ],
        "planned_total": sum(len(v) for v in planned.values()),
        "delivered_total": sum(len(v) for v in delivered.values()),
    }
