"""Where things happen: the municipality's districts (kommundelar) and its named places, with the one
rule for coordinates inside Sweden. Every other app points here; this app points only at accounts."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from privacy.screening import validate_no_personal_data

from .geometry import validate_polygon


def latitude_field() -> models.DecimalField:
    """WGS84 latitude to the micro-degree, within Sweden."""
    return models.DecimalField(
        _("latitud"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(55)), MaxValueValidator(Decimal("69.1"))],
    )


def longitude_field() -> models.DecimalField:
    """WGS84 longitude to the micro-degree, within Sweden."""
    return models.DecimalField(
        _("longitud"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("10.9")), MaxValueValidator(Decimal("24.2"))],
    )


class District(models.Model):
    """Kommundel: the part of the municipality places are grouped by."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=100, validators=[validate_no_personal_data])

    class Meta:
        db_table = "fieldwork_district"
        verbose_name = _("kommundel")
        verbose_name_plural = _("kommundelar")
        ordering = ["municipality__name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="district_name_per_municipality")]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    class Kind(models.TextChoices):
        SQUARE = "square", _("Torg")
        PARK = "park", _("Park eller grönområde")
        STATION = "station", _("Station eller busshållplats")
        SCHOOL = "school", _("Skola")
        YOUTH_CENTRE = "youth_centre", _("Fritidsgård")
        SHOPPING = "shopping", _("Centrum eller handel")
        BEACH = "beach", _("Badplats")
        OTHER = "other", _("Annan plats")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="places", verbose_name=_("kommun")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="places", verbose_name=_("kommundel"))
    name = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    kind = models.CharField(_("typ av plats"), max_length=20, choices=Kind.choices)
    latitude = latitude_field()
    longitude = longitude_field()
    # Optional outline as a GeoJSON Polygon in WGS84, e.g. a park or a station area.
    area = models.JSONField(_("område (GeoJSON)"), null=True, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        db_table = "fieldwork_place"
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        ordering = ["district__name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="place_name_per_municipality")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.district_id and self.municipality_id and self.district.municipality_id != self.municipality_id:
            raise ValidationError({"district": _("Kommundelen hör till en annan kommun.")})
        if self.area is not None:
            validate_polygon(self.area, self.municipality.code if self.municipality_id else None)
