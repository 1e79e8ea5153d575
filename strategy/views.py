from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import form_page, render_form, require
from accounts.roles import EDIT, READ
from accounts.selectors import municipality_for
from accounts.services import save_form_audited
from programme.selectors import promises_for
from trygg.freezing import Frozen

from . import exports, selectors, services
from .forms import ActionPlanForm, AssessmentForm, MeasureForm, ProblemForm, SectionTextFormSet


@login_required
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    context = {
        "municipality": municipality,
        "assessments": selectors.assessments_for(request.user).filter(municipality=municipality),
        "problems": selectors.problems_for(request.user).filter(municipality=municipality).prefetch_related("measures"),
        "plans": selectors.plans_for(request.user)
        .filter(municipality=municipality)
        .prefetch_related("measures__owner", "measures__problems"),
    }
    return render(request, "strategy/overview.html", context)


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    problem = get_object_or_404(selectors.problems_for(request.user), pk=pk)
    context = {"problem": problem, "municipality": problem.municipality, "chains": selectors.problem_chain(problem)}
    return render(request, "strategy/problem_detail.html", context)


@login_required
def problem_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    problem = get_object_or_404(selectors.problems_for(request.user), pk=pk) if pk else None
    municipality = problem.municipality if problem else municipality_for(request.user, municipality)
    form = ProblemForm(request.POST or None, instance=problem, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": problem, "kind": _("problem")}
    return form_page(
        request,
        "strategy/form.html",
        context,
        form,
        lambda: save_form_audited(user=request.user, form=form),
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    measures = plan.measures.select_related("owner", "responsible").prefetch_related("problems", "promises")
    return render(
        request, "strategy/plan_detail.html", {"plan": plan, "municipality": plan.municipality, "measures": measures}
    )


@login_required
def plan_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk) if pk else None
    municipality = plan.municipality if plan else municipality_for(request.user, municipality)
    form = ActionPlanForm(request.POST or None, instance=plan, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": plan, "kind": _("åtgärdsplan")}
    return form_page(
        request,
        "strategy/form.html",
        context,
        form,
        lambda: save_form_audited(user=request.user, form=form),
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    measure = get_object_or_404(selectors.measures_for(request.user), pk=pk)
    context = {**selectors.measure_chain(measure), "municipality": measure.plan.municipality}
    return render(request, "strategy/measure_detail.html", context)


@login_required
def measure_edit(request: HttpRequest, plan_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    measure = get_object_or_404(selectors.measures_for(request.user), pk=pk) if pk else None
    plan = measure.plan if measure else get_object_or_404(selectors.plans_for(request.user), pk=plan_pk)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan)
    context = {"form": form, "municipality": plan.municipality, "instance": measure, "kind": _("åtgärd"), "plan": plan}
    return form_page(
        request,
        "strategy/form.html",
        context,
        form,
        lambda: save_form_audited(user=request.user, form=form),
    )


@login_required
def promise_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """From a promise to its measure, the problem and cause it answers, indicators, work and evaluations."""
    require(request, READ)
    promise = get_object_or_404(
        promises_for(request.user).select_related("focus_area__promise_set__municipality"), pk=pk
    )
    context = {**selectors.promise_chain(promise), "municipality": promise.focus_area.promise_set.municipality}
    return render(request, "strategy/promise_chain.html", context)


def _sections(assessment) -> list:
    return [(section, exports.section_tables(section)) for section in exports.ordered_sections(assessment)]


@login_required
def assessment_create(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = municipality_for(request.user, municipality)
    form = AssessmentForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        assessment = services.create_assessment(user=request.user, form=form)
        messages.success(request, _("Lägesbilden är skapad med siffror ur Trygg. Skriv analysen i varje avsnitt."))
        return redirect(assessment)
    context = {"form": form, "municipality": municipality, "kind": _("strategisk lägesbild")}
    return render_form(request, "strategy/form.html", context, form)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    context = {
        "assessment": assessment,
        "municipality": assessment.municipality,
        "sections": _sections(assessment),
        "found": selectors.problems_for(request.user).filter(found_in__assessment=assessment),
        "can_edit": request.user.may(EDIT) and not assessment.is_frozen,
        "has_next": hasattr(assessment, "next_version"),
    }
    return render(request, "strategy/assessment_detail.html", context)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    if assessment.is_frozen:
        messages.error(request, assessment.frozen_message)
        return redirect(assessment)
    form = AssessmentForm(request.POST or None, instance=assessment, municipality=assessment.municipality)
    formset = SectionTextFormSet(request.POST or None, queryset=assessment.sections.all())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_assessment_texts(user=request.user, form=form, formset=formset)
        except Frozen as frozen:  # approved meanwhile, by someone else
            messages.error(request, frozen.message)
        else:
            messages.success(request, _("Ändringen är sparad."))
        return redirect(assessment)
    context = {"form": form, "formset": formset, "assessment": assessment, "municipality": assessment.municipality}
    status = 400 if request.method == "POST" else 200
    return render(request, "strategy/assessment_form.html", context, status=status)


@login_required
@require_POST
def assessment_rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    with suppress(Frozen):  # an approved lägesbild keeps the figures it was approved with; its page says so
        services.rebuild_sections(assessment=assessment)
        messages.success(request, _("Siffrorna är hämtade på nytt."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    if request.POST.get("bekraftad") != "1":
        messages.error(request, _("Bekräfta att lägesbilden ska godkännas och låsas."))
    else:
        with suppress(Frozen):  # approved already (perhaps a moment ago): its page shows it approved
            services.approve_assessment(user=request.user, assessment=assessment)
            messages.success(request, _("Lägesbilden är godkänd och låst."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    copy = services.new_version(user=request.user, assessment=assessment)
    if copy.pk != assessment.pk:
        messages.success(request, _("En ny version är skapad med dagens siffror. Den godkända versionen finns kvar."))
    return redirect(copy)


@login_required
def assessment_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    require(request, READ)
    assessment = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    export = {"pdf": exports.assessment_pdf, "docx": exports.assessment_docx}.get(fmt)
    if export is None:
        raise Http404
    return export(assessment)
