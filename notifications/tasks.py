"""Sending e-mail is a background job: a slow or unreachable mail server never holds up a page, and a
temporary failure is tried again later."""

import datetime
import logging
from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from . import mail

logger = logging.getLogger("trygg.mail")

MAX_ATTEMPTS = 6

# Each kind of message and the function that builds it from object ids (None: nothing to send any more),
# registered by the app that owns the message.
_builders: dict[str, Callable[..., EmailMultiAlternatives | None]] = {}


def register_builder(kind: str, builder: Callable[..., EmailMultiAlternatives | None]) -> None:
    """From the owning app's AppConfig.ready(); registering a kind again replaces its builder."""
    _builders[kind] = builder


def notify(kind: str, *ids: int) -> None:
    """Queue a message; in the caller's transaction, so it is sent only if the change it tells of is saved."""
    if kind not in _builders:
        raise ValueError(f"okänt meddelande {kind!r}")
    deliver.enqueue(kind, list(ids))


@task()
def deliver(kind: str, ids: list[int], attempt: int = 1) -> str:
    message = _builders[kind](*ids)
    if message is None:
        return "inget att skicka"
    try:
        mail.send(message)
    except mail.TRANSIENT as error:
        if attempt >= MAX_ATTEMPTS:
            raise
        delay = datetime.timedelta(minutes=2**attempt)
        logger.warning("e-post (%s) kunde inte skickas, nytt försök om %s: %s", kind, delay, type(error).__name__)
        deliver.using(run_after=timezone.now() + delay).enqueue(kind, ids, attempt + 1)
        return f"nytt försök {attempt + 1}"
    return "skickat"
