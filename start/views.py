from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import User
from accounts.roles import EDIT, LOG

from . import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on a page made for it (LOGIN_REDIRECT_URL)."""
    user = request.user
    context = {
        "shifts": selectors.tonight(user) if user.may(LOG) else [],
        "my_items": selectors.my_items(user),
        "today": timezone.localdate(),
    }
    if user.may(EDIT):
        context["week"] = selectors.coordinator_week(user)
    elif user.effective_role == User.Role.VIEWER:
        context.update(selectors.overview(user))
    return render(request, "start/home.html", context)
