from django.db import transaction

from accounts.models import AuditEntry, User
from accounts.services import record, save_audited
from programme.models import IndicatorValue

from .models import Survey, SurveyResult


@transaction.atomic
def import_survey(*, user: User, survey: Survey, results: list[SurveyResult]) -> Survey:
    """The survey and all its results, or nothing."""
    survey.imported_by = user
    save_audited(user=user, instance=survey)
    for result in results:
        result.survey = survey
    SurveyResult.objects.bulk_create(results)
    record(
        user=user,
        municipality=survey.municipality,
        action=AuditEntry.Action.CREATE,
        instance=survey,
        changes={"results": [None, len(results)]},
    )
    return survey


@transaction.atomic
def use_as_indicator_value(*, user: User, result: SurveyResult, indicator) -> IndicatorValue:
    """A survey share becomes a value of an outcome indicator, dated the last day of the survey's year."""
    import datetime

    value = IndicatorValue(
        indicator=indicator,
        measured_on=datetime.date(result.year, 12, 31),
        value=result.share,
        source=f"{result.survey.name}: {result.option} ({result.area}, {result.year}, n = {result.respondents})"[:200],
        entered_by=user,
    )
    return save_audited(user=user, instance=value)
