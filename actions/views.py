from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import form_page, require
from accounts.roles import EDIT
from accounts.selectors import municipalities_for, municipality_for
from strategy.selectors import measures_for

from . import selectors, services
from .forms import ItemForm, ListFilter, StatusForm
from .models import ActionItem


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    """ "My items" first; the organisation's and (for readers) every item in the user's municipalities."""
    filters = ListFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    scope, state = chosen.get("visa") or "mina", chosen.get("status") or "oppna"
    items = selectors.items_for(request.user)
    if scope == "mina":
        items = items.filter(assignee=request.user.pk)
    elif scope == "organisation":
        items = items.filter(owner=request.user.organisation_id)
    items = {
        "oppna": selectors.open_items,
        "forsenade": selectors.overdue,
        "stangda": lambda q: q.exclude(status__in=ActionItem.OPEN_STATUSES),
        "alla": lambda q: q,
    }[state](items)
    context = {
        "items": items[:300],
        "filters": filters,
        "today": timezone.localdate(),
        "scope": scope,
        "can_create": municipalities_for(request.user) if request.user.may(EDIT) else [],
    }
    return render(request, "actions/item_list.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.items_for(request.user), pk=pk)
    can_update = selectors.may_update(request.user, item)
    form = StatusForm(instance=item) if can_update else None
    return _detail_page(request, item, form)


def _detail_page(request: HttpRequest, item: ActionItem, form: StatusForm | None) -> HttpResponse:
    context = {
        "item": item,
        "form": form,
        "can_edit": request.user.may(EDIT),
        "overdue": item.is_overdue(timezone.localdate()),
        "decisions": item.decisions.select_related("report")[:10],
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "actions/item_detail.html", context, status=status)


@login_required
@require_POST
def update_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.items_for(request.user), pk=pk)
    if not selectors.may_update(request.user, item):
        raise PermissionDenied
    form = StatusForm(request.POST, instance=item)
    if not form.is_valid():
        return _detail_page(request, selectors.items_for(request.user).get(pk=pk), form)
    services.save_item(user=request.user, item=form.save(commit=False))
    messages.success(request, _("Status är sparad."))
    return redirect(item)


@login_required
def edit(request: HttpRequest, pk: int | None = None, municipality: str | None = None) -> HttpResponse:
    """A coordinator sets what, who and by when; from a measure (?atgard=) the item follows it."""
    require(request, EDIT)
    item = get_object_or_404(selectors.items_for(request.user), pk=pk) if pk else None
    place = item.municipality if item else municipality_for(request.user, municipality)
    form = ItemForm(request.POST or None, instance=item, municipality=place)
    measure_pk = request.GET.get("atgard", "")
    if item is None and measure_pk.isdigit():
        measure = get_object_or_404(measures_for(request.user), pk=int(measure_pk), plan__municipality=place)
        form.instance.measure, form.instance.origin = measure, ActionItem.Origin.MEASURE
        form.initial.setdefault("owner", measure.owner_id)
    context = {"form": form, "item": item, "municipality": place}
    return form_page(
        request,
        "actions/item_form.html",
        context,
        form,
        lambda: services.save_item(
            user=request.user, item=form.save(commit=False), expected_version=form.expected_version
        ),
    )
