from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require
from accounts.roles import EDIT, READ
from accounts.selectors import municipality_for
from trygg.tables import TableError

from . import importer, selectors, services
from .forms import IndicatorValueFromSurveyForm, SurveyImportForm
from .models import MIN_RESPONDENTS


@login_required
def survey_list(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        require(request, EDIT)
        if form.is_valid():
            survey = form.save(commit=False)
            survey.municipality = municipality
            upload = form.cleaned_data["file"]
            try:
                results = importer.build_results(upload.read(), upload.name, survey)
            except TableError as error:
                problems = error.problems
            else:
                services.import_survey(user=request.user, survey=survey, results=results)
                messages.success(request, _("%(n)s resultat importerade.") % {"n": len(results)})
                return redirect("surveys:detail", pk=survey.pk)
    context = {
        "municipality": municipality,
        "surveys": selectors.surveys_for(request.user).filter(municipality=municipality),
        "form": form,
        "problems": problems,
        "columns": importer.COLUMN_HELP,
        "min_respondents": MIN_RESPONDENTS,
    }
    status = 400 if form.errors or problems else 200
    return render(request, "surveys/list.html", context, status=status)


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    survey = get_object_or_404(selectors.surveys_for(request.user), pk=pk)
    context = {
        "survey": survey,
        "municipality": survey.municipality,
        "tables": selectors.trend_tables(list(survey.results.all())),
        "min_respondents": MIN_RESPONDENTS,
        "value_form": IndicatorValueFromSurveyForm(survey=survey) if request.user.may(EDIT) else None,
    }
    return render(request, "surveys/detail.html", context)


@login_required
@require_POST
def use_as_indicator_value(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    survey = get_object_or_404(selectors.surveys_for(request.user), pk=pk)
    form = IndicatorValueFromSurveyForm(request.POST, survey=survey)
    if form.is_valid():
        services.use_as_indicator_value(
            user=request.user, result=form.cleaned_data["result"], indicator=form.cleaned_data["indicator"]
        )
        messages.success(request, _("Värdet är sparat på indikatorn."))
    else:
        messages.error(request, _("Inget sparades: välj ett resultat och en effektindikator."))
    return redirect("surveys:detail", pk=survey.pk)
