"""Reads of field work, and the values of indicators bound to the logs (the roll-up is programme.rollup)."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import EDIT, READ
from accounts.selectors import municipalities_for
from cameras.models import CameraSite
from programme.models import Indicator
from programme.rollup import CENT, IndicatorRow, aggregate_months
from trygg.calendar import local_day_bounds

from .models import (
    ActivityLog,
    CaseCollaborationQuarter,
    DefectorMonthlyCount,
    IndicatorBinding,
    LogMeasure,
    PresencePlan,
)


def plans_for(user: User) -> QuerySet[PresencePlan]:
    """Coordinators and viewers see their municipalities' plans; a reporter (a volunteer, a school) only its
    own organisation's: need to know, so that nobody outside the police reads when and where it patrols."""
    plans = PresencePlan.objects.filter(municipality__in=municipalities_for(user))
    if not user.may(READ):  # need to know: only what their own organisation does
        plans = plans.filter(organisation=user.organisation_id)
    return plans.select_related("activity", "organisation")


def logs_for(user: User) -> QuerySet[ActivityLog]:
    """Coordinators and viewers see their municipalities' logs; reporters their organisation's."""
    logs = ActivityLog.objects.filter(municipality__in=municipalities_for(user))
    if not user.may(READ):  # need to know: only what their own organisation does
        logs = logs.filter(organisation=user.organisation_id)
    return logs.select_related("organisation", "municipality", "plan").prefetch_related("places")


OWN_LOG_EDIT_DAYS = 7


def can_change_log(
    user: User, log: ActivityLog, now: datetime.datetime | None = None, municipality_ids: set[int] | None = None
) -> bool:
    """A coordinator corrects any log of their municipalities at any time; anyone else only their own, for
    seven days after logging it (the figures of a closed month should not move long afterwards). A list
    passes the user's municipality ids, looked up once, instead of a query per row."""
    if user.may(EDIT):
        if municipality_ids is None:
            municipality_ids = set(municipalities_for(user).values_list("pk", flat=True))
        return log.municipality_id in municipality_ids
    now = now or timezone.now()
    return log.reported_by_id == user.pk and now - log.created_at <= datetime.timedelta(days=OWN_LOG_EDIT_DAYS)


def logs_for_binding(binding: IndicatorBinding, first: datetime.date, last: datetime.date) -> QuerySet[ActivityLog]:
    start, end = local_day_bounds(first, last)
    logs = ActivityLog.objects.filter(
        municipality=binding.indicator.municipality,
        log_type__in=binding.log_types,
        started_at__gte=start,
        started_at__lt=end,
    )
    places = list(binding.places.all())
    if places:
        # A subquery, not a join, so that a log at two bound places counts once.
        logs = logs.filter(pk__in=ActivityLog.objects.filter(places__in=places).values("pk"))
    return logs


def measure_logs(measure: str, rows: list[tuple]) -> Decimal:
    """Aggregate (started_at, ended_at, staff, youth, citizens, audience) rows by a measure."""

    def hours(row) -> Decimal:
        return Decimal((row[1] - row[0]).total_seconds()) / 3600

    per_row = {
        LogMeasure.OCCURRENCES: lambda row: 1,
        LogMeasure.HOURS: hours,
        LogMeasure.STAFF_HOURS: lambda row: hours(row) * row[2],
        LogMeasure.YOUTH_CONTACTS: lambda row: row[3],
        LogMeasure.CITIZEN_CONTACTS: lambda row: row[4],
        LogMeasure.ALL_CONTACTS: lambda row: row[3] + row[4],
        LogMeasure.AUDIENCE: lambda row: row[5] or 0,
    }[measure]
    return Decimal(sum((Decimal(per_row(row)) for row in rows), Decimal(0))).quantize(Decimal("0.01"))


