"""The weekly lägesbild: one ISO week's figures and the meeting's analysis, approved and then frozen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from privacy.screening import validate_no_personal_data
from trygg.calendar import iso_week_of
from trygg.freezing import Freezable


class SituationReport(Freezable):
    """Lägesbild for one ISO week. Approved versions are frozen; a change makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Godkänd")

    frozen_when = {"status": Status.APPROVED}
    frozen_message = _("Lägesbilden har godkänts och är låst. Ändringen sparades inte; skapa en ny version.")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="situation_reports", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    week = models.PositiveSmallIntegerField(_("vecka"), validators=[MinValueValidator(1), MaxValueValidator(53)])
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("siffror"), default=dict, blank=True)
    analysis = models.TextField(
        _("analys"),
        blank=True,
        max_length=10000,
        validators=[validate_no_personal_data],
        help_text=_("Mötets bedömning av läget: platser och situationer, inte personer."),
    )
    built_at = models.DateTimeField(_("beräknad"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänd av"),
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)

    class Meta:
        db_table = "incidents_situationreport"
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["-year", "-week", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "week", "version"], name="one_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} v. {self.week} {self.year} (version {self.version})"

    @property
    def iso_week(self) -> str:
        return iso_week_of(self.year, self.week)

    def save(self, *args, **kwargs):
        if self.frozen_in_database():
            raise ValidationError(_("En godkänd lägesbild kan inte ändras. Skapa en ny version."))
        super().save(*args, **kwargs)
