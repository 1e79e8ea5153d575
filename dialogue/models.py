"""Dialogues: what residents and staff said, as counts and themes, never who said it."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from places.models import Place
from privacy.screening import screened_text as _text
from privacy.screening import validate_no_personal_data


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
