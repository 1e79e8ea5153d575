"""Which sessions belong to whom, so that a deactivated user is logged out everywhere at once, whichever
way they logged in (password, single sign-on) and whoever deactivated them (the admin, a shell, a service)."""

from importlib import import_module

from django.conf import settings
from django.db import transaction

from .models import LoginSession, User


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def record_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: note the session; forget this user's sessions that have ended meanwhile."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key is None:
        return
    ended = [
        k
        for k in LoginSession.objects.filter(user=user).values_list("session_key", flat=True)
        if not _store().exists(k)
    ]
    LoginSession.objects.filter(session_key__in=ended).delete()
    LoginSession.objects.update_or_create(session_key=key, defaults={"user": user})


def end_sessions(user: User) -> int:
    """Delete every session the user is logged in with; the number ended."""
    with transaction.atomic():
        keys = list(LoginSession.objects.select_for_update().filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            _store(key).delete()
        LoginSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def end_sessions_when_deactivated(sender, instance: User, **kwargs) -> None:
    """post_save of a user: an inactive account has no sessions."""
    if not instance.is_active:
        end_sessions(instance)
