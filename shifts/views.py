from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import render_form, require
from accounts.roles import EDIT, LOG
from fieldwork.forms import ActivityLogForm
from fieldwork.selectors import plans_for
from fieldwork.views import render_log_form, thank_for_log

from . import selectors, services
from .forms import PublishForm
from .models import Shift


@login_required
def shift_list(request: HttpRequest) -> HttpResponse:
    """A member's association's coming shifts, theirs first; coordinators see every shift and those at risk."""
    shifts = selectors.shifts_for(request.user)
    coming = list(selectors.upcoming(shifts).prefetch_related("signups__user")[:200])
    mine = set(request.user.shift_signups.filter(shift__in=coming).values_list("shift_id", flat=True))
    context = {
        "shifts": coming,
        "mine": mine,
        "at_risk": {s.pk for s in selectors.at_risk(shifts)},
        "can_publish": request.user.may(EDIT),
    }
    return render(request, "shifts/shift_list.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(selectors.shifts_for(request.user).prefetch_related("signups__user"), pk=pk)
    signup = next((s for s in shift.signups.all() if s.user_id == request.user.pk), None)
    context = {
        "shift": shift,
        "signup": signup,
        "is_member": services.is_member(request.user, shift),
        "at_risk": selectors.is_at_risk(shift),
    }
    return render(request, "shifts/shift_detail.html", context)


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    require(request, EDIT)
    form = PublishForm(request.POST or None, plans=plans_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = services.publish(
                user=request.user, plan=data["plan"], first=data["first"], last=data["last"], capacity=data["capacity"]
            )
        except services.ShiftError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(n)s nya pass är publicerade.") % {"n": count})
            return redirect("shifts:list")
    return render_form(request, "shifts/publish.html", {"form": form}, form)


def _act(request: HttpRequest, pk: int, action: Callable, done: str) -> Shift | None:
    require(request, LOG)  # volunteers and staff who walk; a viewer only reads
    shift = get_object_or_404(selectors.shifts_for(request.user), pk=pk)
    try:
        action(user=request.user, shift=shift)
    except services.ShiftError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, done)
    return shift


@login_required
@require_POST
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    _act(request, pk, services.sign_up, _("Du är anmäld till passet."))
    return redirect("shifts:detail", pk=pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _act(request, pk, services.cancel, _("Du är avanmäld."))
    return redirect("shifts:list")


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    _act(request, pk, services.check_in, _("Du är incheckad. Gå aldrig ensam; ring 112 vid fara."))
    return redirect("shifts:detail", pk=pk)


@login_required
@require_POST
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Checked out: on to the log form, filled in with the walk as it happened."""
    if _act(request, pk, services.check_out, _("Du är utcheckad. Fyll i kontakter och iakttagelser.")) is None:
        return redirect("shifts:detail", pk=pk)
    return redirect("shifts:log", pk=pk)


@login_required
def log(request: HttpRequest, pk: int) -> HttpResponse:
    """The log form after check-out, filled in with the walk as it happened; one walk, one log."""
    require(request, LOG)
    if request.user.organisation_id is None:
        raise PermissionDenied
    signup = selectors.checked_out_signup(request.user, pk)
    if signup is None:
        return redirect("fieldwork:log_create")  # not checked out of this shift: the ordinary log form
    if signup.log_id:
        messages.info(request, _("Passet är redan loggat av någon som gick det."))
        return redirect("fieldwork:home")
    form = ActivityLogForm(request.POST or None, user=request.user, initial=services.log_initial(signup))
    if request.method == "POST" and form.is_valid():
        walk = services.log_walk(
            user=request.user,
            shift=signup.shift,
            log=form.save(commit=False),
            places=list(form.cleaned_data["places"]),
        )
        thank_for_log(request, walk)
        return redirect("fieldwork:home")
    return render_log_form(request, form)
