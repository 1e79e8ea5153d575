from django.db import transaction

from accounts.models import User
from accounts.services import save_audited
from strategy.models import Problem

from .models import Finding


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
