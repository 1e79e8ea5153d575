"""How long field work's free text and the camera register are kept; privacy.retention applies it
(registered in FieldworkConfig.ready())."""

from .models import ActivityLog, CameraSite


def activity_log_observations(cutoff):
    return ActivityLog.objects.filter(started_at__lt=cutoff).exclude(observations="")


def camera_sites_after_end(cutoff):
    return CameraSite.objects.filter(ended_on__lt=cutoff.date())


def register_plans(register) -> None:
    # Free-text observations of field work: three years; the counts stay for the follow-up.
    register("activity_log_observations", 3 * 365, activity_log_observations, anonymise={"observations": ""})
    # Camera register documentation: five years after the site's end.
    register("camera_sites_after_end", 5 * 365, camera_sites_after_end)
