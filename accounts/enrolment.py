"""Enrolment of the second factor only with a link from an administrator (a second channel).

Without it, whoever first logged in with a coordinator's password could enrol their own phone.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from trygg.tokens import digest, new_secret

from .models import EnrolmentLink, User

SESSION_KEY = "trygg_enrolment_link"
VALID_FOR = datetime.timedelta(hours=72)


@transaction.atomic
def issue_link(*, user: User, created_by: User | None) -> str:
    """A new link (earlier unused ones stop working); returns the path to send to the user."""
    EnrolmentLink.objects.filter(user=user, used_at=None).update(expires_at=timezone.now())
    token = new_secret()
    EnrolmentLink.objects.create(
        user=user, token_hash=digest(token), created_by=created_by, expires_at=timezone.now() + VALID_FOR
    )
    return reverse("accounts:enrol", args=[token])


def _valid_link(user: User, token: str) -> EnrolmentLink | None:
    return EnrolmentLink.objects.filter(
        user=user, token_hash=digest(token), used_at=None, expires_at__gt=timezone.now()
    ).first()


def pending_link(request: HttpRequest) -> EnrolmentLink | None:
    """The link this session opened, if it is still good for this user."""
    link_id = request.session.get(SESSION_KEY)
    if not link_id:
        return None
    return EnrolmentLink.objects.filter(
        pk=link_id, user=request.user, used_at=None, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def consume(link: EnrolmentLink) -> bool:
    """Mark the link used; False if another request used it first."""
    return EnrolmentLink.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now()) == 1


@login_required
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the administrator's message, after logging in with the password."""
    link = _valid_link(request.user, token[:100])
    if link is None:
        context = {"reason": "invalid"}
        return render(request, "registration/enrolment_needed.html", context, status=403)
    request.session[SESSION_KEY] = link.pk
    return redirect("accounts:two_factor")
