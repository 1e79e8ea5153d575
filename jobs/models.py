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


class JobProgress(models.Model):
    """How far a long background job has come, for the progress bar of the page that started it."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Väntar")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("slag"), max_length=50)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun")
    )
    started_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("startad av")
    )
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.WAITING)
    stage = models.CharField(_("steg"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("klara"), default=0)
    total = models.PositiveIntegerField(_("totalt"), default=0)
    message = models.TextField(_("meddelande"), blank=True, max_length=4000)
    payload = models.BinaryField(_("fil"), null=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("uppdaterad"), auto_now=True)

    class Meta:
        verbose_name = _("jobbets framsteg")
        verbose_name_plural = _("jobbens framsteg")

    def __str__(self) -> str:
        return f"{self.kind} {self.get_state_display()}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
