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


class Recalculation(models.Model):
    """The figures of a draft report computed again by the background worker (situation.tasks): the page
    shows how far it has come, and the result is saved only if the report is still the draft it was."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Räknas")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")
        DISCARDED = "discarded", _("Sparades inte")

    class Reason(models.TextChoices):
        """Why a recalculation saved nothing, as the page says it."""

        BUILD_FAILED = (
            "build_failed",
            _(
                "Beräkningen stannade på ett fel. De tidigare siffrorna finns kvar. Försök igen; händer det igen, "
                "kontakta den som sköter Trygg."
            ),
        )
        WORKER_LOST = (
            "worker_lost",
            _("Bakgrundsarbetaren stannade innan siffrorna var klara. De tidigare siffrorna finns kvar; försök igen."),
        )
        APPROVED_MEANWHILE = (
            "approved",
            _(
                "Lägesbilden godkändes medan siffrorna räknades om, så de nya siffrorna sparades inte. "
                "Skapa en ny version för att få aktuella siffror."
            ),
        )
        BUILT_MEANWHILE = (
            "built",
            _(
                "Siffrorna hann räknas om på annat sätt under tiden (till exempel av måndagens beräkning), så den här "
                "omräkningen sparades inte. Siffrorna på sidan är de senaste."
            ),
        )

    UNDER_WAY = (Status.QUEUED, Status.RUNNING)

    report = models.ForeignKey(
        SituationReport, on_delete=models.CASCADE, related_name="recalculations", verbose_name=_("lägesbild")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("av")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("förklaring"), max_length=20, choices=Reason.choices, blank=True)
    error = models.CharField(_("fel"), max_length=200, blank=True, help_text=_("Felets slag, för felsökning."))
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("omräkning")
        verbose_name_plural = _("omräkningar")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Two clicks, or two web nodes, never queue a second one beside one that is queued or running.
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_recalculation_under_way",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_status_display()}"

    @property
    def is_under_way(self) -> bool:
        return self.status in self.UNDER_WAY
