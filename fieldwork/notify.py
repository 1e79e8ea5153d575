import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import mail

from .models import PresencePlan


def missing_log(plan_pk: int, day_ordinal: int, user_pk: int):
    """The morning after a planned shift that nobody logged: a link that opens the log form filled in."""
    plan = PresencePlan.objects.filter(pk=plan_pk).first()
    user = mail.reachable(User.objects.filter(pk=user_pk)).first()
    if plan is None or user is None:
        return None
    day = datetime.date.fromordinal(day_ordinal)
    url = mail.absolute(reverse("fieldwork:log_create") + f"?plan={plan.pk}&dag={day.isoformat()}")
    context = {"plan": plan, "day": day, "url": url, "user": user}
    subject = _("Passet %(plan)s är inte loggat")
    return mail.compose("missing_log", user.email, subject, context, subject_args={"plan": plan.title})
