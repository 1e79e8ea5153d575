"""Aggregated results of safety surveys (the police's trygghetsmätning, NTU Lokal, the municipality's own):
shares per question, answer option, area and year, with the number of respondents. Never an answer of one
person: only what the survey's owner already aggregated."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from privacy.screening import validate_no_personal_data

MIN_RESPONDENTS = 30  # below this a share is too uncertain, and too close to persons, to be shown


class Survey(models.Model):
    class Source(models.TextChoices):
        POLICE = "police", _("Polisens trygghetsmätning")
        NTU = "ntu", _("NTU Lokal (Brå)")
        OWN = "own", _("Kommunens egen undersökning")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("trygghetsundersökning")
        verbose_name_plural = _("trygghetsundersökningar")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.name


class SurveyResult(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results", verbose_name=_("undersökning"))
    question = models.CharField(_("fråga"), max_length=300, validators=[validate_no_personal_data])
    option = models.CharField(_("svarsalternativ"), max_length=200, validators=[validate_no_personal_data])
    area = models.CharField(_("område"), max_length=100, validators=[validate_no_personal_data])
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(1990), MaxValueValidator(2999)])
    share = models.DecimalField(
        _("andel (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    respondents = models.PositiveIntegerField(_("antal svarande"), validators=[MaxValueValidator(10_000_000)])

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        ordering = ["question", "option", "area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question", "option", "area", "year"], name="one_result_per_cell")
        ]
