"""State changes of the programme. Each function is one transaction and writes the audit log."""

from django.db import transaction

from accounts.models import AuditEntry, User
from accounts.services import record

from .models import PromiseSet


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
