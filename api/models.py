from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality

PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """A machine client's key to the REST API: belongs to one integration account and one municipality.

    Only the SHA-256 of the key is stored; the key itself is shown once, when it is created.
    A password alone never reaches the API (it would bypass the second factor).
    """

    name = models.CharField(_("integration"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("konto")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("kommun")
    )
    prefix = models.CharField(_("början av nyckeln"), max_length=PREFIX_LENGTH, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("skapad av")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
