import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Municipality
from accounts.permissions import render_form, require
from accounts.roles import EDIT, LOG, READ
from accounts.selectors import municipality_for
from places.selectors import active_places_map_data, map_view, place_labels
from trygg.images import count_upload
from trygg.paging import paginate

from . import imports, selectors, services, tabular
from .forms import (
    BulkReviewForm,
    ImportForm,
    IncidentMapFilterForm,
    IncidentReportForm,
    PoliceEventFilterForm,
    ReviewForm,
)
from .models import (
    Incident,
    IncidentImport,
    IncidentPhoto,
)


def _municipality(request: HttpRequest, slug: str) -> Municipality:
    return municipality_for(request.user, slug)


@login_required
def report_incident(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, LOG)
    municipality = _municipality(request, municipality)
    if request.method == "POST" and request.FILES and not (usage := count_upload(request.user)).allowed:
        return _too_many_uploads(request, municipality, usage.retry_after)
    form = IncidentReportForm(request.POST or None, request.FILES or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        incident = form.save(commit=False)
        incident.reporting_organisation = request.user.organisation
        services.report_incident(user=request.user, incident=incident, photo=form.cleaned_data.get("photo"))
        messages.success(request, _("Tack! Rapporten är skickad för granskning."))
        return redirect("incidents:report", municipality=municipality.slug)
    return render_form(request, "incidents/report_form.html", _incident_form_context(request, municipality, form), form)


def _incident_form_context(request: HttpRequest, municipality: Municipality, form: IncidentReportForm) -> dict:
    return {
        "form": form,
        "municipality": municipality,
        "places_json": active_places_map_data(municipality),
        "map_view": map_view(municipality),
        "own": selectors.own_reports(request.user)[:10],
    }


def _too_many_uploads(request: HttpRequest, municipality: Municipality, retry_after: int) -> HttpResponse:
    """The form again with what was typed, without decoding the photo: the user's uploads for now are used up."""
    form = IncidentReportForm(request.POST, municipality=municipality)
    minutes = -(-retry_after // 60)
    form.add_error(
        "photo",
        ngettext(
            "Du har laddat upp många foton på kort tid. Försök igen om %(minutes)s minut, eller skicka utan foto.",
            "Du har laddat upp många foton på kort tid. Försök igen om %(minutes)s minuter, eller skicka utan foto.",
            minutes,
        )
        % {"minutes": minutes},
    )
    context = _incident_form_context(request, municipality, form)
    response = render(request, "incidents/report_form.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@login_required
def review_queue(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = _municipality(request, municipality)
    context = {
        "municipality": municipality,
        "incidents": selectors.review_queue(municipality).select_related("photo").defer("photo__jpeg")[:100],
        "form": ReviewForm(),
        # The named places give each report's mini-map its bearings where no map tiles are served.
        "places_json": place_labels(municipality),
    }
    return render(request, "incidents/review_queue.html", context)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    incident = get_object_or_404(selectors.incidents_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ogiltigt val: %(errors)s") % {"errors": form.errors.as_text()})
    else:
        services.review_incident(
            user=request.user,
            incident=incident,
            status=form.cleaned_data["status"],
            category=form.cleaned_data["category"],
            answer=form.cleaned_data["answer"],
        )
        messages.success(request, _("Rapporten är granskad."))
    return redirect("incidents:review_queue", municipality=incident.municipality.slug)


@login_required
@require_POST
def review_bulk(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = _municipality(request, municipality)
    queue = selectors.review_queue(municipality)
    form = BulkReviewForm(request.POST, queue=queue)
    if not form.is_valid():
        messages.error(
            request,
            _("Inget granskades: %(errors)s") % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
    else:
        count = services.review_many(
            user=request.user,
            incidents=queue.filter(pk__in=form.cleaned_data["ids"]),
            status=form.cleaned_data["status"],
        )
        messages.success(request, _("%(n)s rapporter är granskade.") % {"n": count})
    return redirect("incidents:review_queue", municipality=municipality.slug)


def _import_job(request: HttpRequest, municipality: str, pk: int) -> IncidentImport:
    require(request, EDIT)
    return get_object_or_404(selectors.import_jobs(), pk=pk, municipality=_municipality(request, municipality))


@login_required
def import_progress(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The page that waits for a background import; the script updates it from import_status."""
    job = _import_job(request, municipality, pk)
    return render(request, "incidents/import_progress.html", {"job": job, "municipality": job.municipality})


@login_required
def import_status(request: HttpRequest, municipality: str, pk: int) -> JsonResponse:
    job = _import_job(request, municipality, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_text": str(job.get_status_display()),
            "percent": job.percent,
            "total": job.total,
            "checked": job.checked,
            "imported": job.imported,
            "problems": job.problems[:100],
            "more_problems": max(0, len(job.problems) - 100),
            "finished": job.is_finished,
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
def import_incidents(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = _municipality(request, municipality)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            if imports.runs_in_background(content, upload.name):
                job = imports.start(user=request.user, municipality=municipality, filename=upload.name, content=content)
                return redirect("incidents:import_progress", municipality=municipality.slug, pk=job.pk)
            rows = tabular.read_rows(content, upload.name)
            checked = tabular.check_rows(rows, municipality, Incident.Source.IMPORT)
        except tabular.TableError as error:
            problems = error.problems
        else:
            count = services.import_incidents(user=request.user, rows=checked)
            messages.success(request, _("%(count)s händelser importerade för granskning.") % {"count": count})
            return redirect("incidents:review_queue", municipality=municipality.slug)
    context = {"form": form, "municipality": municipality, "problems": problems, "columns": tabular.COLUMN_HELP}
    status = 400 if form.errors or problems else 200
    return render(request, "incidents/import.html", context, status=status)


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    mains = selectors.main_categories()
    return render(request, "incidents/categories.html", {"mains": mains})


POLICE_SITE = "https://polisen.se"


@login_required
def police_events(request: HttpRequest, municipality: str) -> HttpResponse:
    """The police's open events for the municipality, for users without the Django admin: filter by type
    and period, paged. Municipality level only: the feed has no street positions."""
    require(request, READ)
    municipality = _municipality(request, municipality)
    events = selectors.police_events_in(municipality)
    form = PoliceEventFilterForm(request.GET or None, events=events)
    if form.is_valid():
        events = form.filter(events)
    page, query = paginate(request, events.order_by("-occurred_at"))
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "query": query,
        "police_site": POLICE_SITE,
    }
    return render(request, "incidents/police_events.html", context)


MAP_POINT_LIMIT = 5000  # a browser draws this many clustered points without stutter on a phone
MAP_DEFAULT_DAYS = 28


@login_required
def incident_map(request: HttpRequest, municipality: str) -> HttpResponse:
    """Reviewed incidents on a map, by category and period (default: the last four weeks)."""
    require(request, READ)
    municipality = _municipality(request, municipality)
    today = timezone.localdate()
    default = {"fran": today - datetime.timedelta(days=MAP_DEFAULT_DAYS - 1), "till": today}
    form = IncidentMapFilterForm(request.GET or default)
    incidents = selectors.reviewed_in(municipality)
    incidents = form.filter(incidents) if form.is_valid() else incidents.none()
    context = {
        "municipality": municipality,
        "form": form,
        "points": selectors.map_points(incidents, MAP_POINT_LIMIT),
        "map_view": map_view(municipality),
        "matched": incidents.count(),
        "limit": MAP_POINT_LIMIT,
        "counts": selectors.counts_by_main_category(incidents),
    }
    return render(request, "incidents/incident_map.html", context)


def _photo_for_reviewer(request: HttpRequest, pk: int) -> IncidentPhoto:
    """Only those who review the municipality's reports see or remove its photos."""
    require(request, EDIT)
    return get_object_or_404(selectors.photos_for(request.user), incident_id=pk)


@login_required
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    _photo_for_reviewer(request, pk)
    jpeg = selectors.photo_jpeg(pk)
    response = HttpResponse(bytes(jpeg), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"  # never in a shared cache, nor left on a shared computer
    return response


@login_required
@require_POST
def remove_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo_for_reviewer(request, pk)
    services.remove_photo(user=request.user, photo=photo)
    messages.success(request, _("Fotot är borttaget."))
    return redirect("incidents:review_queue", municipality=photo.incident.municipality.slug)
