from django.db import transaction

from accounts.models import User
from accounts.services import save_audited


@transaction.atomic
def save_with_links(*, user: User, form):
    """A problem, plan or measure and its links (places, problems, promises ...), in one transaction, logged;
    a form opened before someone else's save is refused (StaleEdit)."""
    instance = save_audited(user=user, instance=form.save(commit=False), expected_version=form.expected_version)
    form.save_m2m()
    return instance
