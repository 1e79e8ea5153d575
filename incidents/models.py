import math
import secrets

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.geometry import municipality_area
from places.models import District, Place, latitude_field, longitude_field
from privacy.screening import validate_no_personal_data
from trygg.calendar import check_period


class IncidentCategory(models.Model):
    """The EST taxonomy: main categories with subcategories, editable by an administrator."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("huvudkategori"),
    )
    code = models.SlugField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)
    harm_weight = models.PositiveSmallIntegerField(
        _("skadevikt"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_(
            "Hur allvarlig en händelse i kategorin är jämfört med andra, t.ex. straffvärdet i dagar (som i "
            "Cambridge Crime Harm Index). Väger ihop flera kategorier när en åtgärd utvärderas."
        ),
    )

    class Meta:
        verbose_name = _("händelsekategori")
        verbose_name_plural = _("händelsekategorier")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name

    @property
    def main(self) -> "IncidentCategory":
        return self.parent or self


# Crockford's base32 without look-alikes: a reference a citizen can read out on the phone.
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_LENGTH = 10


def valid_ref(text: str) -> bool:
    return len(text) == REF_LENGTH and all(c in REF_ALPHABET for c in text)


def new_public_ref() -> str:
    """An unguessable public reference (50 bits): unlike the row id, it says nothing about order or volume."""
    # 32 symbols: five random bits each, unbiased, from one call for randomness, mapped in one C call (a
    # large import makes many).
    return secrets.token_bytes(REF_LENGTH).translate(_REF_SYMBOL).decode("ascii")


_REF_SYMBOL = bytes(ord(REF_ALPHABET[byte & 31]) for byte in range(256))  # a random byte -> its symbol


class VisibleIncidents(models.Manager):
    """Every incident except the rows of an import that is not done (stage and swap, see
    incidents.services.import_staged): no page, figure, export or API sees half an import. The rows of an
    import become visible together, in the one-row transaction that marks its job done."""

    def get_queryset(self):
        unfinished = IncidentImport.objects.exclude(status=IncidentImport.Status.DONE).values("pk")
        return super().get_queryset().exclude(import_job__in=unfinished)


def outside_message(municipality: Municipality, latitude, longitude) -> str:
    """What every intake says of a point outside the municipality, with the point as Swedes write it."""

    def written(value) -> str:
        return f"{float(value):.6f}".rstrip("0").rstrip(".").replace(".", ",")

    return _("Platsen (latitud %(latitude)s, longitud %(longitude)s) ligger utanför kommunen %(municipality)s.") % {
        "latitude": written(latitude),
        "longitude": written(longitude),
        "municipality": municipality.name,
    }


def validate_plain_address(value: str) -> None:
    """A reply address as people write one: no quoted local part and no IP address for a domain. Both are
    valid e-mail, but they spell one mailbox in endless ways, which the daily cap on receipts to a mailbox
    would not see through."""
    local, _at, domain = value.rpartition("@")
    if '"' in local or "\\" in local or domain.startswith("["):
        raise ValidationError(_("Ange en vanlig e-postadress, t.ex. namn@example.se."), code="plain_address")


class Incident(models.Model):
    """An incident at a place, reported by a partner or a citizen (EST method)."""

    # Never copied into the audit log (see accounts.services.redact).
    PERSONAL_FIELDS = ("description", "contact_email")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        REVIEWED = "reviewed", _("Granskad")
        REJECTED = "rejected", _("Avvisad")

    class Source(models.TextChoices):
        PARTNER = "partner", _("Samverkanspart")
        CITIZEN = "citizen", _("Invånare")
        IMPORT = "import", _("Import")
        OPEN311 = "open311", _("Open311")
        DEMO = "demo", _("Demodata")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("kommun")
    )
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("kategori")
    )
    occurred_at = models.DateTimeField(_("inträffade"), db_index=True)
    occurred_until = models.DateTimeField(_("till (om ett tidsspann)"), null=True, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents", verbose_name=_("plats")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("kommundel"),
    )
    latitude = latitude_field()
    longitude = longitude_field()
    reporting_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("rapporterande organisation"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterad av"),
    )
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices, default=Source.PARTNER)
    description = models.TextField(
        _("kort beskrivning"),
        blank=True,
        max_length=1000,
        validators=[validate_no_personal_data],
        help_text=_(
            "Beskriv platsen och vad som hänt, aldrig vem. Inga namn, personnummer, telefonnummer eller e-post."
        ),
    )
    contact_email = models.EmailField(_("e-post för återkoppling"), blank=True, validators=[validate_plain_address])
    contact_language = models.CharField(_("språk för återkoppling"), max_length=5, default="sv", editable=False)
    public_answer = models.TextField(
        _("svar till den som rapporterade"),
        blank=True,
        max_length=1000,
        validators=[validate_no_personal_data],
        help_text=_("Visas på rapportens statussida och i Open311. Inga personuppgifter."),
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    status = models.CharField(_("granskning"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    public_ref = models.CharField(
        _("referensnummer"), max_length=REF_LENGTH, unique=True, default=new_public_ref, editable=False
    )
    # The background import that wrote it: its rows are invisible until that import is done.
    import_job = models.ForeignKey(
        "IncidentImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = VisibleIncidents()
    everything = models.Manager()  # with the rows of unfinished imports: for the import itself

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "occurred_at"]),
            # The weekly figures read a year of the municipality's reviewed incidents with their position and
            # category; holding those in the index spares a lookup of every row in the table.
            models.Index(
                fields=["municipality", "status", "occurred_at", "category", "latitude", "longitude"],
                name="incident_week_figures",
            ),
        ]
        base_manager_name = "everything"  # related lookups and saves see every row

    def __str__(self) -> str:
        return self.label(self.category, self.occurred_at)

    @staticmethod
    def label(category: IncidentCategory | str, occurred_at) -> str:
        return f"{category} {occurred_at:%Y-%m-%d}"

    @property
    def is_handled(self) -> bool:
        """Handled as a FixMyStreet user means it: the municipality has answered, or turned the report down."""
        return self.answered_at is not None or self.status == self.Status.REJECTED

    def clean(self) -> None:
        check_period(
            self.occurred_at,
            self.occurred_until,
            field="occurred_until",
            message=_("Sluttiden kan inte vara före starttiden."),
        )
        if self.place_id and self.municipality_id and self.place.municipality_id != self.municipality_id:
            raise ValidationError({"place": _("Platsen ligger i en annan kommun.")})
        self.check_point()

    def check_point(self) -> None:
        """The point inside the municipality (places.geometry.municipality_area: its outline with a margin,
        or the extent of its places; nothing to check against, Sweden's bounds only). Every intake meets it
        here: a form, Open311 and admin through full_clean, an import row by row (incidents.tabular), the
        bulk writes through services._refuse_outside."""
        if not self.municipality_id:
            return
        try:
            latitude, longitude = float(self.latitude), float(self.longitude)
        except (TypeError, ValueError):
            return  # no point, or not a number: the fields' own checks say so
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            return
        area = municipality_area(self.municipality.code)
        if area is not None and not area.contains(latitude, longitude):
            raise ValidationError(
                {NON_FIELD_ERRORS: outside_message(self.municipality, latitude, longitude)}, code="outside"
            )


class IncidentPhoto(models.Model):
    """A partner's photo of the damage or the place, for the reviewer only: never on a public page, in an
    export, the API or open data. Re-encoded on upload (trygg.images: no EXIF, no GPS), deleted by
    retention, and removable by the reviewer if it shows people."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="photo", verbose_name=_("händelse")
    )
    jpeg = models.BinaryField(_("foto (JPEG)"), editable=False)
    width = models.PositiveSmallIntegerField(_("bredd"))
    height = models.PositiveSmallIntegerField(_("höjd"))
    created_at = models.DateTimeField(_("bifogat"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foton")

    def __str__(self) -> str:
        return _("Foto till %(incident)s") % {"incident": self.incident}

    @property
    def municipality(self) -> Municipality:
        return self.incident.municipality


class PoliceEvent(models.Model):
    """An event from the police's open feed, upserted by its id.

    Its coordinates are the centre of the municipality or county, never the street: use them for
    municipality-level trends only, never in a hot-spot map.
    """

    id = models.BigIntegerField(primary_key=True)
    published_at = models.DateTimeField(_("publicerad"))
    occurred_at = models.DateTimeField(_("händelsetid"), db_index=True)
    occurred_at_from_name = models.BooleanField(_("händelsetid ur rubriken"), default=False)
    name = models.CharField(_("rubrik"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    url = models.CharField(_("länk"), max_length=500, blank=True)
    event_type = models.CharField(_("händelsetyp"), max_length=100)
    location_name = models.CharField(_("plats enligt polisen"), max_length=100)
    municipality_code = models.CharField(_("kommunkod"), max_length=4, blank=True)
    is_county_level = models.BooleanField(_("länsnivå"), default=False)
    is_summary = models.BooleanField(_("sammanfattning av natt/dygn"), default=False)
    latitude = models.FloatField(_("latitud (kommun- eller länscentrum)"))
    longitude = models.FloatField(_("longitud (kommun- eller länscentrum)"))
    # Demo only: a real event replayed a year later, so that the demo's recent weeks have police figures
    # after the archive ends (demo.incidents). Its id is the real one negated: never a feed id.
    is_demo = models.BooleanField(_("demodata"), default=False, db_default=False)
    # What the feed said, fingerprinted (ParsedEvent.digest): a re-import reads ids and fingerprints only.
    digest = models.CharField(_("fingeravtryck"), max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("polisens händelse")
        verbose_name_plural = _("polisens händelser")
        ordering = ["-occurred_at"]
        # Every reader asks for one municipality's events in a period (the trend, the events page, the
        # assessment); a type is filtered among those. Retention reads by time alone (occurred_at's index).
        # Indexes of their own on type, place and code served no query and cost a third of an import's
        # writes on PostgreSQL.
        indexes = [models.Index(fields=["municipality_code", "occurred_at"], name="police_municipality_time")]

    def __str__(self) -> str:
        return self.name


class IncidentImport(models.Model):
    """A CSV/XLSX file of incidents imported in the background, with its progress for the page that
    waits for it. The file's bytes are kept only until the import has finished (or failed)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        CHECKING = "checking", _("Kontrollerar raderna")
        SAVING = "saving", _("Sparar")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Inget importerades")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("av")
    )
    filename = models.CharField(_("fil"), max_length=200)
    content = models.BinaryField(_("innehåll"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rader"), default=0)
    checked = models.PositiveIntegerField(_("kontrollerade rader"), default=0)
    imported = models.PositiveIntegerField(_("importerade"), default=0)
    problems = models.JSONField(_("fel"), default=list, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("import av händelser")
        verbose_name_plural = _("importer av händelser")
        ordering = ["-created_at"]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        # Checking is the first half, writing the second.
        return int(50 * (self.checked + self.imported) / self.total) if self.total else 0
