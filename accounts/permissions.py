"""Asking the role table (accounts.roles) from a page: one way to refuse, for the pages and the API."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .roles import EDIT, roles_that_may
from .services import StaleEdit

# The roles that may edit: those a change can be assigned to or a warning sent to.
EDITORS = roles_that_may(EDIT)


def require(request: HttpRequest, ability: str) -> None:
    """403 unless the signed-in user's role may do this."""
    user = request.user
    if not (user.is_authenticated and user.may(ability)):
        raise PermissionDenied


def save_or_409(request: HttpRequest, template: str, context: dict, form, save) -> HttpResponse | None:
    """Run ``save`` (which passes form.expected_version on); when someone else saved first, the form page
    again with 409 and their change (accounts.forms.VersionedFormMixin). None when it was saved."""
    try:
        save()
    except StaleEdit as stale:
        form.refuse_stale(stale)
        return render(request, template, context, status=409)
    return None


def form_page(request: HttpRequest, template: str, context: dict, form, save, done=None) -> HttpResponse:
    """The whole life of an edit page: a valid POST is saved by ``save()`` (which returns the object) and
    redirected to ``done(object)``, or to the object itself, with a message; a stale form answers 409
    (save_or_409); anything else shows the form, 400 when it has errors."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    if request.method == "POST" and form.is_valid():
        saved = []
        if refused := save_or_409(request, template, context, form, lambda: saved.append(save())):
            return refused
        messages.success(request, _("Ändringen är sparad."))
        return redirect(done(saved[0]) if done else saved[0])
    return render_form(request, template, context, form)


def render_form(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    """A form page: 400 when the submitted form has errors, so bad input is never mistaken for success."""
    return render(request, template, context, status=400 if form.errors else 200)
