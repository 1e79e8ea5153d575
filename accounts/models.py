import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from . import roles


class MunicipalityManager(models.Manager):
    """Leaves the logo's bytes in the database until a view asks for them: municipalities are read on
    every request (tenancy), the logo only by the logo view."""

    def get_queryset(self):
        return super().get_queryset().defer("logo_png")


class Municipality(models.Model):
    """A kommun: the tenant every record belongs to."""

    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn"), unique=True)
    # The tenant's face on its pages: the logo (re-encoded as PNG by accounts.branding, never SVG) and the
    # contact shown in the footer. A function address, never a person's.
    logo_png = models.BinaryField(_("logotyp (PNG)"), blank=True, default=b"", editable=False)
    logo_digest = models.CharField(_("logotypens kontrollsumma"), max_length=16, blank=True, editable=False)
    contact_email = models.EmailField(_("e-post för frågor"), blank=True)
    website = models.URLField(_("webbplats"), blank=True, validators=[URLValidator(schemes=["https"])])

    objects = MunicipalityManager()

    class Meta:
        verbose_name = _("kommun (tenant)")
        verbose_name_plural = _("kommuner (tenants)")
        ordering = ["name"]
        base_manager_name = "objects"  # related lookups (incident.municipality) defer the logo too

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> "Municipality":
        """Its own tenant, so that its changes are logged like any other object's (save_audited)."""
        return self

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_digest)

    @property
    def website_host(self) -> str:
        return urlsplit(self.website).netloc

    def set_logo(self, png: bytes) -> None:
        """The logo's bytes and their digest, which names the version in its URL (caches never go stale)."""
        self.logo_png = png
        self.logo_digest = hashlib.sha256(png).hexdigest()[:16] if png else ""


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Kommun")
        POLICE_AREA = "lokalpolisomrade", _("Lokalpolisområde")
        ASSOCIATION = "forening", _("Förening")
        SCHOOL = "skola", _("Skola")
        HOUSING = "fastighetsbolag", _("Fastighetsbolag")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    # A police area serves several municipalities, so this is many-to-many.
    municipalities = models.ManyToManyField(Municipality, related_name="organisations", verbose_name=_("kommuner"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administratör")
        COORDINATOR = "coordinator", _("Samordnare")
        REPORTER = "reporter", _("Rapportör")
        VIEWER = "viewer", _("Läsare")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # The identity provider's subject ("sub") of a staff member who logs in with the municipality's
    # account; empty for local accounts (volunteers, the demo), which are never matched by e-mail.
    sso_subject = models.CharField(
        _("id hos identitetsleverantören"), max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        constraints = [
            # "Anna" and "anna" would be two accounts to the database and one person to everybody else.
            models.UniqueConstraint(
                Lower("username"),
                name="username_unique_ignoring_case",
                violation_error_message=_("Det finns redan en användare med det namnet."),
            )
        ]

    # A superuser is an administrator whatever its role field says, so pages, API and selectors never
    # disagree about one.
    @property
    def effective_role(self) -> str:
        return self.Role.ADMINISTRATOR if self.is_superuser else self.role

    def may(self, ability: str) -> bool:
        """Whether the user's role may do this (accounts.roles holds the table)."""
        return ability in roles.ABILITIES.get(self.effective_role, ())

    # The table's answers by name, for templates.
    @property
    def can_edit_programme(self) -> bool:
        return self.may(roles.EDIT)

    @property
    def can_read_programme(self) -> bool:
        return self.may(roles.READ)

    @property
    def can_log(self) -> bool:
        return self.may(roles.LOG)


class SsoGroup(models.Model):
    """A group of the municipality's identity provider (Entra ID, ADFS) and what it makes its members in
    Trygg: an organisation and a role. A staff member's organisation and role follow the provider's groups
    at every login; someone in none of them is not let in."""

    name = models.CharField(
        _("gruppens namn eller id"),
        max_length=200,
        unique=True,
        help_text=_("Som gruppen står i inloggningens gruppanspråk, t.ex. ett objekt-id i Entra ID."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sso_groups", verbose_name=_("organisation")
    )
    role = models.CharField(_("roll"), max_length=20, choices=User.Role.choices)

    class Meta:
        verbose_name = _("grupp för inloggning via kommunens konto")
        verbose_name_plural = _("grupper för inloggning via kommunens konto")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.organisation}, {self.get_role_display()}"


class AuditEntry(models.Model):
    """Append-only record of a change: who, when, what, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Skapad")
        UPDATE = "update", _("Ändrad")
        DELETE = "delete", _("Borttagen")
        PUBLISH = "publish", _("Publicerad")
        UNPUBLISH = "unpublish", _("Avpublicerad")

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("objekttyp"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=300)
    changes = models.JSONField(_("ändringar"), default=dict)

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("ändringslogg")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class EnrolmentLink(models.Model):
    """A one-time link with which a user sets up their second factor: issued by an administrator and sent
    over another channel, so that a stolen password alone cannot enrol the thief's phone. Stored hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links", verbose_name=_("användare")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("skapad av")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("aktiveringslänk för tvåfaktor")
        verbose_name_plural = _("aktiveringslänkar för tvåfaktor")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class LoginSession(models.Model):
    """A session a user logged in with: Django's session table does not say whose a session is, and
    deactivating a user must end every one of theirs at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inloggad session")
        verbose_name_plural = _("inloggade sessioner")
