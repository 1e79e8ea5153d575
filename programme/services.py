"""State changes of the programme. Each function is one transaction and writes the audit log."""

from django.db import models, transaction

from accounts.models import AuditEntry, User
from accounts.services import diff, record, snapshot

from .models import PromiseSet


@transaction.atomic
def save_programme_object(*, user: User | None, instance: models.Model) -> models.Model:
    """Validate and save a programme object (promise, activity, indicator ...) and log the change.

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
def delete_programme_object(*, user: User | None, instance: models.Model) -> None:
    record(
        user=user,
        municipality=instance.municipality,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        changes=diff(snapshot(instance), {}),
    )
    instance.delete()


@transaction.atomic
def set_published(*, user: User | None, promise_set: PromiseSet, published: bool) -> PromiseSet:
    promise_set = PromiseSet.objects.select_for_update().get(pk=promise_set.pk)
    if promise_set.published == published:
        return promise_set
    promise_set.published = published
    promise_set.save(update_fields=["published"])
    record(
        user=user,
        municipality=promise_set.municipality,
        action=AuditEntry.Action.PUBLISH if published else AuditEntry.Action.UNPUBLISH,
        instance=promise_set,
        changes={"published": [not published, published]},
    )
    return promise_set
