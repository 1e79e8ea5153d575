import datetime

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.models import Place
from privacy.screening import validate_no_personal_data
from programme.models import Activity, Indicator


class LogType(models.TextChoices):
    NIGHT_WALK = "night_walk", _("Nattvandring")
    FIELD_WORK = "field_work", _("Fältarbete")
    FOOT_PATROL = "foot_patrol", _("Fotpatrullering")
    SCHOOL_VISIT = "school_visit", _("Skolbesök")
    YOUTH_CENTRE_VISIT = "youth_centre_visit", _("Besök på fritidsgård")
    SAFETY_WALK = "safety_walk", _("Trygghetsvandring")
    LECTURE = "lecture", _("Föreläsning")


class LectureTopic(models.TextChoices):
    HONOUR_VIOLENCE = "honour_violence", _("Hedersrelaterat våld och förtryck")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Våld i nära relationer")
    ONLINE_VULNERABILITY = "online_vulnerability", _("Utsatthet på nätet")
    RECRUITMENT = "recruitment", _("Rekrytering till kriminalitet")
    DRUGS = "drugs", _("Narkotika")
    OTHER = "other", _("Annat ämne")


WEEKDAYS = [
    (0, _("måndag")),
    (1, _("tisdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lördag")),
    (6, _("söndag")),
]


MAX_PLAN_DAYS = 5 * 366


