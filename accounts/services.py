import datetime
import decimal
import hashlib
import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, Municipality, User


def _loggable(value: Any) -> Any:
    """A stored value as the log writes it: JSON-safe."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)  # one instant, one text: a form's local time is no change
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal)):
        value = str(value)
    if isinstance(value, (bytes, memoryview)):  # a logo: the log says that it changed, by its digest
        value = f"{len(value)} byte, sha256 {hashlib.sha256(bytes(value)).hexdigest()[:12]}" if value else ""
    return value


def field_values(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a model instance, as JSON-safe values."""
    return {field.attname: _loggable(getattr(instance, field.attname)) for field in instance._meta.concrete_fields}


_JSON_TYPES = frozenset({str, int, float, bool})  # logged as they are (a type test is cheaper than _loggable)


def creation(values: dict[str, Any]) -> dict[str, list[Any]]:
    """``diff({}, field_values(instance))`` of an object given as its column values ({attname: value}), without
    the object: what an import logs for each of its rows."""
    return {
        name: [None, value if type(value) in _JSON_TYPES else _loggable(value)]
        for name in sorted(values)
        if (value := values[name]) is not None
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field name -> [old, new] for every field whose value changed."""
    if not before:  # a creation: every value that is set (an import logs 100,000 of them)
        return {k: [None, after[k]] for k in sorted(after) if after[k] is not None}
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


# Stands in the audit log for the value of a field that may hold personal data.
PERSONAL_VALUE = "(personuppgift – värdet loggas inte)"


def personal_fields(model: type[models.Model]) -> frozenset[str]:
    """Fields whose values never reach the audit log (a model lists them in PERSONAL_FIELDS)."""
    return frozenset(getattr(model, "PERSONAL_FIELDS", ()))


def redact(model: type[models.Model], changes: dict[str, Any]) -> dict[str, Any]:
    """The log records that a personal field was set, changed or cleared, never its value: the audit log
    is kept ten years and shown to every coordinator, far longer and wider than the data itself."""
    hidden = personal_fields(model)
    return {
        key: [PERSONAL_VALUE if v not in (None, "") else v for v in values] if key in hidden else values
        for key, values in changes.items()
    }


def audit_entry(
    *,
    user: User | None,
    municipality: Municipality,
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """An unsaved entry; ``record`` saves one. Personal values are redacted here."""
    return AuditEntry(
        **audit_values(
            user=user,
            municipality_id=municipality.pk,
            action=action,
            model=type(instance),
            object_id=instance.pk,
            object_repr=str(instance),
            changes=changes,
        )
    )


def audit_values(
    *,
    user: User | None,
    municipality_id: int,
    action: str,
    model: type[models.Model],
    object_id: Any,
    object_repr: str,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An entry's column values (trygg.bulk.insert_values writes many without an object for each)."""
    return {
        "user_id": user.pk if user and user.is_authenticated else None,
        "municipality_id": municipality_id,
        "action": action,
        "object_type": model._meta.label,
        "object_id": str(object_id),
        "object_repr": object_repr[:300],
        "changes": redact(model, changes or {}),
    }


def record(**kwargs) -> AuditEntry:
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def record_publication(*, user: User, instance: models.Model, status: str, when: str, by: str, also=()) -> models.Model:
    """Publish or approve a record: its new status, when (field ``when``) and by whom (field ``by``) saved
    with the other fields named in ``also`` (set on it already), and a publication in the audit log."""
    before, instance.status = instance.status, status
    setattr(instance, when, timezone.now())
    setattr(instance, by, user)
    instance.save(update_fields=["status", when, by, *also])
    record(
        user=user,
        municipality=instance.municipality,
        action=AuditEntry.Action.PUBLISH,
        instance=instance,
        changes={"status": [before, status]},
    )
    return instance


def version_of(instance: models.Model) -> str:
    """A fingerprint of an object's stored values: a form carries it, so a save from a stale form is noticed."""
    data = json.dumps(field_values(instance), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:20]


class StaleEdit(Exception):
    """Someone else saved the object after the form was opened; ``latest`` is their audit entry."""

    def __init__(self, latest: AuditEntry | None, current_version: str):
        super().__init__("stale edit")
        self.latest, self.current_version = latest, current_version


@transaction.atomic
def save_audited(*, user: User | None, instance: models.Model, expected_version: str | None = None) -> models.Model:
    """Validate and save an object (promise, indicator, place, plan ...) and log the change.

    The object must have a ``municipality`` (directly or as a property), which scopes the log entry.
    With ``expected_version`` (from the form), the row is locked and the save refused with StaleEdit when
    it changed since the form was opened: two coordinators' edits never silently overwrite each other.
    """
    creating = instance.pk is None
    stored = None if creating else type(instance).objects.select_for_update().get(pk=instance.pk)
    if stored is not None and expected_version and version_of(stored) != expected_version:
        latest = AuditEntry.objects.filter(object_type=instance._meta.label, object_id=str(instance.pk)).first()
        raise StaleEdit(latest, version_of(stored))
    before = {} if creating else field_values(stored)
    instance.full_clean()
    instance.save()
    after = field_values(instance)
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
def save_form_audited(*, user: User | None, form) -> models.Model:
    """A model form's object and its many-to-many links (places, parties, problems ...) in one transaction,
    logged; a form opened before someone else's save is refused (StaleEdit, when it carries a version)."""
    instance = save_audited(
        user=user, instance=form.save(commit=False), expected_version=getattr(form, "expected_version", None)
    )
    form.save_m2m()
    return instance


@transaction.atomic
def delete_audited(*, user: User | None, instance: models.Model) -> None:
    record(
        user=user,
        municipality=instance.municipality,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        changes=diff(field_values(instance), {}),
    )
    instance.delete()
