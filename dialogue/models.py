"""Dialogues and safety walks: what residents and staff said and saw, as counts, themes and findings at
places, each finding with an owner, a due date, a status and an answer the public can read."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.models import District, Place, latitude_field, longitude_field
from privacy.screening import validate_no_personal_data
from strategy.models import Measure, Problem


def _text(label, help_text="", max_length=2000, blank=True):
    return models.TextField(
        label, blank=blank, max_length=max_length, validators=[validate_no_personal_data], help_text=help_text
    )


class Dialogue(models.Model):
    class Kind(models.TextChoices):
        CITIZENS = "citizens", _("Medborgardialog")
        STAFF = "staff", _("Medarbetardialog")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("kommun")
    )
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    held_on = models.DateField(_("datum"))
    method = models.CharField(
        _("metod"),
        max_length=200,
        validators=[validate_no_personal_data],
        help_text=_("T.ex. öppet möte, fokusgrupp, enkät på plats."),
    )
    place = models.ForeignKey(Place, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("plats"))
    participants = models.PositiveIntegerField(_("antal deltagare"), validators=[MaxValueValidator(100_000)])
    themes = _text(_("teman som togs upp"), _("Vad som sades, aldrig av vem."), 4000)

    class Meta:
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


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
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")
        ordering = ["-meeting_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:walk", args=[self.pk])


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
        verbose_name = _("fynd")
        verbose_name_plural = _("fynd")
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def municipality(self) -> Municipality:
        return self.walk.municipality
