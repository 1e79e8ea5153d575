import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import etag

from accounts.models import Municipality
from accounts.selectors import all_municipalities
from evaluation import presentation
from evaluation import selectors as evaluation_selectors
from incidents import notify as citizen_mail
from incidents import selectors as incident_selectors
from incidents import services as incident_services
from incidents.models import Incident, new_public_ref, valid_ref
from places.selectors import active_places_map_data, map_view
from programme import selectors
from programme import snapshot as follow_up_snapshot
from programme.models import PromiseSet
from safetywalks.selectors import published_walks
from trygg import ratelimit
from trygg.bounds import year_in_range

from . import datasets, pdf
from . import selectors as public_selectors
from .forms import CitizenReportForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"promise_sets": selectors.published_promise_sets()})


def methods(request: HttpRequest) -> HttpResponse:
    """How each figure is computed, how often it is wrong on random data and what it cannot say."""
    return render(request, "public/methods.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse, as the law on accessibility to digital public service (2018:1937) requires."""
    context = {
        "contact": settings.SITE_CONTACT_EMAIL,
        "controller": settings.SITE_CONTROLLER,
        "reviewed": datetime.date.fromisoformat(settings.ACCESSIBILITY_REVIEWED),
    }
    return render(request, "public/accessibility.html", context)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """Information about the processing of personal data (GDPR articles 13 and 14)."""
    from privacy.retention import days

    context = {
        "contact": settings.SITE_CONTACT_EMAIL,
        "controller": settings.SITE_CONTROLLER,
        "email_days": days("incident_contact_email"),
        "photo_days": days("incident_photos"),
        "description_years": days("incident_descriptions") // 365,
        "observation_years": days("activity_log_observations") // 365,
        "audit_years": days("audit_entries") // 365,
    }
    return render(request, "public/privacy.html", context)


def _published_set(municipality: str, slug: str, tree: bool = False) -> PromiseSet:
    # Unpublished sets answer 404 like missing ones, so their existence does not leak.
    queryset = selectors.published_promise_set_tree() if tree else selectors.published_promise_sets()
    return get_object_or_404(queryset, municipality__slug=municipality, slug=slug)


def _published_evaluations(promise_set: PromiseSet):
    """The published evaluations of the set's activities: shown with the promises and their follow-up."""
    return (
        evaluation_selectors.published_evaluations()
        .filter(activity__promise__focus_area__promise_set=promise_set)
        .order_by("-starts_on")
    )


def promise_set(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    promise_set = _published_set(municipality, slug, tree=True)
    context = {
        "promise_set": promise_set,
        "municipality": promise_set.municipality,
        "public": True,
        "timelines": public_selectors.promise_timelines(promise_set),
        "follow_ups": public_selectors.published_follow_ups(promise_set),
        "evaluations": _published_evaluations(promise_set),
    }
    return render(request, "public/promise_set.html", context)


def follow_up_list(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    promise_set = _published_set(municipality, slug)
    context = {
        "promise_set": promise_set,
        "municipality": promise_set.municipality,
        "follow_ups": public_selectors.published_follow_ups(promise_set),
    }
    return render(request, "public/follow_up_list.html", context)


def follow_up(request: HttpRequest, municipality: str, slug: str, version: int) -> HttpResponse:
    promise_set = _published_set(municipality, slug)
    follow_up = get_object_or_404(public_selectors.published_follow_ups(promise_set), version=version)
    if request.GET.get("format") == "pdf":
        return pdf.follow_up_pdf(follow_up)
    context = {
        "promise_set": promise_set,
        "municipality": promise_set.municipality,
        "follow_up": follow_up,
        "published": follow_up_snapshot.read(follow_up.snapshot),
        "evaluations": _published_evaluations(promise_set),
    }
    return render(request, "public/follow_up.html", context)


def _month(text: str | None, default: datetime.date) -> datetime.date:
    try:
        month = datetime.datetime.strptime((text or "")[:7], "%Y-%m").date()
    except ValueError:
        return default
    return month if year_in_range(month) else default


def safety_map(request: HttpRequest, municipality: str) -> HttpResponse:
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    months = public_selectors.incident_months(municipality)
    default = months[0] if months else timezone.localdate().replace(day=1)
    month = _month(request.GET.get("manad"), default)
    shown = public_selectors.safety_map(municipality, month)
    context = {
        "municipality": municipality,
        "month": month,
        "months": months,
        "categories": shown["categories"],
        "rows": shown["rows"],
        "map_data": shown["districts"],
        "map_view": map_view(municipality),
    }
    return render(request, "public/safety_map.html", context)


def _same_origin(request: HttpRequest) -> bool:
    """A browser's post carries Origin; it must be this site (or one trusted in settings)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser, or one too old to send it: the rate limit and honeypot apply
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt  # anonymous, changes nothing of the visitor's: rate limit and honeypot guard it; keeps the page cacheable
def citizen_report(request: HttpRequest, municipality: str) -> HttpResponse:
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    form = CitizenReportForm(request.POST or None, municipality=municipality)
    context = {"form": form, "municipality": municipality}
    status = 200
    if request.method == "POST":
        if not _same_origin(request):
            # Exempt from CSRF (the page is cached), so a post from another site is refused here instead.
            return HttpResponseForbidden(_("Rapporten måste skickas från kommunens egen sida."))
        if form.is_spam():
            return _thanks(municipality, new_public_ref())  # say nothing to bots: a reference that leads nowhere
        if not form.is_valid():
            status = 400
        elif (usage := _count_report(request)).allowed:
            incident = form.to_incident()
            incident.contact_language = request.LANGUAGE_CODE
            incident_services.report_incident(user=None, incident=incident)
            return _thanks(municipality, incident.public_ref)
        else:
            return _too_many_reports(request, context, usage.retry_after)
    return _report_page(request, context, status)


def _count_report(request: HttpRequest) -> ratelimit.Usage:
    """A valid report takes its place in the client's limit before it is saved: a form the citizen must
    correct uses none of it, and reports sent at once cannot all pass."""
    limit, window = settings.CITIZEN_REPORT_RATE_LIMIT
    return ratelimit.hit_client(request, "citizen-report", limit, window)


def _too_many_reports(request: HttpRequest, context: dict, retry_after: int) -> HttpResponse:
    minutes = -(-retry_after // 60)
    context["refusal"] = ngettext(
        "Du har skickat många rapporter på kort tid, så rapporten skickades inte. Försök igen om %(minutes)s minut.",
        "Du har skickat många rapporter på kort tid, så rapporten skickades inte. Försök igen om %(minutes)s minuter.",
        minutes,
    ) % {"minutes": minutes}
    response = _report_page(request, context, 429)
    response["Retry-After"] = str(retry_after)
    return response


def _report_page(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    context["places_json"] = active_places_map_data(context["municipality"])
    context["map_view"] = map_view(context["municipality"])
    return render(request, "public/citizen_report.html", context, status=status)


def _thanks(municipality: Municipality, ref: str) -> HttpResponse:
    return redirect(reverse("public:citizen_report_thanks", args=[municipality.slug]) + f"?ref={ref}")


def citizen_report_thanks(request: HttpRequest, municipality: str) -> HttpResponse:
    """The reference number of the report just sent, and a link to its status page."""
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    ref = (request.GET.get("ref") or "").strip().upper()
    context = {"municipality": municipality, "ref": ref if valid_ref(ref) else None}
    return render(request, "public/citizen_report_thanks.html", context)


def _citizen_report(municipality: str, ref: str) -> Incident:
    incident = incident_selectors.citizen_report(ref, municipality__slug=municipality)
    if incident is None:
        raise Http404
    return incident


def report_status(request: HttpRequest, municipality: str, ref: str) -> HttpResponse:
    """What has become of a report: its category, district, day, status and the municipality's answer. No
    description, no address, no exact place: whoever holds the reference sees only that."""
    incident = _citizen_report(municipality, ref)
    response = render(
        request, "public/report_status.html", {"incident": incident, "municipality": incident.municipality}
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt  # the signed link is the credential; mail clients post the one-click unsubscribe without a token
def report_opt_out(request: HttpRequest, municipality: str, ref: str, signature: str) -> HttpResponse:
    """Stop the messages about a report and erase the address. GET asks; POST does it (RFC 8058 one-click)."""
    incident = _citizen_report(municipality, ref)
    if not citizen_mail.valid_opt_out(incident, signature):
        raise Http404
    done = request.method == "POST"
    if done:
        incident_services.forget_contact(incident)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"incident": incident, "municipality": incident.municipality, "done": done}
    response = render(request, "public/report_opt_out.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    context = {"municipalities": all_municipalities(), "datasets": datasets.DATASETS}
    return render(request, "public/open_data.html", context)


def dataset(request: HttpRequest, municipality: str, name: str, fmt: str) -> HttpResponse:
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    if name not in datasets.DATASETS or fmt not in ("csv", "xlsx", "geojson"):
        raise Http404
    return datasets.response(name, fmt, municipality)


def _logo_etag(request: HttpRequest, municipality: str) -> str | None:
    return all_municipalities().filter(slug=municipality).values_list("logo_digest", flat=True).first() or None


@etag(_logo_etag)
def logo(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's logo (accounts.branding made it a plain PNG); 404 when it has none. Pages link it
    with its digest (?v=…), so it may be cached for long."""
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    if not municipality.has_logo:
        raise Http404
    response = HttpResponse(bytes(municipality.logo_png), content_type="image/png")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def evaluation(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """A published evaluation as it was frozen, small counts suppressed; ?format=pdf for the PDF."""
    published = get_object_or_404(evaluation_selectors.published_evaluations(), municipality__slug=municipality, pk=pk)
    snapshot = evaluation_selectors.published_snapshot(published)
    context = presentation.page_context(published, snapshot["figures"], snapshot["results"], ready=True, public=True)
    if request.GET.get("format") == "pdf":
        return pdf.evaluation_pdf(context)
    return render(request, "public/evaluation.html", context)


def safety_walks(request: HttpRequest, municipality: str) -> HttpResponse:
    """Published safety walks, their findings and what is being done about each."""
    municipality = get_object_or_404(all_municipalities(), slug=municipality)
    context = {"municipality": municipality, "walks": published_walks(municipality)}
    return render(request, "public/safety_walks.html", context)
