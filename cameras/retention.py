"""How long the camera register's documentation is kept; privacy.retention applies it (registered in
CamerasConfig.ready())."""

from .models import CameraSite


def camera_sites_after_end(cutoff):
    return CameraSite.objects.filter(ended_on__lt=cutoff.date())


def register_plans(register) -> None:
    # Camera register documentation: five years after the site's end.
    register("camera_sites_after_end", 5 * 365, camera_sites_after_end)
