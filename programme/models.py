from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from privacy.screening import validate_no_personal_data
from trygg.calendar import check_period
from trygg.freezing import Freezable


class Agreement(models.Model):
    """Samverkansöverenskommelse: the multi-year agreement behind the promises."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("kommun")
    )
    title = models.CharField(_("titel"), max_length=200, validators=[validate_no_personal_data])
    parties = models.ManyToManyField(Organisation, related_name="agreements", verbose_name=_("parter"))
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))

    class Meta:
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")


class PromiseSet(models.Model):
    """Medborgarlöften for one or two years."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="promise_sets", verbose_name=_("kommun")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promise_sets",
        verbose_name=_("samverkansöverenskommelse"),
    )
    title = models.CharField(_("titel"), max_length=200, validators=[validate_no_personal_data])
    slug = models.SlugField(_("kortnamn"), max_length=100)
    introduction = models.TextField(_("inledning"), blank=True, max_length=5000, validators=[validate_no_personal_data])
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    parties = models.ManyToManyField(Organisation, related_name="promise_sets", verbose_name=_("parter"))
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    published = models.BooleanField(_("publicerat"), default=False)

    class Meta:
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="promise_set_slug_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.municipality})"

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")

    def get_absolute_url(self) -> str:
        return reverse("programme:promise_set_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:promise_set", args=[self.municipality.slug, self.slug])


