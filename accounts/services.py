import datetime
import decimal
from typing import Any

from django.db import models, transaction

from .models import AuditEntry, Municipality, User


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a model instance, as JSON-safe values."""
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, (datetime.date, datetime.time, decimal.Decimal)):
            value = str(value)
        values[field.attname] = value
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field name -> [old, new] for every field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    user: User | None,
    municipality: Municipality,
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        municipality=municipality,
        action=action,
        object_type=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
    )


@transaction.atomic
def save_audited(*, user: User | None, instance: models.Model) -> models.Model:
    """Validate and save an object (promise, indicator, place, plan ...) and log the change.

    The object must have a ``municipality`` (directly or as a property), which scopes the log entry.
    """
    creating = instance.pk is None
    before = {} if creating else snapshot(type(instance).objects.get(pk=instance.pk))
    instance.full_clean()
    instance.save()
    after = snapshot(instance)
    changes = diff(before, after)
    if creating or changes:
        record(
            user=user,
            municipality=instance.municipality,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
            instance=instance,
            changes=changes,
        )
    return instance


@transaction.atomic
def delete_audited(*, user: User | None, instance: models.Model) -> None:
    record(
        user=user,
        municipality=instance.municipality,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        changes=diff(snapshot(instance), {}),
    )
    instance.delete()
