import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import render_form, require, save_or_409
from accounts.roles import EDIT, LOG
from accounts.selectors import municipalities_for, municipality_for
from places.models import Place
from places.selectors import map_view, map_view_for, other_places_map_data, places_as_map_data, places_for
from programme.selectors import indicators_for
from trygg.calendar import iso_week, parse_iso_week
from trygg.paging import paginate

from . import exports, selectors, services
from .forms import (
    ActivityLogForm,
    CaseCollaborationForm,
    DefectorCountForm,
    IndicatorBindingForm,
    LogFilterForm,
    PlaceForm,
    PresencePlanForm,
)
from .week import week_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    recent = selectors.logs_for(request.user).filter(reported_by=request.user)[:10]
    return render(request, "fieldwork/home.html", {"recent": recent, "can_log": request.user.may(LOG)})


@login_required
def log_create(request: HttpRequest) -> HttpResponse:
    require(request, LOG)
    if request.user.organisation_id is None:
        raise PermissionDenied
    form = ActivityLogForm(request.POST or None, user=request.user, occurrence=_planned_occurrence(request))
    if request.method == "POST" and form.is_valid():
        log = services.log_activity(
            user=request.user, log=form.save(commit=False), places=list(form.cleaned_data["places"])
        )
        thank_for_log(request, log)
        return redirect("fieldwork:home")
    return render_log_form(request, form)


def thank_for_log(request: HttpRequest, log) -> None:
    messages.success(request, _("Tack! %(log)s är registrerad.") % {"log": log})


def render_log_form(request: HttpRequest, form, **extra) -> HttpResponse:
    """The log form, for a new log, a correction, or a volunteer shift's walk after check-out."""
    # "Centrum" exists in both municipalities: the place groups name the municipality where it may differ.
    context = {"form": form, "multiple_municipalities": municipalities_for(request.user).count() > 1, **extra}
    return render_form(request, "fieldwork/log_form.html", context, form)


def _planned_occurrence(request: HttpRequest):
    """The shift behind "Logga detta pass" (?plan=ID&dag=ÅÅÅÅ-MM-DD), if the user may see the plan and it
    has an occurrence that day; anything else gives an empty form, never an error."""
    try:
        plan_pk, day = int(request.GET.get("plan", "")), datetime.date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        return None
    plan = selectors.plans_for(request.user).filter(pk=plan_pk).first()
    occurrences = plan.occurrences(day, day) if plan else []
    return occurrences[0] if occurrences else None


@login_required
def log_list(request: HttpRequest) -> HttpResponse:
    """Paged and filterable; the filtered list downloads as CSV or Excel (the free text is left out)."""
    logs = selectors.logs_for(request.user)
    form = LogFilterForm(request.GET or None, logs=logs)
    if form.is_valid():
        logs = form.filter(logs, request.user)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exports.logs_table(fmt, logs)
    page, query = paginate(request, logs)
    now = timezone.now()
    ids = set(municipalities_for(request.user).values_list("pk", flat=True))
    rows = [(log, selectors.can_change_log(request.user, log, now, ids)) for log in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "query": query}
    return render(request, "fieldwork/log_list.html", context)


def _changeable_log(request: HttpRequest, pk: int):
    log = get_object_or_404(selectors.logs_for(request.user), pk=pk)
    if not selectors.can_change_log(request.user, log):
        raise PermissionDenied
    return log


@login_required
def log_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, LOG)
    log = _changeable_log(request, pk)
    form = ActivityLogForm(request.POST or None, instance=log, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_log(user=request.user, log=form.save(commit=False), places=list(form.cleaned_data["places"]))
        messages.success(request, _("%(log)s är ändrad.") % {"log": log})
        return redirect("fieldwork:log_list")
    return render_log_form(request, form, editing=log)


@login_required
def log_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, LOG)
    log = _changeable_log(request, pk)
    if request.method == "POST":
        services.delete_log(user=request.user, log=log)
        messages.success(request, _("%(log)s är borttagen.") % {"log": log})
        return redirect("fieldwork:log_list")
    return render(request, "fieldwork/log_confirm_delete.html", {"log": log})


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    places = places_for(request.user).order_by("municipality__name", "district__name", "name")
    context = {
        "places": places,
        "places_json": places_as_map_data(places),
        "map_view": map_view_for(municipalities_for(request.user)),
        "municipalities": municipalities_for(request.user),
        "can_edit": request.user.may(EDIT),
    }
    return render(request, "fieldwork/place_list.html", context)


