import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require
from accounts.roles import EDIT, READ
from accounts.selectors import municipality_for
from places.selectors import active_places, map_view
from trygg.calendar import iso_week

from . import selectors, services
from .forms import CapacityForm, GapForm, next_monday

HOUR_LABELS = [str(h) for h in range(24)]


def _forms(request: HttpRequest, municipality) -> tuple[GapForm, list[CapacityForm]]:
    """The page's parameters from its query: the week and the look back, then each organisation's
    capacity (organisations with a presence plan in that week)."""
    data = _with_defaults(request.GET) if "vecka" in request.GET else None
    form = GapForm(data, initial={"vecka": iso_week(next_monday(timezone.localdate()))})
    monday = form.cleaned_data["vecka"] if form.is_valid() else next_monday(timezone.localdate())
    places = list(active_places(municipality).order_by("name"))
    walkers = selectors.night_walking_organisations(municipality, monday)
    capacity_forms = [
        CapacityForm(
            _capacity_data(data, f"org{organisation.pk}"),
            prefix=f"org{organisation.pk}",
            organisation=organisation,
            places=places,
            night_walks=organisation.pk in walkers,
        )
        for organisation in selectors.planning_organisations(municipality, monday)
    ]
    return form, capacity_forms


def _with_defaults(query: QueryDict) -> QueryDict:
    """The query with each parameter it leaves out at its default (a link may give only the week). A
    parameter given empty stays empty (and is refused if required)."""
    data = query.copy()
    defaults = {
        "veckor": [selectors.HISTORY_WEEKS],
        "tackning": [selectors.COVERAGE_WEEKS],
        "radie": [selectors.RADIUS_M],
        "kategorier": selectors.DEFAULT_CATEGORIES,
    }
    for name, values in defaults.items():
        if name not in data:
            data.setlist(name, [str(v) for v in values])
    return data


def _capacity_data(data: QueryDict | None, prefix: str) -> QueryDict | None:
    """An organisation's capacity fields that the query leaves out, at their defaults."""
    if data is None:
        return None
    for name, field in CapacityForm.base_fields.items():
        if f"{prefix}-{name}" not in data and field.initial is not None:
            data[f"{prefix}-{name}"] = str(field.initial)
    return data


def _parameters(municipality, form: GapForm) -> selectors.Parameters:
    if not form.is_bound:
        return selectors.Parameters(municipality, next_monday(timezone.localdate()))
    data = form.cleaned_data
    return selectors.Parameters(
        municipality,
        data["vecka"],
        history_weeks=data["veckor"],
        coverage_weeks=data["tackning"],
        radius_m=data["radie"],
        categories=tuple(data["kategorier"]),
    )


def _capacities(capacity_forms: list[CapacityForm]) -> list[selectors.Capacity]:
    return [f.capacity() if f.is_bound else selectors.Capacity(f.organisation) for f in capacity_forms]


def _valid(form: GapForm, capacity_forms: list[CapacityForm]) -> bool:
    return not form.is_bound or (form.is_valid() and all(f.is_valid() for f in capacity_forms))


@login_required
def gaps(request: HttpRequest, municipality: str, problem: str = "", status: int = 200) -> HttpResponse:
    """Coverage, gaps and suggestions for a week."""
    require(request, READ)
    municipality = municipality_for(request.user, municipality)
    form, capacity_forms = _forms(request, municipality)
    report = None
    if _valid(form, capacity_forms):
        report = selectors.gap_report(_parameters(municipality, form), _capacities(capacity_forms))
    else:
        status = 400
    context = {
        "municipality": municipality,
        "form": form,
        "capacity_forms": capacity_forms,
        "report": report,
        "problem": problem,
        "can_accept": request.user.may(EDIT),
        "map_data": selectors.gap_map(municipality, report) if report else [],
        "map_view": map_view(municipality),
        "query": request.GET.urlencode(),
        "invalid": report is None,
        "hour_labels": HOUR_LABELS,
        "grids": [
            (_("Granskade händelser"), report["grid"]["incidents"]),
            (_("Närvarotimmar"), report["grid"]["presence_hours"]),
        ]
        if report
        else [],
    }
    return render(request, "presence/gaps.html", context, status=status)


@login_required
@require_POST
def accept(request: HttpRequest, municipality: str) -> HttpResponse:
    """Accept one suggestion into the plan of the organisation that will do it."""
    require(request, EDIT)
    kommun = municipality_for(request.user, municipality)
    form, capacity_forms = _forms(request, kommun)
    try:
        organisation_id, place_id = int(request.POST["organisation"]), int(request.POST["place"])
        date, start = request.POST["date"], request.POST["start"]
        datetime.date.fromisoformat(date), datetime.time.fromisoformat(start)
    except (KeyError, ValueError):
        return gaps(request, municipality, problem=_("Förslaget kunde inte läsas. Ladda om sidan."), status=400)
    if not _valid(form, capacity_forms):
        return gaps(request, municipality, status=400)
    try:
        accepted = services.accept_suggestion(
            user=request.user,
            params=_parameters(kommun, form),
            capacities=_capacities(capacity_forms),
            organisation_id=organisation_id,
            place_id=place_id,
            date=date,
            start=start,
        )
    except services.SuggestionGone:
        problem = _("Förslaget gäller inte längre: planerna eller händelserna har ändrats. Se de nya förslagen nedan.")
        return gaps(request, municipality, problem=problem, status=409)
    messages.success(
        request,
        _("%(place)s %(date)s kl. %(start)s är inlagt i planen för %(organisation)s.")
        % {
            "place": accepted.place.name,
            "date": accepted.date.isoformat(),
            "start": accepted.start_time.strftime("%H:%M"),
            "organisation": accepted.organisation.name,
        },
    )
    url = reverse("presence:gaps", args=[kommun.slug])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
