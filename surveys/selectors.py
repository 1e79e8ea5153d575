from collections import defaultdict

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import Survey, SurveyResult


def surveys_for(user: User) -> QuerySet[Survey]:
    return Survey.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def trend_tables(results) -> list[dict]:
    """Per question and option: a row per area with the shown share per year (None when too few answered)."""
    years = sorted({r.year for r in results})
    tables: dict[tuple[str, str], dict[str, dict[int, SurveyResult]]] = defaultdict(lambda: defaultdict(dict))
    for r in results:
        tables[(r.question, r.option)][r.area][r.year] = r
    return [
        {
            "question": question,
            "option": option,
            "years": years,
            "rows": [
                {"area": area, "shares": [by_year[y].shown_share if y in by_year else None for y in years]}
                for area, by_year in sorted(areas.items())
            ],
        }
        for (question, option), areas in sorted(tables.items())
    ]


def municipality_trends(municipality, years: list[int]) -> list[dict]:
    results = SurveyResult.objects.filter(survey__municipality=municipality, year__in=years)
    return trend_tables(list(results))
