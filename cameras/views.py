from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import render_form, require, save_or_409
from accounts.roles import EDIT, READ
from accounts.selectors import municipalities_for, municipality_for

from . import selectors, services
from .forms import CameraSiteForm
from .models import CameraSite


@login_required
def camera_list(request: HttpRequest) -> HttpResponse:
    require(request, READ)
    sites = selectors.camera_sites_for(request.user)
    context = {
        "sites": sites,
        "municipalities": municipalities_for(request.user),
        "can_edit": request.user.may(EDIT),
        "today": timezone.localdate(),
    }
    return render(request, "cameras/list.html", context)


@login_required
def camera_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    if pk:
        site = get_object_or_404(selectors.camera_sites_for(request.user), pk=pk)
        municipality = site.municipality
    else:
        municipality = municipality_for(request.user, municipality)
        site = CameraSite(municipality=municipality)
    form = CameraSiteForm(request.POST or None, instance=site, municipality=municipality)
    context = {"form": form, "site": site, "municipality": municipality}
    if request.method == "POST" and form.is_valid():
        save = lambda: services.save_camera_site(  # noqa: E731
            user=request.user, site=form.save(commit=False), expected_version=form.expected_version
        )
        if refused := save_or_409(request, "cameras/form.html", context, form, save):
            return refused
        messages.success(request, _("Kameraregistret är uppdaterat."))
        return redirect("cameras:list")
    return render_form(request, "cameras/form.html", context, form)
