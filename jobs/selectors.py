"""Reading the background worker's task records, for apps above that follow their own jobs."""

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def task_ended(task_id: str) -> bool:
    """Whether the worker's task has ended, or is gone (the jobs' retention removes finished ones)."""
    status = DBTaskResult.objects.filter(id=task_id).values_list("status", flat=True).first() if task_id else None
    return status is None or status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}