class PresencePlan(models.Model):
    """A recurring plan, e.g. night walk on Fridays 21–01 at the station area."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="presence_plans", verbose_name=_("kommun")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="presence_plans", verbose_name=_("aktivitet")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="presence_plans", verbose_name=_("utförs av")
    )
    title = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    log_type = models.CharField(_("typ av pass"), max_length=30, choices=LogType.choices)
    weekdays = models.JSONField(_("veckodagar"), default=list)
    interval_weeks = models.PositiveSmallIntegerField(
        _("varje n:te vecka"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(
        _("sluttid"), help_text=_("En sluttid före starttiden betyder att passet slutar efter midnatt.")
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"))
    places = models.ManyToManyField(Place, related_name="presence_plans", verbose_name=_("platser"))
    planned_staff = models.PositiveSmallIntegerField(_("planerat antal personal"), default=2)

    class Meta:
        verbose_name = _("närvaroplan")
        verbose_name_plural = _("närvaroplaner")
        ordering = ["valid_from", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def weekday_names(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[day]) for day in sorted(self.weekdays))

    def clean(self) -> None:
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Slutdatum kan inte vara före startdatum.")
        elif self.valid_from and self.valid_to and (self.valid_to - self.valid_from).days > MAX_PLAN_DAYS:
            # Every week page expands the plan's recurrences from its start: keep that bounded.
            errors["valid_to"] = _("En närvaroplan kan gälla i högst fem år. Dela upp den i flera planer.")
        if not self.weekdays or any(d not in range(7) for d in self.weekdays):
            errors["weekdays"] = _("Välj minst en veckodag.")
        if self.start_time and self.start_time == self.end_time:
            errors["end_time"] = _("Sluttiden måste skilja sig från starttiden.")
        if self.activity_id and self.municipality_id and self.activity.municipality.pk != self.municipality_id:
            errors["activity"] = _("Aktiviteten hör till en annan kommun.")
        if errors:
            raise ValidationError(errors)

    def occurrences(self, first: datetime.date, last: datetime.date) -> list["Occurrence"]:
        """Planned occurrences starting on a day in [first, last], in local time."""
        first, last = max(first, self.valid_from), min(last, self.valid_to)
        if last < first:
            return []
        tz = timezone.get_current_timezone()
        rule = rrule.rrule(
            rrule.WEEKLY,
            interval=self.interval_weeks,
            byweekday=sorted(self.weekdays),
            dtstart=datetime.datetime.combine(self.valid_from, self.start_time),
            until=datetime.datetime.combine(last, self.start_time),
            wkst=rrule.MO,
        )
        duration = datetime.datetime.combine(datetime.date.min, self.end_time) - datetime.datetime.combine(
            datetime.date.min, self.start_time
        )
        if duration <= datetime.timedelta(0):
            duration += datetime.timedelta(days=1)
        return [
            Occurrence(self, timezone.make_aware(start, tz), timezone.make_aware(start + duration, tz))
            for start in rule
            if start.date() >= first
        ]


class Occurrence:
    def __init__(self, plan: PresencePlan, start: datetime.datetime, end: datetime.datetime):
        self.plan, self.start, self.end = plan, start, end

    def __repr__(self) -> str:
        return f"Occurrence({self.plan}, {self.start:%Y-%m-%d %H:%M})"


class ActivityLog(models.Model):
    """One delivered shift, patrol, visit or lecture: about places and situations, never about people."""

    # Never copied into the audit log (see accounts.services.redact).
    PERSONAL_FIELDS = ("observations",)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="activity_logs", verbose_name=_("kommun")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activity_logs", verbose_name=_("organisation")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="activity_logs",
        verbose_name=_("rapporterad av"),
    )
    log_type = models.CharField(_("typ"), max_length=30, choices=LogType.choices)
    plan = models.ForeignKey(
        PresencePlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
        verbose_name=_("planerat pass"),
    )
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("slut"))
    places = models.ManyToManyField(Place, related_name="activity_logs", verbose_name=_("platser"))
    staff_count = models.PositiveSmallIntegerField(
        _("antal personal/vuxna"), default=2, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    youth_contacts = models.PositiveIntegerField(
        _("kontakter med unga"), default=0, validators=[MaxValueValidator(10000)]
    )
    citizen_contacts = models.PositiveIntegerField(
        _("kontakter med andra invånare"), default=0, validators=[MaxValueValidator(10000)]
    )
    lecture_topic = models.CharField(_("föreläsningens ämne"), max_length=30, choices=LectureTopic.choices, blank=True)
    audience_size = models.PositiveIntegerField(
        _("antal deltagare"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    observations = models.TextField(
        _("iakttagelser"),
        blank=True,
        max_length=2000,
        validators=[validate_no_personal_data],
        help_text=_(
            "Beskriv platser och situationer, aldrig personer. Inga namn, personnummer, telefonnummer eller e-post."
        ),
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("genomförande")
        verbose_name_plural = _("genomföranden")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["municipality", "log_type", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_log_type_display()} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def duration_hours(self) -> float:
        return (self.ended_at - self.started_at).total_seconds() / 3600

    def clean(self) -> None:
        errors = {}
        if self.started_at and self.ended_at:
            if self.ended_at <= self.started_at:
                errors["ended_at"] = _("Sluttiden måste vara efter starttiden.")
            elif self.ended_at - self.started_at > datetime.timedelta(hours=24):
                errors["ended_at"] = _("Ett pass kan vara högst 24 timmar.")
            if self.started_at > timezone.now() + datetime.timedelta(minutes=5):
                errors["started_at"] = _("Ett genomförande kan inte ligga i framtiden.")
        if self.log_type == LogType.LECTURE:
            if not self.lecture_topic:
                errors["lecture_topic"] = _("Ange föreläsningens ämne.")
            if self.audience_size is None:
                errors["audience_size"] = _("Ange antal deltagare.")
        if errors:
            raise ValidationError(errors)


class DefectorMonthlyCount(models.Model):
    """The defector programme is recorded only as aggregated counts per month, never per person."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="defector_counts", verbose_name=_("kommun")
    )
    month = models.DateField(_("månad"), help_text=_("Första dagen i månaden."))
    people_supported = models.PositiveIntegerField(_("personer som fått stöd"), validators=[MaxValueValidator(10000)])
    new_contacts = models.PositiveIntegerField(_("nya kontakter"), default=0, validators=[MaxValueValidator(10000)])

    class Meta:
        verbose_name = _("avhopparverksamhet, månadssiffror")
        verbose_name_plural = _("avhopparverksamhet, månadssiffror")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="one_defector_count_per_month")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Ange månaden (första dagen i månaden).")})


