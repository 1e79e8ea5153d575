"""The strategic spine (lag 2023:196): problems with their causes, and the action plan whose measures answer
them. Promises and activities link to measures, so every promise can be traced to the problem it answers
and every problem to what was done about it. Place and situation, never persons."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.models import District, Place
from privacy.screening import screened_text as _text
from privacy.screening import validate_no_personal_data
from programme.models import Activity, Promise
from situation.models import SituationReport
from trygg.calendar import check_period
from trygg.freezing import Freezable


class Assessment(Freezable):
    """Strategisk lägesbild: the municipality's crime situation with a causal analysis, at least every second
    year (lag 2023:196). Data sections are filled from Trygg as frozen figures; text is the coordinator's."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Godkänd")

    frozen_when = {"status": Status.APPROVED}
    frozen_message = _("Lägesbilden är godkänd och låst.")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    summary = _text(_("sammanfattning"), max_length=5000)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version", editable=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("strategisk lägesbild")
        verbose_name_plural = _("strategiska lägesbilder")
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")

    def get_absolute_url(self) -> str:
        return reverse("strategy:assessment", args=[self.pk])


class AssessmentSection(models.Model):
    """One part of the strategic lägesbild, in the order Brå's method and the law expect."""

    class Kind(models.TextChoices):
        TRENDS = "trends", _("Brott och ordningsstörningar över tid")
        PLACES = "places", _("Platser")
        TIMES = "times", _("Tider")
        GROUPS = "groups", _("Vilka som drabbas")
        SAFETY = "safety", _("Upplevd trygghet")
        FACTORS = "factors", _("Skydds- och riskfaktorer")
        WORK = "work", _("Det förebyggande arbetet")
        SOURCES = "sources", _("Källor och deras begränsningar")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("avsnitt"), max_length=20, choices=Kind.choices)
    text = _text(_("analys"), _("Vad siffrorna visar och varför, med egna ord."), 10000)
    figures = models.JSONField(_("siffror"), default=dict, blank=True, editable=False)
    figures_built_on = models.DateField(_("siffrorna hämtade"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        constraints = [models.UniqueConstraint(fields=["assessment", "kind"], name="one_section_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def municipality(self) -> Municipality:
        return self.assessment.municipality


class Problem(models.Model):
    """A crime or safety problem: what, where, when and whom it affects, and why (the problem triangle)."""

    class Priority(models.IntegerChoices):
        HIGH = 1, _("Hög")
        MEDIUM = 2, _("Medel")
        LOW = 3, _("Låg")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="problems", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    found_in = models.ForeignKey(
        AssessmentSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("funnet i lägesbildens avsnitt"),
    )
    what = _text(_("vad"), _("Vad händer: brott, ordningsstörning, otrygghet."))
    where = _text(_("var"), _("Platser och områden."), 1000)
    places = models.ManyToManyField(Place, blank=True, related_name="problems", verbose_name=_("platser"))
    districts = models.ManyToManyField(District, blank=True, related_name="problems", verbose_name=_("kommundelar"))
    when = _text(_("när"), _("Tider, veckodagar, säsonger."), 1000)
    whom = _text(_("vilka drabbas"), _("Grupper, aldrig enskilda personer."), 1000)
    # The problem triangle (routine activity theory) and those who can act on each side of it.
    offender = _text(_("gärningsperson"), _("Vilka slags gärningspersoner, vad driver dem (aldrig vem)."))
    target = _text(_("mål eller offer"), _("Vad eller vilka slags offer som drabbas, och varför de är sårbara."))
    place_cause = _text(_("platsen"), _("Vad med platsen gör att det händer just där."))
    handlers = _text(_("de som påverkar gärningspersonerna"), _("T.ex. föräldrar, fältare, skola."))
    guardians = _text(_("de som skyddar målen"), _("T.ex. vakter, grannar, kameror."))
    managers = _text(_("de som ansvarar för platsen"), _("T.ex. fastighetsägare, kommunens gatuenhet."))
    evidence = _text(
        _("underlag"),
        _("Vad analysen bygger på: lägesbilder, polisens händelser, enkäter, dialoger, med datum."),
        4000,
    )
    evidence_reports = models.ManyToManyField(
        SituationReport, blank=True, related_name="+", verbose_name=_("lägesbilder som visar problemet")
    )
    evidence_dialogues = models.ManyToManyField(
        "dialogue.Dialogue", blank=True, related_name="problems", verbose_name=_("dialoger där det togs upp")
    )
    evidence_surveys = models.ManyToManyField(
        "surveys.Survey", blank=True, related_name="+", verbose_name=_("trygghetsundersökningar")
    )
    public_summary = _text(
        _("sammanfattning för allmänheten"),
        _("Visas för invånarna bredvid löftena som svarar på problemet. Lämna tomt för att inte visa problemet."),
        1000,
    )
    priority = models.PositiveSmallIntegerField(_("prioritet"), choices=Priority.choices, default=Priority.MEDIUM)
    prioritised_on = models.DateField(
        _("prioriterat"), null=True, blank=True, help_text=_("Dagen arbetsgruppen beslutade.")
    )

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem")
        ordering = ["priority", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:problem", args=[self.pk])


class ActionPlan(models.Model):
    """Åtgärdsplan: the measures the municipality decided, for a period."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    adopted_on = models.DateField(_("beslutad"), null=True, blank=True)
    adopted_by = models.CharField(
        _("beslutad av"),
        max_length=200,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("T.ex. kommunstyrelsen, med paragraf."),
    )

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan", args=[self.pk])


class Measure(models.Model):
    """Åtgärd: what is done about one or more problems, by whom, with what, and the promises that carry it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        STOPPED = "stopped", _("Avbruten")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("åtgärdsplan")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    description = _text(_("beskrivning"))
    problems = models.ManyToManyField(Problem, related_name="measures", verbose_name=_("problem som åtgärden möter"))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="measures", verbose_name=_("ansvarig organisation")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarig person"),
        help_text=_("En användare i Trygg. Visas bara internt."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("slut"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("timmar"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)])
    cost = models.PositiveIntegerField(
        _("kostnad (kr)"), null=True, blank=True, validators=[MaxValueValidator(1_000_000_000)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    promises = models.ManyToManyField(
        Promise, blank=True, related_name="measures", verbose_name=_("medborgarlöften som bär åtgärden")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="measures", verbose_name=_("aktiviteter som genomför åtgärden")
    )

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["plan", "starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self) -> Municipality:
        return self.plan.municipality

    def get_absolute_url(self) -> str:
        return reverse("strategy:measure", args=[self.pk])

    def clean(self) -> None:
        check_period(self.starts_on, self.ends_on, field="ends_on")