class Signatory(models.Model):
    promise_set = models.ForeignKey(
        PromiseSet, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("medborgarlöfte")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    title = models.CharField(_("titel"), max_length=200, validators=[validate_no_personal_data])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name=_("organisation"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"

    @property
    def municipality(self) -> Municipality:
        return self.promise_set.municipality


class FocusArea(models.Model):
    promise_set = models.ForeignKey(
        PromiseSet, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("medborgarlöfte")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    description = models.TextField(
        _("beskrivning"), blank=True, max_length=3000, validators=[validate_no_personal_data]
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.promise_set.get_absolute_url()

    @property
    def municipality(self) -> Municipality:
        return self.promise_set.municipality


class Promise(models.Model):
    class Promisor(models.TextChoices):
        POLICE = "police", _("Polisen")
        MUNICIPALITY = "municipality", _("Kommunen")
        BOTH = "both", _("Kommunen och polisen")

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="promises", verbose_name=_("fokusområde")
    )
    text = models.TextField(_("löftestext"), max_length=2000, validators=[validate_no_personal_data])
    promisor = models.CharField(_("vem lovar"), max_length=20, choices=Promisor.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.promise_set.get_absolute_url()

    @property
    def promise_set(self) -> PromiseSet:
        return self.focus_area.promise_set

    @property
    def municipality(self) -> Municipality:
        return self.promise_set.municipality


class Activity(models.Model):
    class Type(models.TextChoices):
        ADULT_PRESENCE = "adult_presence", _("Vuxennärvaro (fältare, nattvandrare)")
        FOOT_PATROL = "foot_patrol", _("Fotpatrullering och medborgarkontakt")
        CAMERA = "camera", _("Kamerabevakning")
        SCHOOL_CONTACT = "school_contact", _("Kontakter med skolor och fritidsgårdar")
        DEFECTOR_PROGRAMME = "defector_programme", _("Avhopparverksamhet")
        LECTURE = "lecture", _("Föreläsningar och samtal")
        SAFETY_WALK = "safety_walk", _("Trygghetsvandring")
        OTHER = "other", _("Övrigt")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="activities", verbose_name=_("löfte"))
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    description = models.TextField(
        _("beskrivning"), blank=True, max_length=3000, validators=[validate_no_personal_data]
    )
    activity_type = models.CharField(_("typ av aktivitet"), max_length=30, choices=Type.choices)
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activities", verbose_name=_("ansvarig")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.promise_set.get_absolute_url()

    @property
    def promise_set(self) -> PromiseSet:
        return self.promise.focus_area.promise_set

    @property
    def municipality(self) -> Municipality:
        return self.promise_set.municipality


class Indicator(models.Model):
    class Kind(models.TextChoices):
        OUTPUT = "output", _("Prestation (output)")
        OUTCOME = "outcome", _("Effekt (outcome)")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("aktivitet")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_no_personal_data])
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.OUTPUT)
    unit = models.CharField(_("enhet"), max_length=50)
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(
        _("målvärde"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("Målvärdet kan inte vara negativt."))],
    )
    period_start = models.DateField(_("mäts från"))
    period_end = models.DateField(_("mäts till"))
    source = models.CharField(_("källa"), max_length=200, blank=True, validators=[validate_no_personal_data])

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Summa över perioden")
        LATEST = "latest", _("Senaste månadens värde")
        MAXIMUM = "maximum", _("Högsta värdet under en månad")
        AVERAGE = "average", _("Medelvärde per månad")
        DISTINCT = "distinct", _("Antal olika platser")

    aggregation = models.CharField(
        _("hur värdena räknas samman"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_(
            "Personer som får stöd varje månad ska inte summeras över månaderna: välj då senaste, högsta eller "
            "medelvärde."
        ),
    )
    counts_own_work = models.BooleanField(
        _("räknar kommunens och polisens eget arbete"),
        default=False,
        help_text=_(
            "Till exempel pass, platser, kameror eller föreläsningar: då visas även små värden exakt. Annars "
            "räknar indikatorn personer eller händelser, och värden under 5 visas som ”<5” för allmänheten."
        ),
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.promise_set.get_absolute_url()

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")

    @property
    def promise_set(self) -> PromiseSet:
        return self.activity.promise_set

    @property
    def municipality(self) -> Municipality:
        return self.activity.municipality

    @property
    def lower_is_better(self) -> bool:
        """A target below the baseline: fewer incidents, less worry. Progress then counts from the baseline."""
        return self.baseline is not None and self.target is not None and self.target < self.baseline


class IndicatorValue(models.Model):
    """A value entered by hand with its source and date: a survey result, a figure from another authority.
    Used where the indicator is neither computed from the logs nor from the incidents."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    measured_on = models.DateField(_("mätdatum"), help_text=_("Den dag värdet avser, t.ex. enkätens sista svarsdag."))
    value = models.DecimalField(
        _("värde"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("Värdet kan inte vara negativt."))],
    )
    source = models.CharField(
        _("källa"),
        max_length=200,
        validators=[validate_no_personal_data],
        help_text=_("Till exempel ”Trygghetsmätningen 2025, fråga 4” eller ”Polisens lokala medborgarundersökning”."),
    )
    note = models.CharField(_("kommentar"), max_length=500, blank=True, validators=[validate_no_personal_data])
    entered_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("av")
    )

    class Meta:
        verbose_name = _("registrerat värde")
        verbose_name_plural = _("registrerade värden")
        ordering = ["-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"

    @property
    def municipality(self) -> Municipality:
        return self.indicator.municipality

    @property
    def source_and_date(self) -> str:
        return f"{self.source}, {self.measured_on.isoformat()}"


class FollowUp(Freezable):
    """Uppföljning of a promise set for a period. Publishing freezes it as a version the public can read."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    frozen_when = {"status": Status.PUBLISHED}
    frozen_message = _("En publicerad uppföljning kan inte ändras. Skapa en ny version.")

    promise_set = models.ForeignKey(
        PromiseSet, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("medborgarlöfte")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personal_data])
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    summary = models.TextField(_("sammanfattning"), blank=True, max_length=5000, validators=[validate_no_personal_data])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), null=True, blank=True)
    snapshot = models.JSONField(_("fryst innehåll"), default=dict, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:follow_up_edit", args=[self.pk])

    @property
    def municipality(self) -> Municipality:
        return self.promise_set.municipality

    def clean(self) -> None:
        check_period(self.period_start, self.period_end, field="period_end")

    def save(self, *args, **kwargs):
        if self.frozen_in_database():
            raise ValidationError(self.frozen_message)
        super().save(*args, **kwargs)


class PromiseStatus(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomfört")
        DELAYED = "delayed", _("Försenat")
        CANCELLED = "cancelled", _("Inställt")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="promise_statuses", verbose_name=_("uppföljning")
    )
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("löfte"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ONGOING)
    narrative = models.TextField(_("kommentar"), blank=True, max_length=3000, validators=[validate_no_personal_data])

    class Meta:
        verbose_name = _("löftets status")
        verbose_name_plural = _("löftenas status")
        constraints = [models.UniqueConstraint(fields=["follow_up", "promise"], name="one_status_per_promise")]

    def __str__(self) -> str:
        return f"{self.promise}: {self.get_status_display()}"

    @property
    def municipality(self) -> Municipality:
        return self.follow_up.municipality

    def save(self, *args, **kwargs):
        if self.follow_up.is_frozen:
            raise ValidationError(FollowUp.frozen_message)
        super().save(*args, **kwargs)
