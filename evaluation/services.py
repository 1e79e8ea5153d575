from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import record_publication, save_audited, save_form_audited
from privacy import ledger
from privacy.suppression import THRESHOLD
from trygg.freezing import locked_unfrozen, stamped

from . import selectors
from .models import Evaluation, IncidentIndicator


@transaction.atomic
def save_evaluation(*, user: User, form) -> Evaluation:
    """The evaluation and its areas and categories, in one transaction, logged; refused with Frozen once
    published."""
    if form.instance.pk:
        locked_unfrozen(form.instance)
    return save_form_audited(user=user, form=form)


def _withheld(evaluation: Evaluation, data: selectors.Figures) -> list[str]:
    """The counts at the threshold or over that the public may not see exactly ("target.before", …), as the
    ledger of published figures decides. The per-category counts reach the public only through the
    statistics, which need every count at the threshold or over: only then are they published (and
    recorded)."""
    labels = [label for label in data.incident_ids if not label.startswith("category.")]
    if all(len(data.incident_ids[label]) >= THRESHOLD for label in data.incident_ids):
        labels = list(data.incident_ids)
    decided = ledger.publish(
        municipality_id=evaluation.municipality_id,
        publication=f"evaluation:{evaluation.pk}",
        figures={label: ledger.incidents(data.incident_ids[label]) for label in labels},
        period=(data.before[0], max(data.after[1], data.before[1])),
    )
    return [label for label in labels if not decided[label] and len(data.incident_ids[label]) >= THRESHOLD]


@transaction.atomic
def publish_evaluation(*, user: User, evaluation: Evaluation) -> Evaluation:
    """Freezes today's figures and statistics; the page shows them from then on (small counts suppressed
    where the public sees them). Refused with Frozen when it already was."""
    evaluation = locked_unfrozen(evaluation)
    data = selectors.figures(evaluation)
    evaluation.snapshot = stamped(
        {
            "figures": {**data.as_dict(), "withheld": _withheld(evaluation, data)},
            "results": selectors.results(data),
            "computed_on": timezone.localdate().isoformat(),
        },
        selectors.SNAPSHOT_SCHEMA,
    )
    status = Evaluation.Status.PUBLISHED
    return record_publication(
        user=user, instance=evaluation, status=status, when="published_at", by="published_by", also=["snapshot"]
    )


@transaction.atomic
def save_incident_indicator(
    *, user: User, binding: IncidentIndicator, categories, places, districts
) -> IncidentIndicator:
    """Bind an outcome indicator to reviewed incidents (audited, with its choices)."""
    save_audited(user=user, instance=binding)
    binding.categories.set(categories)
    binding.places.set(places)
    binding.districts.set(districts)
    return binding
