from collections import defaultdict

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for
from privacy.suppression import hidden_with_complements

from .models import MIN_RESPONDENTS, Survey, SurveyResult


def surveys_for(user: User) -> QuerySet[Survey]:
    return Survey.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def hidden_results(results) -> set[int]:
    """The results whose shares are hidden: where too few answered, and beside them, per question and year,
    as many other areas as it takes that a whole-municipality row gives no one area's share away. Every
    option of a question hides the same areas: the options' shares add up to the whole."""
    areas: dict[tuple, dict[str, int]] = defaultdict(dict)
    for r in results:
        sizes = areas[(r.survey_id, r.question, r.year)]
        sizes[r.area] = min(sizes.get(r.area, r.respondents), r.respondents)
    hidden = {
        (*group, area)
        for group, sizes in areas.items()
        for area in hidden_with_complements(sizes, MIN_RESPONDENTS, whole_inside=True)
    }
    return {r.pk for r in results if (r.survey_id, r.question, r.year, r.area) in hidden}


def shown_results(survey: Survey) -> QuerySet[SurveyResult]:
    """The survey's results whose shares may be shown (and so become a public indicator's value)."""
    results = list(survey.results.all())
    return survey.results.exclude(pk__in=hidden_results(results))


def trend_tables(results) -> list[dict]:
    """Per question and option: a row per area with the shown share per year (None when hidden)."""
    hidden = hidden_results(results)
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
                {
                    "area": area,
                    "shares": [
                        None if y not in by_year or by_year[y].pk in hidden else by_year[y].share for y in years
                    ],
                }
                for area, by_year in sorted(areas.items())
            ],
        }
        for (question, option), areas in sorted(tables.items())
    ]


def municipality_trends(municipality, years: list[int]) -> list[dict]:
    results = SurveyResult.objects.filter(survey__municipality=municipality, year__in=years)
    return trend_tables(list(results))