def _place_form(request: HttpRequest, place: Place, municipality) -> HttpResponse:
    form = PlaceForm(request.POST or None, instance=place, municipality=municipality)
    others = other_places_map_data(place)
    context = {
        "form": form,
        "place": place,
        "municipality": municipality,
        "places_json": others,
        "map_view": map_view(municipality),
    }
    if request.method == "POST" and form.is_valid():
        save = lambda: services.save_place(  # noqa: E731
            user=request.user, place=form.save(commit=False), expected_version=form.expected_version
        )
        if refused := save_or_409(request, "fieldwork/place_form.html", context, form, save):
            return refused
        messages.success(request, _("Platsen är sparad."))
        return redirect("fieldwork:place_list")
    return render_form(request, "fieldwork/place_form.html", context, form)


@login_required
def place_create(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = municipality_for(request.user, municipality)
    return _place_form(request, Place(municipality=municipality), municipality)


@login_required
def place_update(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    place = get_object_or_404(places_for(request.user), pk=pk)
    return _place_form(request, place, place.municipality)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for(request.user).prefetch_related("places")
    return render(request, "fieldwork/plan_list.html", {"plans": plans, "can_edit": request.user.may(EDIT)})


@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk) if pk else None
    form = PresencePlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        save = lambda: services.save_plan(  # noqa: E731
            user=request.user,
            plan=form.save(commit=False),
            places=list(form.cleaned_data["places"]),
            expected_version=form.expected_version,
        )
        if refused := save_or_409(request, "fieldwork/plan_form.html", {"form": form, "plan": plan}, form, save):
            return refused
        messages.success(request, _("Planen är sparad."))
        return redirect("fieldwork:plan_list")
    return render_form(request, "fieldwork/plan_form.html", {"form": form, "plan": plan}, form)


@login_required
def week(request: HttpRequest, week: str | None = None) -> HttpResponse:
    if week is None:
        return redirect("fieldwork:week", week=iso_week(timezone.localdate()))
    try:
        monday = parse_iso_week(week)
    except ValueError:
        raise Http404 from None
    context = week_view(
        monday, selectors.plans_for(request.user).prefetch_related("places"), selectors.logs_for(request.user)
    )
    return render(request, "fieldwork/week.html", context)


@login_required
def binding_edit(request: HttpRequest, indicator_pk: int) -> HttpResponse:
    require(request, EDIT)
    indicator = get_object_or_404(indicators_for(request.user), pk=indicator_pk)
    binding = selectors.log_binding(indicator)
    form = IndicatorBindingForm(request.POST or None, instance=binding)
    if request.method == "POST" and form.is_valid():
        services.save_binding(
            user=request.user, binding=form.save(commit=False), places=list(form.cleaned_data["places"])
        )
        messages.success(request, _("Indikatorn räknas nu fram ur loggarna."))
        return redirect("programme:follow_up", pk=indicator.promise_set.pk)
    return render_form(request, "fieldwork/binding_form.html", {"form": form, "indicator": indicator}, form)


@login_required
def defector_counts(request: HttpRequest) -> HttpResponse:
    require(request, EDIT)
    municipalities = municipalities_for(request.user)
    form = DefectorCountForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        services.record_defector_count(user=request.user, **form.cleaned_data)
        messages.success(request, _("Månadssiffrorna är sparade."))
        return redirect("fieldwork:defector_counts")
    counts = selectors.defector_counts_in(municipalities)
    return render_form(request, "fieldwork/defector_counts.html", {"form": form, "counts": counts}, form)


@login_required
def case_collaboration(request: HttpRequest) -> HttpResponse:
    """SSPF and other case collaboration as quarterly counts; like the defector counts, never individuals."""
    require(request, EDIT)
    municipalities = municipalities_for(request.user)
    form = CaseCollaborationForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        services.record_case_collaboration(user=request.user, **form.cleaned_data)
        messages.success(request, _("Kvartalssiffrorna är sparade."))
        return redirect("fieldwork:case_collaboration")
    rows = selectors.case_collaboration_in(municipalities)
    return render_form(request, "fieldwork/case_collaboration.html", {"form": form, "rows": rows}, form)
