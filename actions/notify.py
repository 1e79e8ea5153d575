from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import mail

from .models import ActionItem


def _message(name: str, subject, item_pk: int, user_pk: int):
    item = ActionItem.objects.select_related("owner", "municipality").filter(pk=item_pk).first()
    if item is None or not item.is_open:
        return None
    user = mail.reachable(User.objects.filter(pk=user_pk)).first()
    if user is None:
        return None
    context = {
        "item": item,
        "user": user,
        "url": mail.absolute(item.get_absolute_url()),
        "overdue": item.is_overdue(timezone.localdate()),
    }
    return mail.compose(name, user.email, subject, context, subject_args={"title": item.title[:80]})


def item_assigned(item_pk: int):
    """To the person an item has just been given."""
    item = ActionItem.objects.filter(pk=item_pk).only("assignee_id").first()
    if item is None or item.assignee_id is None:
        return None
    return _message("item_assigned", _("Ny åtgärdspunkt till dig: %(title)s"), item_pk, item.assignee_id)


def item_due(item_pk: int, user_pk: int):
    """Before the due date (or once it has passed without the item being closed)."""
    return _message("item_due", _("Påminnelse: %(title)s ska vara klart snart"), item_pk, user_pk)
