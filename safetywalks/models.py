"""Safety walks (trygghetsvandringar) in their three steps, and what they found at places: each finding with
an owner, a due date, a status and an answer the public can read, and what it became (a problem, a
measure, an action item)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.models import District, Place, latitude_field, longitude_field
from privacy.screening import screened_text as _text
from privacy.screening import validate_no_personal_data
from strategy.models import Measure, Problem


class SafetyWalk(models.Model):
    """Trygghetsvandring in its three steps: the meeting, the walk, the follow-up meeting."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="safety_walks", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("kommundel")
    )
    meeting_on = models.DateField(_("inledande möte"))
    walked_on = models.DateField(_("vandringen"), null=True, blank=True)
    follow_up_on = models.DateField(_("uppföljningsmöte"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antal deltagare"), default=0, validators=[MaxValueValidator(10_000)])
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("medverkande organisationer")
    )
    summary = _text(_("sammanfattning"), max_length=4000)
    published = models.BooleanField(
        _("publicerad"), default=False, help_text=_("Visas för invånarna med fynden och svaren.")
    )

    class Meta:
        db_table = "dialogue_safetywalk"
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")
        ordering = ["-meeting_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("safetywalks:walk", args=[self.pk])


class Finding(models.Model):
    """Something seen on a safety walk, pinned on the map: who acts on it, by when, and what came of it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Åtgärdad")
        WONT_DO = "wont_do", _("Åtgärdas inte")

    walk = models.ForeignKey(
        SafetyWalk, on_delete=models.CASCADE, related_name="findings", verbose_name=_("trygghetsvandring")
    )
    description = _text(
        _("vad som sågs"), _("Platsen och vad som gör den otrygg, t.ex. trasig belysning."), 1000, blank=False
    )
    place = models.ForeignKey(Place, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("plats"))
    latitude = latitude_field()
    longitude = longitude_field()
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ansvarig")
    )
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    public_answer = _text(
        _("svar till invånarna"), _("Vad som görs eller gjorts, och varför. Visas på den publika sidan."), 1000
    )
    problem = models.ForeignKey(
        Problem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("blev problem"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("blev åtgärd"),
    )

    class Meta:
        db_table = "dialogue_finding"
        verbose_name = _("fynd")
        verbose_name_plural = _("fynd")
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def municipality(self) -> Municipality:
        return self.walk.municipality
