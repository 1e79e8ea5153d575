"""Messages to a citizen about their own report: received (with its reference number), then reviewed or
answered. Each carries a link to the report's public status page and a link that stops the messages and
erases the address."""

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import mail

from .models import Incident

SALT = "trygg.report-mail-opt-out"


def opt_out_signature(incident: Incident) -> str:
    return signing.Signer(salt=SALT).signature(incident.public_ref)


def valid_opt_out(incident: Incident, signature: str) -> bool:
    return signing.constant_time_compare(opt_out_signature(incident), signature)


def status_url(incident: Incident) -> str:
    return reverse("public:report_status", args=[incident.municipality.slug, incident.public_ref])


def opt_out_url(incident: Incident) -> str:
    return reverse(
        "public:report_opt_out", args=[incident.municipality.slug, incident.public_ref, opt_out_signature(incident)]
    )


def _message(incident: Incident, name: str, subject):
    if not incident.contact_email:
        return None  # the citizen left no address, or asked us to stop
    opt_out = mail.absolute(opt_out_url(incident))
    context = {
        "incident": incident,
        "municipality": incident.municipality,
        "status_url": mail.absolute(status_url(incident)),
        "opt_out_url": opt_out,
    }
    headers = {"List-Unsubscribe": f"<{opt_out}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return mail.compose(
        name,
        incident.contact_email,
        subject,
        context,
        incident.contact_language,
        headers,
        subject_args={"ref": incident.public_ref},
    )


def _incident(pk: int) -> Incident | None:
    return Incident.objects.select_related("municipality", "category").filter(pk=pk).first()


def report_received(pk: int):
    incident = _incident(pk)
    return incident and _message(incident, "report_received", _("Vi har tagit emot din rapport %(ref)s"))


def report_updated(pk: int):
    incident = _incident(pk)
    return incident and _message(incident, "report_updated", _("Din rapport %(ref)s har behandlats"))
