"""The camera register: camera-surveilled places with the documentation the law asks for."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from places.models import Place
from privacy.screening import validate_no_personal_data


class CameraSite(models.Model):
    """Kamerabevakning: the register of camera sites, with the documentation the law asks for.

    The documentation is kept five years after the site's end (see the retention command).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="camera_sites", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="camera_sites", verbose_name=_("plats")
    )
    purpose = models.TextField(_("ändamål"), max_length=2000, validators=[validate_no_personal_data])
    area = models.CharField(_("bevakat område"), max_length=300, validators=[validate_no_personal_data])
    interest_balancing = models.CharField(
        _("intresseavvägning (diarienummer eller länk)"),
        max_length=300,
        validators=[validate_no_personal_data],
        help_text=_("Var dokumentet med intresseavvägningen finns."),
    )
    started_on = models.DateField(_("bevakning från"))
    ended_on = models.DateField(_("bevakning till"), null=True, blank=True)
    recording_retention_days = models.PositiveSmallIntegerField(
        _("inspelningar sparas (dagar)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        db_table = "fieldwork_camerasite"
        verbose_name = _("kamerabevakad plats")
        verbose_name_plural = _("kamerabevakade platser")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="camera_name_per_municipality")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Slutdatum kan inte vara före startdatum.")})
        if self.place_id and self.municipality_id and self.place.municipality_id != self.municipality_id:
            raise ValidationError({"place": _("Platsen ligger i en annan kommun.")})

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)
