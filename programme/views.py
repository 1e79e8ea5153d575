import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import history
from accounts.permissions import render_form, require, save_or_409
from accounts.roles import EDIT, READ
from accounts.selectors import audit_entries_for, municipalities_for, municipality_for
from accounts.services import delete_audited, save_audited, save_form_audited
from trygg.freezing import Frozen
from trygg.paging import paginate

from . import exports, forms, selectors, services, snapshot
from .models import Activity, FocusArea, FollowUp, Indicator, Promise, Signatory
from .rollup import roll_up


@login_required
def promise_set_list(request: HttpRequest) -> HttpResponse:
    require(request, READ)
    promise_sets = selectors.promise_sets_for(request.user).order_by("municipality__name", "-period_start")
    context = {"promise_sets": promise_sets, "municipalities": municipalities_for(request.user)}
    return render(request, "programme/promise_set_list.html", context)


@login_required
def promise_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    promise_set = get_object_or_404(selectors.promise_set_tree_for(request.user), pk=pk)
    return render(request, "programme/promise_set_detail.html", {"promise_set": promise_set})


@login_required
def promise_set_create(request: HttpRequest, municipality: str) -> HttpResponse:
    require(request, EDIT)
    municipality = municipality_for(request.user, municipality)
    form = forms.PromiseSetForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        promise_set = save_form_audited(user=request.user, form=form)
        messages.success(request, _("Medborgarlöftet är skapat. Lägg till undertecknare, fokusområden och löften."))
        return redirect(promise_set)
    return render_form(request, "programme/promise_set_form.html", {"form": form, "municipality": municipality}, form)


@login_required
def promise_set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    promise_set = get_object_or_404(selectors.promise_sets_for(request.user), pk=pk)
    form = forms.PromiseSetForm(request.POST or None, instance=promise_set, municipality=promise_set.municipality)
    context = {"form": form, "municipality": promise_set.municipality, "promise_set": promise_set}
    if request.method == "POST" and form.is_valid() and promise_set.published and "bekraftad" not in request.POST:
        # Citizens read it: show what will change on the public page and ask first.
        return render(request, "programme/object_preview.html", {**context, "changes": _changes(form)})
    if request.method == "POST" and form.is_valid():
        save = lambda: save_form_audited(user=request.user, form=form)  # noqa: E731
        if refused := save_or_409(request, "programme/promise_set_form.html", context, form, save):
            return refused
        messages.success(request, _("Ändringen är sparad."))
        return redirect(promise_set)
    return render_form(request, "programme/promise_set_form.html", context, form)


@login_required
def promise_set_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing and withdrawing are asked about first (GET shows what happens), then done by POST."""
    require(request, EDIT)
    promise_set = get_object_or_404(selectors.promise_sets_for(request.user), pk=pk)
    publish = request.POST.get("published", request.GET.get("published")) == "1"
    if request.method != "POST" or "bekraftad" not in request.POST:
        context = {"promise_set": promise_set, "publish": publish}
        return render(request, "programme/promise_set_publish.html", context)
    services.set_published(user=request.user, promise_set=promise_set, published=publish)
    messages.success(request, _("Medborgarlöftet är publicerat.") if publish else _("Publiceringen är återkallad."))
    return redirect(promise_set)


@dataclass(frozen=True)
class EditableKind:
    model: type[Model]
    form_class: type[forms.PromiseSetScopedForm]
    scoped: Callable[..., QuerySet]
    label: str


EDITABLE_KINDS = {
    "fokusomraden": EditableKind(
        FocusArea, forms.FocusAreaForm, selectors.focus_areas_for, gettext_lazy("fokusområde")
    ),
    "loften": EditableKind(Promise, forms.PromiseForm, selectors.promises_for, gettext_lazy("löfte")),
    "aktiviteter": EditableKind(Activity, forms.ActivityForm, selectors.activities_for, gettext_lazy("aktivitet")),
    "indikatorer": EditableKind(Indicator, forms.IndicatorForm, selectors.indicators_for, gettext_lazy("indikator")),
    "undertecknare": EditableKind(
        Signatory, forms.SignatoryForm, selectors.signatories_for, gettext_lazy("undertecknare")
    ),
}


def _changes(form) -> list[tuple[str, str, str]]:
    """(field, before, after) of a valid form, for the preview of a change to a published promise set."""
    rows = []
    for name in form.changed_data:
        field = form.fields[name]
        if name == "version" or field.widget.is_hidden:
            continue
        before, after = form.initial.get(name), form.cleaned_data.get(name)
        rows.append((str(field.label), _shown(field, before), _shown(field, after)))
    return rows


def _shown(field, value) -> str:
    if value in (None, ""):
        return "–"
    if hasattr(field, "choices") and not hasattr(value, "pk"):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _edit(request: HttpRequest, kind: EditableKind, promise_set, instance=None) -> HttpResponse:
    form = kind.form_class(request.POST or None, instance=instance, promise_set=promise_set)
    context = {"form": form, "kind": kind, "promise_set": promise_set, "instance": instance}
    if request.method == "POST" and form.is_valid() and promise_set.published and "bekraftad" not in request.POST:
        # A published set is read by citizens: show what will change on the public page and ask first.
        context["changes"] = _changes(form)
        return render(request, "programme/object_preview.html", context)
    if request.method == "POST" and form.is_valid():
        save = lambda: save_audited(  # noqa: E731
            user=request.user, instance=form.save(commit=False), expected_version=form.expected_version
        )
        if refused := save_or_409(request, "programme/object_form.html", context, form, save):
            return refused
        messages.success(request, _("Ändringen är sparad."))
        return redirect(promise_set)
    return render_form(request, "programme/object_form.html", context, form)


@login_required
def object_create(request: HttpRequest, set_pk: int, kind: str) -> HttpResponse:
    require(request, EDIT)
    editable = EDITABLE_KINDS.get(kind)
    if editable is None:
        raise Http404
    promise_set = get_object_or_404(selectors.promise_sets_for(request.user), pk=set_pk)
    return _edit(request, editable, promise_set)


@login_required
def object_update(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require(request, EDIT)
    editable = EDITABLE_KINDS.get(kind)
    if editable is None:
        raise Http404
    instance = get_object_or_404(editable.scoped(request.user), pk=pk)
    return _edit(request, editable, instance.promise_set, instance)


@login_required
def object_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require(request, EDIT)
    editable = EDITABLE_KINDS.get(kind)
    if editable is None:
        raise Http404
    instance = get_object_or_404(editable.scoped(request.user), pk=pk)
    promise_set = instance.promise_set
    if request.method == "POST":
        delete_audited(user=request.user, instance=instance)
        messages.success(request, _("Borttaget."))
        return redirect(promise_set)
    context = {"kind": editable, "instance": instance, "promise_set": promise_set}
    return render(request, "programme/object_confirm_delete.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what, in words, filterable by person, type of object, one object and period; paged."""
    require(request, EDIT)
    entries = audit_entries_for(request.user)
    everything = entries
    form = forms.AuditFilterForm(request.GET or None, entries=entries)
    if form.is_valid():
        entries = form.filter(entries)
    page, query = paginate(request, entries)
    rows = [history.describe(entry) for entry in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "total": everything.count(), "query": query}
    return render(request, "programme/audit_log.html", context)


