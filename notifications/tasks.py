"""Sending e-mail is a background job: a slow or unreachable mail server never holds up a page, and a
temporary failure is tried again later."""

import datetime
import logging

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from . import mail

logger = logging.getLogger("trygg.mail")

# Each kind of message and the function that builds it from object ids (None: nothing to send any more).
BUILDERS = {
    "report_received": "incidents.notify.report_received",
    "report_updated": "incidents.notify.report_updated",
    "shift_at_risk": "shifts.notify.shift_at_risk",
    "missing_log": "fieldwork.notify.missing_log",
    "item_assigned": "actions.notify.item_assigned",
    "item_due": "actions.notify.item_due",
}
MAX_ATTEMPTS = 6


def notify(kind: str, *ids: int) -> None:
    """Queue a message; in the caller's transaction, so it is sent only if the change it tells of is saved."""
    if kind not in BUILDERS:
        raise ValueError(f"okänt meddelande {kind!r}")
    deliver.enqueue(kind, list(ids))


@task()
def deliver(kind: str, ids: list[int], attempt: int = 1) -> str:
    message = import_string(BUILDERS[kind])(*ids)
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
