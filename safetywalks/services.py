"""State changes of safety walks and their findings. Each function is one transaction."""

from django.db import transaction
from django.dispatch import Signal

from accounts.models import User
from accounts.services import save_audited, save_form_audited
from strategy.models import Problem

from .models import Finding

# Sent inside the transaction that saves a finding (finding=, user=): the app that follows findings as
# action items listens.
finding_saved = Signal()


@transaction.atomic
def save_finding(*, user: User, form) -> Finding:
    """A finding and, once it has an owner and a due date, the action item that follows it."""
    finding = save_form_audited(user=user, form=form)
    finding_saved.send(sender=Finding, finding=finding, user=user)
    return finding


@transaction.atomic
def finding_to_problem(*, user: User, finding: Finding) -> Problem:
    """A finding becomes a problem to analyse: its description and place carried over, the two linked."""
    problem = save_audited(
        user=user,
        instance=Problem(
            municipality=finding.walk.municipality,
            title=finding.description[:200],
            what=finding.description,
            where=finding.place.name if finding.place else "",
            evidence=f"{finding.walk.title}, {finding.walk.walked_on or finding.walk.meeting_on:%Y-%m-%d}",
        ),
    )
    if finding.place:
        problem.places.add(finding.place)
    finding.problem = problem
    save_audited(user=user, instance=finding)
    return problem
