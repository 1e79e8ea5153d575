from django_tasks import task

from . import selectors, services


@task()
def remind_items_due() -> int:
    """Daily: the owners of open items due within two days are reminded once (a new due date or person
    re-arms the reminder)."""
    return sum(services.mark_reminded(item) for item in selectors.due_for_reminder())
