from django.db import transaction

from accounts.models import User
from accounts.services import save_audited

from .models import CameraSite


@transaction.atomic
def save_camera_site(*, user: User, site: CameraSite, expected_version: str | None = None) -> CameraSite:
    return save_audited(user=user, instance=site, expected_version=expected_version)
