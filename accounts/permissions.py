"""Who may do what, by role: one definition for the pages and the API."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import User
from .services import StaleEdit

EDITORS = frozenset({User.Role.ADMINISTRATOR, User.Role.COORDINATOR})
LOGGERS = EDITORS | {User.Role.REPORTER}


def require_role(request: HttpRequest, roles: frozenset[str]) -> None:
    if getattr(request.user, "effective_role", None) not in roles:
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


def render_form(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    """A form page: 400 when the submitted form has errors, so bad input is never mistaken for success."""
    return render(request, template, context, status=400 if form.errors else 200)
