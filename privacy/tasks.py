from django_tasks import task

from . import retention


@task()
def nightly_retention() -> dict:
    """Every night: delete or anonymise what has passed its retention period."""
    counts: dict[str, int] = {}
    for outcome in retention.apply():
        counts[outcome.record_type] = counts.get(outcome.record_type, 0) + outcome.count
    return counts
