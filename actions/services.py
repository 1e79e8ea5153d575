from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import save_audited
from notifications.tasks import notify
from safetywalks.models import Finding
from situation.models import SituationReport
from trygg.freezing import locked_unfrozen

from . import selectors
from .models import ActionItem, FocusDecision


@transaction.atomic
def save_item(*, user: User | None, item: ActionItem, expected_version: str | None = None) -> ActionItem:
    """Save an item, audited: closing stamps the time, a new due date or person re-arms the reminder, a
    finding's status follows its item, and a newly given person is told by e-mail (not when they took it
    themselves)."""
    before = ActionItem.objects.filter(pk=item.pk).values("assignee_id", "due_on", "status").first() or {}
    if item.is_open:
        item.closed_at = None
    elif before.get("status") in ActionItem.OPEN_STATUSES or not before:
        item.closed_at = timezone.now()
    if before and (before["due_on"], before["assignee_id"]) != (item.due_on, item.assignee_id):
        item.reminded_at = None
    save_audited(user=user, instance=item, expected_version=expected_version)
    if item.finding_id:
        Finding.objects.filter(pk=item.finding_id).exclude(status=item.status).update(status=item.status)
    if (
        item.assignee_id
        and item.assignee_id != before.get("assignee_id")
        and item.assignee_id != getattr(user, "pk", None)
    ):
        notify("item_assigned", item.pk)
    return item


def set_status(*, user: User, item: ActionItem, status: str, note: str) -> ActionItem:
    item.status, item.note = status, note
    return save_item(user=user, item=item)


@transaction.atomic
def add_decision(*, user: User, decision: FocusDecision, assignee: User | None = None) -> FocusDecision:
    """A decision of the weekly meeting on a draft report, and the item that follows it to done (copied
    versions of the report keep pointing at the same item). Refused with Frozen once approved."""
    decision.report = locked_unfrozen(decision.report)
    item = ActionItem(
        municipality=decision.report.municipality,
        title=decision.action[:300],
        origin=ActionItem.Origin.DECISION,
        owner=decision.owner,
        assignee=assignee,
        due_on=decision.due_date,
    )
    decision.item = save_item(user=user, item=item)
    return save_audited(user=user, instance=decision)


def carry_decisions(*, previous: SituationReport, report: SituationReport, **signal) -> None:
    """A new version of an approved report carries its decisions, each still followed by the same item."""
    for decision in previous.decisions.all():
        decision.pk, decision.report = None, report
        decision.save()


@transaction.atomic
def follow_finding(*, user: User, finding: Finding, **signal) -> ActionItem | None:
    """A finding given an owner and a due date is followed as an item; later edits of the finding carry
    over to it (and its status back, see save_item)."""
    if finding.owner_id is None or finding.due_on is None:
        return None
    item = ActionItem.objects.filter(finding=finding).first() or ActionItem(
        municipality=finding.walk.municipality, finding=finding, origin=ActionItem.Origin.FINDING
    )
    item.title = finding.description[:300]
    if item.owner_id != finding.owner_id:
        item.owner, item.assignee = finding.owner, None
    item.due_on, item.status = finding.due_on, finding.status
    return save_item(user=user, item=item)


@transaction.atomic
def mark_reminded(item: ActionItem) -> int:
    """Queue the reminder to each recipient and mark the item, in one transaction."""
    people = list(selectors.recipients(item).values_list("pk", flat=True))
    for pk in people:
        notify("item_due", item.pk, pk)
    ActionItem.objects.filter(pk=item.pk).update(reminded_at=timezone.now())
    return len(people)
