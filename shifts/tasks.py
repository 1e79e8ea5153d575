from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications.tasks import notify

from . import selectors
from .models import Shift


@task()
def warn_shifts_at_risk() -> int:
    """Hourly: a shift with fewer than two signed up 48 hours before it starts is e-mailed to the
    coordinators, once (again only after a cancellation takes it below two anew)."""
    warned = 0
    for shift in selectors.at_risk(Shift.objects.filter(at_risk_warned_at=None)):
        with transaction.atomic():
            for user in selectors.coordinators_to_warn(shift):
                notify("shift_at_risk", shift.pk, user.pk)
            Shift.objects.filter(pk=shift.pk).update(at_risk_warned_at=timezone.now())
        warned += 1
    return warned
