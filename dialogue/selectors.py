from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import Dialogue


def dialogues_for(user: User) -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality", "place")
