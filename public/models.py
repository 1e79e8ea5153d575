from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from trygg.tokens import digest, new_secret


class Open311ApiKey(models.Model):
    """A key for POSTing Open311 service requests (an app or a partner system). Only the hash is stored."""

    name = models.CharField(_("namn"), max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun"))
    key_hash = models.CharField(_("nyckel (hash)"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311-nyckel")
        verbose_name_plural = _("Open311-nycklar")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str, municipality: Municipality) -> tuple["Open311ApiKey", str]:
        """Create a key; the plain key is returned once and never stored."""
        key = new_secret()
        return cls.objects.create(name=name, municipality=municipality, key_hash=digest(key)), key

    @classmethod
    def lookup(cls, key: str) -> "Open311ApiKey | None":
        return cls.objects.filter(key_hash=digest(key or ""), active=True).select_related("municipality").first()
