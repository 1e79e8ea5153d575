from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import mail

from .models import Shift


def shift_at_risk(shift_pk: int, user_pk: int):
    shift = Shift.objects.select_related("plan", "organisation").filter(pk=shift_pk).first()
    user = mail.reachable(User.objects.filter(pk=user_pk)).first()
    if shift is None or user is None or shift.cancelled:
        return None
    context = {
        "shift": shift,
        "starts": timezone.localtime(shift.starts_at),
        "signed_up": shift.signups.count(),
        "url": mail.absolute(reverse("shifts:list")),
        "user": user,
    }
    subject = _("För få anmälda: %(shift)s")
    return mail.compose("shift_at_risk", user.email, subject, context, subject_args={"shift": shift.plan.title})
