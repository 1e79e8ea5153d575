from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import form_page, require
from accounts.roles import EDIT, READ
from accounts.selectors import municipality_for
from accounts.services import save_form_audited
from dialogue.selectors import dialogues_for
from places.selectors import map_view, place_labels

from . import selectors, services
from .forms import FindingForm, SafetyWalkForm


@login_required
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    context = {
        "municipality": municipality,
        "dialogues": dialogues_for(request.user).filter(municipality=municipality),
        "walks": selectors.walks_for(request.user).filter(municipality=municipality).prefetch_related("findings"),
    }
    return render(request, "safetywalks/overview.html", context)


@login_required
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    walk = get_object_or_404(selectors.walks_for(request.user), pk=pk)
    findings = walk.findings.select_related("place", "owner", "problem", "measure")
    points = selectors.finding_points(walk)
    context = {
        "walk": walk,
        "municipality": walk.municipality,
        "findings": findings,
        "places_json": points,
        "map_view": map_view(walk.municipality),
    }
    return render(request, "safetywalks/walk_detail.html", context)


@login_required
def walk_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    walk = get_object_or_404(selectors.walks_for(request.user), pk=pk) if pk else None
    municipality = walk.municipality if walk else municipality_for(request.user, municipality)
    form = SafetyWalkForm(request.POST or None, instance=walk, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": walk, "kind": _("trygghetsvandring")}
    return form_page(
        request,
        "dialogue/form.html",
        context,
        form,
        lambda: save_form_audited(user=request.user, form=form),
        lambda saved: saved.get_absolute_url(),
    )


@login_required
def finding_edit(request: HttpRequest, walk_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    finding = get_object_or_404(selectors.findings_for(request.user), pk=pk) if pk else None
    walk = finding.walk if finding else get_object_or_404(selectors.walks_for(request.user), pk=walk_pk)
    form = FindingForm(request.POST or None, instance=finding, walk=walk)
    context = {
        "form": form,
        "municipality": walk.municipality,
        "instance": finding,
        "kind": _("fynd"),
        "walk": walk,
        "places_json": place_labels(walk.municipality),
        "map_view": map_view(walk.municipality),
        "map": True,
    }
    return form_page(
        request,
        "dialogue/form.html",
        context,
        form,
        lambda: services.save_finding(user=request.user, form=form),
        lambda saved: walk.get_absolute_url(),
    )


@login_required
@require_POST
def finding_to_problem(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    finding = get_object_or_404(selectors.findings_for(request.user), pk=pk)
    if finding.problem_id:
        return redirect(finding.problem)
    problem = services.finding_to_problem(user=request.user, finding=finding)
    messages.success(request, _("Fyndet är ett problem att analysera. Fyll i orsakerna."))
    return redirect("strategy:problem_edit", pk=problem.pk)