@login_required
def follow_up_list(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    promise_set = get_object_or_404(selectors.promise_sets_for(request.user), pk=pk)
    form = forms.FollowUpForm(request.POST or None, promise_set=promise_set)
    if request.method == "POST":
        require(request, EDIT)
        if form.is_valid():
            follow_up = services.create_follow_up(user=request.user, follow_up=form.save(commit=False))
            return redirect("programme:follow_up_edit", pk=follow_up.pk)
    context = {"promise_set": promise_set, "form": form, "follow_ups": promise_set.follow_ups.all()}
    return render_form(request, "programme/follow_up_list.html", context, form)


def _save_follow_up(request: HttpRequest, form, formset, follow_up: FollowUp) -> None:
    services.save_follow_up(user=request.user, follow_up=form.save(commit=False), statuses=formset.save(commit=False))
    if "publish" in request.POST:
        services.publish_follow_up(user=request.user, follow_up=follow_up)
        messages.success(request, _("Uppföljningen är publicerad och låst."))
    else:
        messages.success(request, _("Ändringen är sparad."))


@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    follow_up = get_object_or_404(selectors.follow_ups_for(request.user), pk=pk)
    statuses = follow_up.promise_statuses.select_related("promise__focus_area").order_by(
        "promise__focus_area__order", "promise__order"
    )
    form = forms.FollowUpForm(request.POST or None, instance=follow_up, promise_set=follow_up.promise_set)
    formset = forms.PromiseStatusFormSet(request.POST or None, queryset=statuses)
    if request.method == "POST":
        require(request, EDIT)
        if follow_up.is_frozen:
            raise PermissionDenied
        if form.is_valid() and formset.is_valid():
            try:
                _save_follow_up(request, form, formset, follow_up)
            except Frozen as frozen:  # published meanwhile: refused as a published one is above
                raise PermissionDenied from frozen
            return redirect("programme:follow_up_edit", pk=follow_up.pk)
    context = {
        "follow_up": follow_up,
        "published": snapshot.read(follow_up.snapshot) if follow_up.is_frozen else None,
        "form": form,
        "formset": formset,
        "promise_set": follow_up.promise_set,
    }
    status = 400 if form.errors or any(formset.errors) else 200
    return render(request, "programme/follow_up_edit.html", context, status=status)


@login_required
def indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    """Values entered by hand for an indicator that is computed neither from logs nor from incidents."""
    require(request, EDIT)
    indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    form = forms.IndicatorValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        services.enter_indicator_value(user=request.user, value=form.instance)
        messages.success(request, _("Värdet är registrerat."))
        return redirect("programme:indicator_values", pk=indicator.pk)
    context = {"form": form, "indicator": indicator, "values": indicator.values.select_related("entered_by")}
    return render_form(request, "programme/indicator_values.html", context, form)


@login_required
@require_POST
def indicator_value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, EDIT)
    value = get_object_or_404(selectors.indicator_values_for(request.user), pk=pk)
    services.delete_indicator_value(user=request.user, value=value)
    messages.success(request, _("Värdet är borttaget."))
    return redirect("programme:indicator_values", pk=value.indicator_id)


def _period(request: HttpRequest, promise_set) -> tuple[datetime.date, datetime.date]:
    def parse(name: str, default: datetime.date) -> datetime.date:
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default

    first, last = parse("fran", promise_set.period_start), parse("till", promise_set.period_end)
    return (first, last) if first <= last else (last, first)


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, READ)
    promise_set = get_object_or_404(selectors.promise_sets_for(request.user), pk=pk)
    first, last = _period(request, promise_set)
    result = roll_up(promise_set, first, last)
    export = request.GET.get("format")
    if export == "csv":
        return exports.follow_up_csv(result)
    if export == "xlsx":
        return exports.follow_up_xlsx(result)
    if export:
        raise Http404
    context = {"follow_up": result, "promise_set": promise_set, "can_edit": request.user.may(EDIT)}
    return render(request, "programme/live_follow_up.html", context)
