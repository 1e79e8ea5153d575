from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive; a task claimed by a worker that stopped saying so is run again."""

    worker_id = models.CharField(_("arbetare"), max_length=64, primary_key=True)
    hostname = models.CharField(_("dator"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("startad"), auto_now_add=True)
    last_seen = models.DateTimeField(_("senast hörd"), db_index=True)

    class Meta:
        verbose_name = _("arbetare")
        verbose_name_plural = _("arbetare")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class ScheduledRun(models.Model):
    """One slot of a periodic job, enqueued once however many workers look at the schedule."""

    job = models.CharField(_("jobb"), max_length=100)
    slot = models.DateTimeField(_("tidpunkt"))
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("köad"), auto_now_add=True)

    class Meta:
        verbose_name = _("schemalagd körning")
        verbose_name_plural = _("schemalagda körningar")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_slot")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