def _month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def binding_value(binding: IndicatorBinding, first: datetime.date, last: datetime.date) -> Decimal:
    """The indicator's value over [first, last], combined as ``indicator.aggregation`` says."""
    aggregation = binding.indicator.aggregation
    if binding.measure == LogMeasure.CAMERA_SITES:  # a state, not a flow: the sites active at the period's end
        sites = CameraSite.objects.filter(municipality=binding.indicator.municipality)
        return Decimal(sum(site.is_active_on(last) for site in sites)).quantize(CENT)
    if binding.measure == LogMeasure.DEFECTOR_PEOPLE:
        counts = DefectorMonthlyCount.objects.filter(
            municipality=binding.indicator.municipality, month__gte=first.replace(day=1), month__lte=last
        ).values_list("month", "people_supported")
        return aggregate_months({month: Decimal(n) for month, n in counts}, aggregation)
    logs = logs_for_binding(binding, first, last)
    if aggregation == Indicator.Aggregation.DISTINCT:
        return Decimal(logs.values("places").exclude(places=None).distinct().count()).quantize(CENT)
    rows = list(
        logs.values_list("started_at", "ended_at", "staff_count", "youth_contacts", "citizen_contacts", "audience_size")
    )
    if aggregation == Indicator.Aggregation.SUM:
        return measure_logs(binding.measure, rows)
    by_month: dict[datetime.date, list] = {}
    for row in rows:
        by_month.setdefault(_month_of(row[0]), []).append(row)
    return aggregate_months({m: measure_logs(binding.measure, r) for m, r in by_month.items()}, aggregation)


PEOPLE_MEASURES = {LogMeasure.YOUTH_CONTACTS, LogMeasure.CITIZEN_CONTACTS, LogMeasure.ALL_CONTACTS, LogMeasure.AUDIENCE}


def binding_population(binding: IndicatorBinding, first: datetime.date, last: datetime.date) -> dict[str, int] | None:
    """The people a sum or mean counts, per record, for the ledger of published figures (privacy.ledger):
    the contacts or audience of each log, the defector programme's people of each month. None for the
    latest or highest month and for measures of the municipality's own work."""
    if binding.indicator.aggregation not in (Indicator.Aggregation.SUM, Indicator.Aggregation.AVERAGE):
        return None
    if binding.measure == LogMeasure.DEFECTOR_PEOPLE:
        counts = DefectorMonthlyCount.objects.filter(
            municipality=binding.indicator.municipality, month__gte=first.replace(day=1), month__lte=last
        ).values_list("month", "people_supported")
        return {f"defector:{month.isoformat()}": n for month, n in counts if n}
    if binding.measure not in PEOPLE_MEASURES:
        return None
    rows = logs_for_binding(binding, first, last).values_list(
        "pk", "started_at", "ended_at", "staff_count", "youth_contacts", "citizen_contacts", "audience_size"
    )
    people = {f"log:{pk}": int(measure_logs(binding.measure, [tuple(rest)])) for pk, *rest in rows}
    return {key: n for key, n in people.items() if n}


def planned_and_delivered(
    binding: IndicatorBinding, first: datetime.date, last: datetime.date, today: datetime.date
) -> tuple[int, int] | None:
    """Occurrences planned up to today for the indicator's activity, and logs delivered against those plans."""
    plans = list(PresencePlan.objects.filter(activity=binding.indicator.activity_id, log_type__in=binding.log_types))
    if not plans:
        return None
    until = min(last, today)
    planned = sum(len(plan.occurrences(first, until)) for plan in plans)
    delivered = logs_for_binding(binding, first, until).filter(plan__in=plans).count()
    return planned, delivered


def indicator_row(
    indicator: Indicator, first: datetime.date, last: datetime.date, today: datetime.date
) -> IndicatorRow | None:
    """The value source for indicators bound to the logs (settings.INDICATOR_VALUE_SOURCES)."""
    binding = getattr(indicator, "binding", None)
    if binding is None:
        return None
    pd = planned_and_delivered(binding, first, last, today)
    return IndicatorRow(
        indicator,
        computed=True,
        value=binding_value(binding, first, last),
        planned=pd[0] if pd else None,
        delivered=pd[1] if pd else None,
        source=str(_("Loggat arbete: %(measure)s") % {"measure": binding.get_measure_display()}),
        population=binding_population(binding, first, last),
    )


def log_binding(indicator: Indicator) -> IndicatorBinding:
    """The indicator's binding to the logs, or a new, unsaved one."""
    return IndicatorBinding.objects.filter(indicator=indicator).first() or IndicatorBinding(indicator=indicator)


def defector_counts_in(municipalities) -> QuerySet[DefectorMonthlyCount]:
    return DefectorMonthlyCount.objects.filter(municipality__in=municipalities).select_related("municipality")


def case_collaboration_in(municipalities) -> QuerySet[CaseCollaborationQuarter]:
    return CaseCollaborationQuarter.objects.filter(municipality__in=municipalities).select_related("municipality")
