"""E-mail through Django's mail framework: one template pair per message (templates/mail/<name>.txt and
.html), rendered in the recipient's language. Addresses are looked up when the message is sent, so no
address is ever stored in the job queue."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from trygg.text import one_line

logger = logging.getLogger("trygg.mail")

# What a temporary failure of the mail server looks like; the message is tried again later.
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPResponseException, OSError)


def reachable(users):
    """The users e-mail can reach: active, with an address."""
    return users.filter(is_active=True).exclude(email="")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def compose(
    name: str,
    to: str,
    subject,
    context: dict,
    language: str = "sv",
    headers: dict | None = None,
    subject_args: dict | None = None,
) -> EmailMultiAlternatives:
    """The message `name` to `to`, plain text with an HTML alternative. `subject` is a lazy translation,
    formatted with `subject_args` in the recipient's language, on one line (a header cannot break)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        message = EmailMultiAlternatives(
            subject=one_line(str(subject) % (subject_args or {})),
            body=render_to_string(f"mail/{name}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={"Auto-Submitted": "auto-generated", **(headers or {})},
        )
        message.attach_alternative(render_to_string(f"mail/{name}.html", context), "text/html")
    return message


def send(message: EmailMultiAlternatives) -> None:
    message.send(fail_silently=False)
    logger.info("e-post skickad: %s", message.subject)  # never the address
