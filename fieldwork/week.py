"""The week calendar: planned occurrences and delivered logs, day by day (ISO weeks, as Swedes count them)."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from .models import ActivityLog, PresencePlan
from .selectors import local_day_bounds


def parse_iso_week(text: str) -> datetime.date:
    """'2025-W23' -> the Monday of that ISO week. Raises ValueError for anything else."""
    year, _, number = text.upper().partition("-W")
    if not 1900 <= int(year) <= 2999:  # outside, neighbouring weeks would overflow the calendar
        raise ValueError(f"year out of range: {year}")
    return datetime.date.fromisocalendar(int(year), int(number), 1)


def iso_week_label(monday: datetime.date) -> str:
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


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
        "week_number": monday.isocalendar()[1],
        "week_year": monday.isocalendar()[0],
        "previous_week": iso_week_label(monday - datetime.timedelta(days=7)),
        "next_week": iso_week_label(monday + datetime.timedelta(days=7)),
        "days": [
            {"date": day, "planned": sorted(planned[day], key=lambda o: o.start), "logs": delivered[day]}
            for day in days
        ],
        "planned_total": sum(len(v) for v in planned.values()),
        "delivered_total": sum(len(v) for v in delivered.values()),
    }
