"""How long field work's free text is kept; privacy.retention applies it (registered in
FieldworkConfig.ready())."""

from .models import ActivityLog


def activity_log_observations(cutoff):
    return ActivityLog.objects.filter(started_at__lt=cutoff).exclude(observations="")


def register_plans(register) -> None:
    # Free-text observations of field work: three years; the counts stay for the follow-up.
    register("activity_log_observations", 3 * 365, activity_log_observations, anonymise={"observations": ""})
