"""The night walkers' Friday walks published as shifts for the coming three weeks; Nora has signed up
for the second and Nils for the third, so the first (if it is within 48 hours) shows as at risk."""

import datetime

from django.utils import timezone

from accounts.models import User
from fieldwork.models import PresencePlan
from shifts import services
from shifts.models import Shift, Signup


def load() -> None:
    today = timezone.localdate()
    plan = PresencePlan.objects.filter(
        organisation__name="Nattvandrarna i Strängnäs", valid_from__lte=today, valid_to__gte=today
    ).first()
    if plan is None or Shift.objects.filter(plan=plan).exists():
        return
    coordinator = User.objects.get(username="samordnare")
    services.publish(user=coordinator, plan=plan, first=today, last=today + datetime.timedelta(weeks=3), capacity=6)
    coming = list(Shift.objects.filter(plan=plan, starts_at__gt=timezone.now()).order_by("starts_at")[:3])
    for shift, username in zip(coming[1:], ["nattvandrare", "nattvandrare2"], strict=False):
        Signup.objects.get_or_create(shift=shift, user=User.objects.get(username=username))
