"""What the presence-gap page leaves behind: the suggestions a coordinator accepted into a plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from fieldwork.models import PresencePlan
from places.models import Place


class AcceptedSuggestion(models.Model):
    """A place and a time the gap analysis suggested and a coordinator accepted: the plan it became, and
    why it was suggested (for the situation report). A place and a time, never a person."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="accepted_suggestions", verbose_name=_("kommun")
    )
    plan = models.OneToOneField(
        PresencePlan, on_delete=models.CASCADE, related_name="suggestion", verbose_name=_("närvaroplan")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("utförs av")
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("plats"))
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    expected_incidents = models.FloatField(_("förväntade händelser"))
    recent_incidents = models.PositiveIntegerField(_("händelser de senaste veckorna"))
    history_weeks = models.PositiveSmallIntegerField(_("veckor som räknats"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("antaget av")
    )
    accepted_at = models.DateTimeField(_("antaget"), auto_now_add=True)

    class Meta:
        verbose_name = _("antaget förslag")
        verbose_name_plural = _("antagna förslag")
        ordering = ["date", "start_time"]

    def __str__(self) -> str:
        return f"{self.place} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"
