from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import render_form, require
from accounts.roles import EDIT, READ
from accounts.selectors import municipality_for
from cameras.selectors import camera_site_in
from places.selectors import map_view, place_labels
from programme.selectors import indicators_for
from trygg.freezing import Frozen

from . import presentation, selectors, services
from .forms import EvaluationForm, IncidentIndicatorForm
from .models import Evaluation


def _readable(request: HttpRequest, pk: int) -> Evaluation:
    require(request, READ)
    return get_object_or_404(selectors.evaluations_for(request.user), pk=pk)


@login_required
def evaluation_list(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    context = {
        "municipality": municipality,
        "evaluations": selectors.evaluations_for(request.user).filter(municipality=municipality),
        "can_edit": request.user.may(EDIT),
    }
    return render(request, "evaluation/list.html", context)


def _initial_from_camera(request: HttpRequest, municipality) -> dict:
    """?kamera=<pk>: a new evaluation of a camera site starts from its place and start date."""
    site = camera_site_in(municipality, request.GET.get("kamera"))
    if site is None:
        return {}
    return {
        "title": _("Kamerabevakning: %(name)s") % {"name": site.name},
        "camera_site": site.pk,
        "target_place": site.place_id,
        "starts_on": site.started_on,
    }


def _form_context(form, municipality) -> dict:
    return {
        "form": form,
        "municipality": municipality,
        "places_json": place_labels(municipality),
        "map_view": map_view(municipality),
    }


@login_required
def evaluation_create(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = municipality_for(request.user, municipality)
    form = EvaluationForm(
        request.POST or None, municipality=municipality, initial=_initial_from_camera(request, municipality)
    )
    if request.method == "POST" and form.is_valid():
        evaluation = services.save_evaluation(user=request.user, form=form)
        messages.success(request, _("Utvärderingen är sparad."))
        return redirect("evaluation:detail", pk=evaluation.pk)
    return render_form(request, "evaluation/form.html", _form_context(form, municipality), form)


@login_required
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    evaluation = _readable(request, pk)
    if evaluation.is_frozen:
        messages.error(request, evaluation.frozen_message)
        return redirect("evaluation:detail", pk=evaluation.pk)
    form = EvaluationForm(request.POST or None, instance=evaluation, municipality=evaluation.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_evaluation(user=request.user, form=form)
        except Frozen:
            messages.error(request, _("Utvärderingen publicerades under tiden och ändrades inte."))
            return redirect("evaluation:detail", pk=evaluation.pk)
        messages.success(request, _("Utvärderingen är sparad."))
        return redirect("evaluation:detail", pk=evaluation.pk)
    context = {**_form_context(form, evaluation.municipality), "evaluation": evaluation}
    return render_form(request, "evaluation/form.html", context, form)


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _readable(request, pk)
    if published := selectors.published_snapshot(evaluation):
        figures, results = published["figures"], published["results"]
        ready = True
    else:
        data = selectors.figures(evaluation)
        figures, ready = data.as_dict(), data.ready
        results = selectors.results(data) if ready else {}
    can_edit = request.user.may(EDIT) and not evaluation.is_frozen
    context = {
        **presentation.page_context(evaluation, figures, results, ready=ready),
        "can_edit": can_edit,
        "similar": selectors.similar_districts(evaluation, figures["target"][0]) if can_edit else [],
    }
    return render(request, "evaluation/detail.html", context)


@login_required
@require_POST
def evaluation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    evaluation = _readable(request, pk)
    if request.POST.get("bekraftad") != "1":
        messages.error(request, _("Bekräfta att siffrorna ska låsas och publiceras."))
        return redirect("evaluation:detail", pk=evaluation.pk)
    try:
        services.publish_evaluation(user=request.user, evaluation=evaluation)
    except Frozen:
        messages.error(request, _("Utvärderingen är redan publicerad."))
    else:
        messages.success(request, _("Utvärderingen är publicerad; siffrorna är låsta."))
    return redirect("evaluation:detail", pk=evaluation.pk)


@login_required
def indicator_binding(request: HttpRequest, indicator_pk: int) -> HttpResponse:
    """Compute an outcome indicator from reviewed incidents (categories at places or in districts)."""
    require(request, EDIT)
    indicator = get_object_or_404(indicators_for(request.user), pk=indicator_pk)
    binding = selectors.incident_binding(indicator)
    form = IncidentIndicatorForm(request.POST or None, instance=binding)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_incident_indicator(
            user=request.user,
            binding=form.save(commit=False),
            categories=list(data["categories"]),
            places=list(data["places"]),
            districts=list(data["districts"]),
        )
        messages.success(request, _("Indikatorn räknas nu fram ur de granskade händelserna."))
        return redirect("programme:follow_up", pk=indicator.promise_set.pk)
    return render_form(request, "evaluation/indicator_binding.html", {"form": form, "indicator": indicator}, form)
