"""Volunteer shifts (the Night Owls pattern): an association publishes the occurrences of its presence
plans as shifts; its members sign up, walk in pairs at least, check in and out, and log the walk."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from fieldwork.models import ActivityLog, PresencePlan
from trygg.calendar import check_period

MIN_PEOPLE = 2  # nobody walks alone
MAX_CAPACITY = 30


class Shift(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("förening")
    )
    plan = models.ForeignKey(PresencePlan, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("plan"))
    starts_at = models.DateTimeField(_("start"), db_index=True)
    ends_at = models.DateTimeField(_("slut"))
    capacity = models.PositiveSmallIntegerField(
        _("antal platser"), validators=[MinValueValidator(MIN_PEOPLE), MaxValueValidator(MAX_CAPACITY)]
    )
    cancelled = models.BooleanField(_("inställt"), default=False)
    at_risk_warned_at = models.DateTimeField(_("varnat för för få"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("publicerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pass")
        verbose_name_plural = _("pass")
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "starts_at"], name="one_shift_per_occurrence")]

    def __str__(self) -> str:
        return f"{self.plan.title} {self.starts_at:%Y-%m-%d}"

    def clean(self) -> None:
        check_period(
            self.starts_at,
            self.ends_at,
            field="ends_at",
            message=_("Passet måste sluta efter att det börjar."),
            strict=True,
        )


class Signup(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("pass"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_signups", verbose_name=_("medlem")
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("incheckad"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("utcheckad"), null=True, blank=True)
    log = models.ForeignKey(
        ActivityLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("logg")
    )

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["shift", "user"], name="one_signup_per_member")]

    def __str__(self) -> str:
        return f"{self.shift} – {self.user_id}"

    @property
    def municipality(self) -> Municipality:
        return self.shift.municipality
