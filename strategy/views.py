from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import render_form, save_or_409
from accounts.selectors import municipality_for
from programme.selectors import promises_for

from . import selectors, services
from .forms import ActionPlanForm, MeasureForm, ProblemForm


def _require_reader(request: HttpRequest) -> None:
    if not request.user.can_read_programme:
        raise PermissionDenied


def _require_editor(request: HttpRequest) -> None:
    if not request.user.can_edit_programme:
        raise PermissionDenied


def _save(request, form, context: dict, template: str) -> HttpResponse | None:
    """Save a valid form; the response when saved or refused, None to show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    saved = []
    refused = save_or_409(
        request, template, context, form, lambda: saved.append(services.save_with_links(user=request.user, form=form))
    )
    if refused:
        return refused
    messages.success(request, _("Ändringen är sparad."))
    return redirect(saved[0])


@login_required
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    _require_reader(request)
    municipality = municipality_for(request.user, municipality)
    context = {
        "municipality": municipality,
        "problems": selectors.problems_for(request.user).filter(municipality=municipality).prefetch_related("measures"),
        "plans": selectors.plans_for(request.user)
        .filter(municipality=municipality)
        .prefetch_related("measures__owner", "measures__problems"),
    }
    return render(request, "strategy/overview.html", context)


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    problem = get_object_or_404(selectors.problems_for(request.user), pk=pk)
    context = {"problem": problem, "municipality": problem.municipality, "chains": selectors.problem_chain(problem)}
    return render(request, "strategy/problem_detail.html", context)


@login_required
def problem_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    problem = get_object_or_404(selectors.problems_for(request.user), pk=pk) if pk else None
    municipality = problem.municipality if problem else municipality_for(request.user, municipality)
    form = ProblemForm(request.POST or None, instance=problem, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": problem, "kind": _("problem")}
    return _save(request, form, context, "strategy/form.html") or render_form(
        request, "strategy/form.html", context, form
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    measures = plan.measures.select_related("owner", "responsible").prefetch_related("problems", "promises")
    return render(
        request, "strategy/plan_detail.html", {"plan": plan, "municipality": plan.municipality, "measures": measures}
    )


@login_required
def plan_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk) if pk else None
    municipality = plan.municipality if plan else municipality_for(request.user, municipality)
    form = ActionPlanForm(request.POST or None, instance=plan, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": plan, "kind": _("åtgärdsplan")}
    return _save(request, form, context, "strategy/form.html") or render_form(
        request, "strategy/form.html", context, form
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    measure = get_object_or_404(selectors.measures_for(request.user), pk=pk)
    context = {**selectors.measure_chain(measure), "municipality": measure.plan.municipality}
    return render(request, "strategy/measure_detail.html", context)


@login_required
def measure_edit(request: HttpRequest, plan_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    measure = get_object_or_404(selectors.measures_for(request.user), pk=pk) if pk else None
    plan = measure.plan if measure else get_object_or_404(selectors.plans_for(request.user), pk=plan_pk)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan)
    context = {"form": form, "municipality": plan.municipality, "instance": measure, "kind": _("åtgärd"), "plan": plan}
    return _save(request, form, context, "strategy/form.html") or render_form(
        request, "strategy/form.html", context, form
    )


@login_required
def promise_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """From a promise to its measure, the problem and cause it answers, indicators, work and evaluations."""
    _require_reader(request)
    promise = get_object_or_404(
        promises_for(request.user).select_related("focus_area__promise_set__municipality"), pk=pk
    )
    context = {**selectors.promise_chain(promise), "municipality": promise.focus_area.promise_set.municipality}
    return render(request, "strategy/promise_chain.html", context)
