"""An evaluation of a measure: where it acted (a target area around a place), where its effect could spill
over (a buffer ring), what it is compared with (control districts), when it began, the periods before and
after, and which incident categories it should affect. The figures come from reviewed incidents
(evaluation.selectors) and the statistics from analysis.evaluation."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from cameras.models import CameraSite
from incidents.models import IncidentCategory
from places.geometry import validate_polygon
from places.models import District, Place
from privacy.screening import validate_no_personal_data
from programme.models import Activity, Indicator
from trygg.freezing import Freezable


class Evaluation(Freezable):
    """Published, its figures and statistics are frozen as they were published (``snapshot``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    frozen_when = {"status": Status.PUBLISHED}
    frozen_message = _("Utvärderingen är publicerad och låst. Gör en ny om något ska ändras.")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("kommun")
    )
    title = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("aktivitet"),
        help_text=_("Aktiviteten i medborgarlöftena som åtgärden hör till, om någon."),
    )
    camera_site = models.OneToOneField(
        CameraSite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("kamerabevakning"),
    )
    target_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("platsen för åtgärden")
    )
    use_place_area = models.BooleanField(
        _("använd platsens ritade område"),
        default=False,
        help_text=_("Annars en cirkel med radien nedan runt platsen."),
    )
    target_radius_m = models.PositiveSmallIntegerField(
        _("målområdets radie (meter)"), default=150, validators=[MinValueValidator(25), MaxValueValidator(2000)]
    )
    target_area = models.JSONField(
        _("ritat målområde"),
        null=True,
        blank=True,
        help_text=_(
            "Rita området på kartan, eller klistra in en GeoJSON-polygon. Går före platsens område och radien."
        ),
    )
    buffer_m = models.PositiveSmallIntegerField(
        _("buffertens bredd (meter)"),
        default=200,
        validators=[MaxValueValidator(2000)],
        help_text=_("En ring runt målområdet där händelser kan ha flyttat. 0 betyder ingen buffert."),
    )
    control_area = models.JSONField(
        _("ritat jämförelseområde"),
        null=True,
        blank=True,
        help_text=_("Ett eget jämförelseområde, ritat på kartan eller som GeoJSON-polygon, i stället för kommundelar."),
    )
    control_districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="+",
        verbose_name=_("jämförelseområde (kommundelar)"),
        help_text=_("Kommundelar med liknande nivå före åtgärden. Mål- och buffertområdet räknas aldrig dit."),
    )
    categories = models.ManyToManyField(
        IncidentCategory,
        related_name="+",
        verbose_name=_("händelsekategorier"),
        help_text=_("Det åtgärden ska påverka. En huvudkategori tar med sina underkategorier."),
    )
    starts_on = models.DateField(_("åtgärden började"))
    before_days = models.PositiveSmallIntegerField(
        _("dagar före"), default=182, validators=[MinValueValidator(7), MaxValueValidator(1096)]
    )
    after_days = models.PositiveSmallIntegerField(
        _("dagar efter"),
        default=182,
        validators=[MinValueValidator(7), MaxValueValidator(1096)],
        help_text=_("Lika lång som perioden före om inget annat anges; olika längder vägs efter antal dagar."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("låsta siffror"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def before_period(self) -> tuple[datetime.date, datetime.date]:
        """First and last day before the measure."""
        return self.starts_on - datetime.timedelta(days=self.before_days), self.starts_on - datetime.timedelta(days=1)

    @property
    def after_period(self) -> tuple[datetime.date, datetime.date]:
        return self.starts_on, self.starts_on + datetime.timedelta(days=self.after_days - 1)

    def clean(self) -> None:
        errors = {}
        if self.target_place_id and self.municipality_id and self.target_place.municipality_id != self.municipality_id:
            errors["target_place"] = _("Platsen ligger i en annan kommun.")
        if self.use_place_area and self.target_area is None and self.target_place_id and not self.target_place.area:
            errors["use_place_area"] = _("Platsen har inget ritat område; använd en radie.")
        if self.camera_site_id and self.municipality_id and self.camera_site.municipality_id != self.municipality_id:
            errors["camera_site"] = _("Kamerabevakningen hör till en annan kommun.")
        code = self.municipality.code if self.municipality_id else None
        for name in ("target_area", "control_area"):
            if getattr(self, name) is not None:
                try:
                    validate_polygon(getattr(self, name), code)
                except ValidationError as error:
                    errors[name] = error.message_dict["area"]
        if errors:
            raise ValidationError(errors)


class IncidentIndicator(models.Model):
    """Binds an outcome indicator to reviewed incidents: chosen categories at chosen places (within a
    radius) or in chosen districts, counted over the period, e.g. vandalism at the camera sites per year."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="incident_binding", verbose_name=_("indikator")
    )
    categories = models.ManyToManyField(
        IncidentCategory,
        related_name="indicator_bindings",
        verbose_name=_("kategorier"),
        help_text=_("En huvudkategori räknar alla dess underkategorier."),
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="incident_indicator_bindings", verbose_name=_("platser")
    )
    radius_m = models.PositiveIntegerField(
        _("avstånd från platserna (meter)"),
        default=200,
        validators=[
            MinValueValidator(25, message=_("Minst 25 meter.")),
            MaxValueValidator(2000, message=_("Högst 2 000 meter.")),
        ],
    )
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="incident_indicator_bindings",
        verbose_name=_("kommundelar"),
        help_text=_("Tomt, liksom platser, betyder hela kommunen."),
    )

    class Meta:
        db_table = "incidents_incidentindicator"
        verbose_name = _("indikator ur händelser")
        verbose_name_plural = _("indikatorer ur händelser")

    def __str__(self) -> str:
        return f"{self.indicator} ← {_('granskade händelser')}"

    @property
    def municipality(self) -> Municipality:
        return self.indicator.municipality
