"""The ledger of published figures (privacy.ledger): what each public figure counted, so that a new figure
can be checked against everything already published for the municipality."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFigure(models.Model):
    """One published figure and its population: the records it counted (keys such as "incident:12", each with
    its weight, 1 for an incident). Record ids are no personal data; the figure's own label says where it is
    shown. Kept for as long as the installation: what was published stays published."""

    municipality_id = models.BigIntegerField(_("kommun"), db_index=True)
    publication = models.CharField(_("publicering"), max_length=100)
    label = models.CharField(_("siffra"), max_length=200)
    members = models.JSONField(_("räknade poster"), default=dict)
    count = models.PositiveIntegerField(_("antal"))
    exact = models.BooleanField(_("visas exakt"))
    published_at = models.DateTimeField(_("publicerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("publicerad siffra")
        verbose_name_plural = _("publicerade siffror")
        indexes = [models.Index(fields=["municipality_id", "exact"], name="published_figure_exact")]

    def __str__(self) -> str:
        return f"{self.publication} {self.label}"


class LedgerLock(models.Model):
    """One row per municipality, locked while a publication is checked against the ledger, so that two
    publications at the same time are checked against each other too."""

    municipality_id = models.BigIntegerField(unique=True)
