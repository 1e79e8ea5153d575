"""The weekly meeting's page: the lägesbild of the week just ended, its analysis, the meeting's decisions and
what became of last week's, and approval. It composes the weekly figures (situation) with the action
items that follow the decisions (actions)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require
from accounts.roles import EDIT, READ
from accounts.selectors import municipalities_for, municipality_for
from actions import services as action_services
from actions.forms import DecisionForm
from actions.selectors import of_week as items_of_week
from incidents.selectors import review_queue
from places.selectors import map_view
from situation import services as situation_services
from situation.figures import EMERGING_DEFINITIONS, iso_monday, read_figures
from situation.forms import AnalysisForm, WeekForm
from situation.models import Recalculation, SituationReport
from situation.selectors import recalculation_of, reports_for, reports_of, week_reports
from trygg.calendar import iso_week, parse_iso_week, short_date
from trygg.freezing import Frozen


@login_required
def index(request: HttpRequest) -> HttpResponse:
    first = municipalities_for(request.user).first()
    if first is None:
        raise PermissionDenied
    return redirect("meeting:overview", municipality=first.slug)


@login_required
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    municipality = municipality_for(request.user, municipality)
    if request.user.effective_role == User.Role.REPORTER:
        return redirect("incidents:report", municipality=municipality.slug)
    context = {
        "municipality": municipality,
        "municipalities": municipalities_for(request.user),
        "reports": reports_of(municipality)[:60],
        "queue_size": review_queue(municipality).count(),
        "week_form": WeekForm(initial={"week": iso_week(timezone.localdate() - datetime.timedelta(days=7))}),
        "can_edit": request.user.may(EDIT),
    }
    return render(request, "meeting/overview.html", context)


def _report_context(request, report: SituationReport) -> dict:
    municipality = report.municipality
    versions = week_reports(municipality, report.year, report.week)
    recalculation = recalculation_of(report)
    return {
        "report": report,
        "municipality": municipality,
        "figures": read_figures(report.figures),
        "first_day": iso_monday(report.year, report.week),
        "last_day": iso_monday(report.year, report.week) + datetime.timedelta(days=6),
        "versions": versions,
        "decisions": report.decisions.select_related("place", "owner", "item"),
        # The meeting reads the report of the week just ended: that week's items and what became of them.
        "week_items": items_of_week(municipality, iso_monday(report.year, report.week)),
        "today": timezone.localdate(),
        "analysis_form": AnalysisForm(instance=report),
        "decision_form": DecisionForm(report=report),
        "can_edit": request.user.may(EDIT),
        "places_json": [],
        "map_view": map_view(municipality),
        "emerging_definitions": list(EMERGING_DEFINITIONS.values()),
        "recalculation": recalculation,
        "recalculation_text": _recalculation_text(recalculation),
    }


@login_required
def situation_report(request: HttpRequest, municipality: str, week: str, version: int | None = None) -> HttpResponse:
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    try:
        monday = parse_iso_week(week)
    except ValueError:
        raise Http404 from None
    year, number, _weekday = monday.isocalendar()
    reports = week_reports(municipality, year, number)
    report = reports.filter(version=version).first() if version else reports.order_by("-version").first()
    if report is None:
        # Reading never creates: an editor gets a button that computes the week (a POST), if it has begun.
        if version or not request.user.may(EDIT):
            raise Http404
        context = {
            "municipality": municipality,
            "iso_week": iso_week(monday),
            "week": number,
            "year": year,
            "can_build": monday <= timezone.localdate(),
        }
        return render(request, "meeting/report_missing.html", context, status=404)
    return render(request, "meeting/situation_report.html", _report_context(request, report))


@login_required
@require_POST
def build_report(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = municipality_for(request.user, municipality)
    form = WeekForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["week"][0])
        return redirect("meeting:overview", municipality=municipality.slug)
    monday = parse_iso_week(form.cleaned_data["week"])
    year, number, _weekday = monday.isocalendar()
    draft = week_reports(municipality, year, number).order_by("-version").first()
    if draft is not None and not draft.is_frozen:  # the week's open draft: computed again in the background
        return _queue_recalculation(request, draft)
    report = situation_services.build_situation_report(user=request.user, municipality=municipality, monday=monday)
    messages.success(request, _("Siffrorna är beräknade."))
    return redirect(
        "meeting:report_version", municipality=municipality.slug, week=report.iso_week, version=report.version
    )


def _editable_report(request: HttpRequest, pk: int) -> SituationReport:
    require(request, EDIT)
    report = get_object_or_404(reports_for(request.user), pk=pk)
    report.check_not_frozen()
    return report


def _frozen(request: HttpRequest, report_pk: int) -> HttpResponse:
    """409: someone approved the report first; say so and lead back to it."""
    report = reports_for(request.user).get(pk=report_pk)
    context = {"report": report, "message": report.frozen_message}
    return render(request, "meeting/report_frozen.html", context, status=409)


def report_change(view):
    """A change to a report that may meet an approval made meanwhile: answered with 409, never a 500."""

    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except Frozen:
            return _frozen(request, pk)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _back(report: SituationReport) -> HttpResponse:
    return redirect(
        "meeting:report_version", municipality=report.municipality.slug, week=report.iso_week, version=report.version
    )


@login_required
@require_POST
@report_change
def save_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    form = AnalysisForm(request.POST, instance=report)
    if form.is_valid():
        situation_services.save_analysis(user=request.user, report=report, analysis=form.cleaned_data["analysis"])
        messages.success(request, _("Analysen är sparad."))
        return _back(report)
    report.refresh_from_db()
    context = _report_context(request, report) | {"analysis_form": form}
    return render(request, "meeting/situation_report.html", context, status=400)


@login_required
@require_POST
@report_change
def add_decision(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    form = DecisionForm(request.POST, report=report)
    if form.is_valid():
        action_services.add_decision(
            user=request.user, decision=form.save(commit=False), assignee=form.cleaned_data["assignee"]
        )
        messages.success(request, _("Beslutet är sparat."))
        return _back(report)
    context = _report_context(request, report) | {"decision_form": form}
    return render(request, "meeting/situation_report.html", context, status=400)


@login_required
@require_POST
@report_change
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    situation_services.approve_report(user=request.user, report=report)
    messages.success(request, _("Lägesbilden är godkänd och låst."))
    return _back(report)


def _recalculation_text(recalculation: Recalculation | None) -> str:
    """What the page says about the report's latest recalculation (the script shows the same words)."""
    if recalculation is None:
        return ""
    status = Recalculation.Status
    if recalculation.status == status.QUEUED:
        return _("Räknas om… I kö sedan %(when)s: väntar på bakgrundsarbetaren.") % {
            "when": short_date(recalculation.created_at)
        }
    if recalculation.status == status.RUNNING:
        return _("Räknas om… Siffrorna beräknas sedan %(when)s.") % {
            "when": short_date(recalculation.started_at or recalculation.created_at)
        }
    if recalculation.status == status.DONE:
        return _("Klart: siffrorna är omräknade %(when)s.") % {"when": short_date(recalculation.finished_at)}
    return _("Omräkningen sparades inte: %(reason)s") % {"reason": recalculation.get_reason_display()}


def _queue_recalculation(request: HttpRequest, report: SituationReport) -> HttpResponse:
    _recalculation, queued = situation_services.request_recalculation(user=request.user, report=report)
    if queued:
        messages.success(request, _("Siffrorna räknas om i bakgrunden. Sidan visar när de är klara."))
    else:
        messages.info(request, _("Siffrorna räknas redan om. Sidan visar när de är klara."))
    return _back(report)


@login_required
@require_POST
@report_change
def recalculate(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the draft's figures for the background worker and return at once: nothing is computed and the
    report's row is not locked here (situation.services.request_recalculation)."""
    return _queue_recalculation(request, _editable_report(request, pk))


@login_required
def recalculation_status(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the report's latest recalculation has come, for the script on the report's page."""
    require(request, READ)
    report = get_object_or_404(reports_for(request.user), pk=pk)
    recalculation = recalculation_of(report)
    under_way = recalculation is not None and recalculation.is_under_way
    return JsonResponse(
        {
            "status": recalculation.status if recalculation else "",
            "status_text": str(recalculation.get_status_display()) if recalculation else "",
            "text": _recalculation_text(recalculation),
            "finished": not under_way,
        },
        headers={"Cache-Control": "no-store"},
    )
