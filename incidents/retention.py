"""How long reports, photos, the police's events and imports are kept; privacy.retention applies it
(registered in IncidentsConfig.ready()). Category, time and place stay for trends."""

from django.db.models import Q

from .models import Incident, IncidentImport, IncidentPhoto, PoliceEvent


def contact_emails(cutoff):
    return Incident.objects.filter(created_at__lt=cutoff).exclude(contact_email="")


def rejected(cutoff):
    return Incident.objects.filter(status=Incident.Status.REJECTED, created_at__lt=cutoff)


def descriptions(cutoff):
    return Incident.objects.filter(created_at__lt=cutoff).exclude(description="")


def photos(cutoff):
    return IncidentPhoto.objects.filter(created_at__lt=cutoff)


def police_events(cutoff):
    return PoliceEvent.objects.filter(occurred_at__lt=cutoff)


def _not_done():
    # An import's rows are invisible until it is done (incidents.services.import_staged).
    return IncidentImport.objects.exclude(status=IncidentImport.Status.DONE)


def abandoned_staged_rows(cutoff):
    return Incident.everything.filter(import_job__in=_not_done().values("pk"), created_at__lt=cutoff)


def finished_imports(cutoff):
    with_rows = Incident.everything.filter(import_job__isnull=False).values("import_job")
    return IncidentImport.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at=None, created_at__lt=cutoff)
    ).exclude(pk__in=_not_done().filter(pk__in=with_rows).values("pk"))


def register_plans(register) -> None:
    # A citizen's e-mail for feedback: one year after the report.
    register("incident_contact_email", 365, contact_emails, anonymise={"contact_email": ""})
    # Rejected reports, as a whole: one year after the report.
    register("rejected_incidents", 365, rejected)
    # Incident descriptions: five years.
    register("incident_descriptions", 5 * 365, descriptions, anonymise={"description": ""})
    # Photos attached to reports: half a year, long enough to review and act on the damage.
    register("incident_photos", 183, photos)
    # The police's open events: five years.
    register("police_events", 5 * 365, police_events)
    # An import whose worker died and was not retried left its rows, unseen: two days. Before the imports
    # themselves: a deleted job leaves its rows without one, and so visible.
    register("abandoned_staged_rows", 2, abandoned_staged_rows)
    # Finished imports: a month (the file itself is erased as soon as its import ends).
    register("finished_imports", 30, finished_imports)
