"""Action items: what the weekly meeting decided, what a safety walk found and what a measure needs done
next, each with an owner organisation, a person, a due date and a status, until someone closes it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from places.models import Place
from privacy.screening import validate_no_personal_data
from safetywalks.models import Finding
from situation.models import SituationReport
from strategy.models import Measure


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klar")
        WONT_DO = "wont_do", _("Görs inte")

    class Origin(models.TextChoices):
        DECISION = "decision", _("Beslut på veckomötet")
        FINDING = "finding", _("Fynd på trygghetsvandring")
        MEASURE = "measure", _("Åtgärd i åtgärdsplanen")
        OTHER = "other", _("Övrigt")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("kommun")
    )
    title = models.CharField(_("vad ska göras"), max_length=300, validators=[validate_no_personal_data])
    origin = models.CharField(_("kommer från"), max_length=10, choices=Origin.choices, default=Origin.OTHER)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("ansvarig organisation")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("ansvarig person"),
        help_text=_("En användare i den ansvariga organisationen. Får e-post när punkten tilldelas."),
    )
    due_on = models.DateField(_("klart senast"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(
        _("anteckning"),
        max_length=1000,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("Vad som gjorts eller varför det inte görs. Inga namn eller personuppgifter."),
    )
    finding = models.OneToOneField(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="item", verbose_name=_("fynd")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="items", verbose_name=_("åtgärd")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("åtgärdspunkt")
        verbose_name_plural = _("åtgärdspunkter")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["municipality", "status", "due_on"], name="item_open_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today

    def clean(self) -> None:
        if self.assignee_id and self.owner_id and self.assignee.organisation_id != self.owner_id:
            raise ValidationError(
                {"assignee": _("Den ansvariga personen måste höra till den ansvariga organisationen.")}
            )


class FocusDecision(models.Model):
    """A decision of the weekly meeting: next week's focus place, what to do, who owns it, by when."""

    report = models.ForeignKey(
        SituationReport, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("lägesbild")
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("fokusplats"))
    action = models.CharField(_("åtgärd"), max_length=300, validators=[validate_no_personal_data])
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name=_("ansvarig organisation"))
    due_date = models.DateField(_("klart senast"))
    # Followed to done as an action item; a new version of the report copies the decision, not the item.
    item = models.ForeignKey(
        ActionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("åtgärdspunkt"),
    )

    class Meta:
        db_table = "incidents_focusdecision"
        verbose_name = _("beslut om fokus")
        verbose_name_plural = _("beslut om fokus")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def municipality(self):
        return self.report.municipality

    def save(self, *args, **kwargs):
        if self.report.is_frozen:
            raise ValidationError(_("En godkänd lägesbild kan inte ändras. Skapa en ny version."))
        super().save(*args, **kwargs)