class CaseCollaborationQuarter(models.Model):
    """SSPF (skola, socialtjänst, polis, fritid) and other case collaboration, as aggregated counts per quarter:
    never a case, a youth or a meeting about someone."""

    class Kind(models.TextChoices):
        SSPF = "sspf", _("SSPF (skola, socialtjänst, polis, fritid)")
        OTHER = "other", _("Annan ärendesamverkan")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="case_collaboration", verbose_name=_("kommun")
    )
    kind = models.CharField(_("samverkan"), max_length=10, choices=Kind.choices, default=Kind.SSPF)
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2999)])
    quarter = models.PositiveSmallIntegerField(_("kvartal"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    active_cases = models.PositiveIntegerField(_("pågående ärenden"), validators=[MaxValueValidator(10000)])
    new_cases = models.PositiveIntegerField(_("nya ärenden"), default=0, validators=[MaxValueValidator(10000)])
    meetings = models.PositiveIntegerField(_("möten"), default=0, validators=[MaxValueValidator(100000)])
    closed_as_planned = models.PositiveIntegerField(
        _("avslutade enligt plan"), default=0, validators=[MaxValueValidator(10000)]
    )
    closed_otherwise = models.PositiveIntegerField(
        _("avslutade på annat sätt"), default=0, validators=[MaxValueValidator(10000)]
    )

    class Meta:
        verbose_name = _("ärendesamverkan, kvartalssiffror")
        verbose_name_plural = _("ärendesamverkan, kvartalssiffror")
        ordering = ["-year", "-quarter", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "year", "quarter"], name="one_case_count_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.get_kind_display()} {self.year} Q{self.quarter}"


class LogMeasure(models.TextChoices):
    """What an indicator binding counts in the activity logs (not a measure of the action plan)."""

    OCCURRENCES = "occurrences", _("Antal tillfällen")
    HOURS = "hours", _("Timmar")
    STAFF_HOURS = "staff_hours", _("Personaltimmar (timmar × personal)")
    YOUTH_CONTACTS = "youth_contacts", _("Kontakter med unga")
    CITIZEN_CONTACTS = "citizen_contacts", _("Kontakter med andra invånare")
    ALL_CONTACTS = "all_contacts", _("Alla kontakter")
    AUDIENCE = "audience", _("Deltagare på föreläsningar")
    DEFECTOR_PEOPLE = "defector_people", _("Personer i avhopparverksamheten (summa av månader)")
    CAMERA_SITES = "camera_sites", _("Kamerabevakade platser (aktiva vid periodens slut)")


class IndicatorBinding(models.Model):
    """Binds an output indicator to a query over the logs, so its value is computed, never typed."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="binding", verbose_name=_("indikator")
    )
    log_types = models.JSONField(_("typer av pass"), default=list, blank=True)
    measure = models.CharField(_("mått"), max_length=20, choices=LogMeasure.choices)
    places = models.ManyToManyField(
        Place,
        blank=True,
        related_name="indicator_bindings",
        verbose_name=_("platser"),
        help_text=_("Tomt betyder alla platser i kommunen."),
    )

    class Meta:
        verbose_name = _("indikatorkoppling")
        verbose_name_plural = _("indikatorkopplingar")

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.get_measure_display()}"

    @property
    def municipality(self) -> Municipality:
        return self.indicator.municipality

    def clean(self) -> None:
        if any(t not in LogType.values for t in self.log_types):
            raise ValidationError({"log_types": _("Okänd typ av pass.")})
        if self.measure not in (LogMeasure.DEFECTOR_PEOPLE, LogMeasure.CAMERA_SITES) and not self.log_types:
            raise ValidationError({"log_types": _("Välj minst en typ av pass.")})
