"""API keys for machine clients: create (shown once) and revoke, both audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEntry, Municipality, User
from accounts.selectors import municipalities_for
from accounts.services import record
from trygg.tokens import digest, new_secret

from .models import PREFIX_LENGTH, ApiToken


@transaction.atomic
def create_token(*, created_by: User | None, user: User, municipality: Municipality, name: str) -> tuple[ApiToken, str]:
    """A new key for ``user`` in ``municipality``; returns the token and the key, which is never stored."""
    if not municipalities_for(user).filter(pk=municipality.pk).exists():
        raise ValidationError("Kontot hör inte till kommunen %(m)s.", params={"m": municipality})
    secret = new_secret()
    token = ApiToken.objects.create(
        name=name,
        user=user,
        municipality=municipality,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=digest(secret),
        created_by=created_by,
    )
    record(
        user=created_by,
        municipality=municipality,
        action=AuditEntry.Action.CREATE,
        instance=token,
        changes={"api_token": [None, f"{name} för {user.get_username()}"]},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, revoked_by: User | None, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            user=revoked_by,
            municipality=token.municipality,
            action=AuditEntry.Action.DELETE,
            instance=token,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token
