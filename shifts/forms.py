import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from fieldwork.models import PresencePlan
from trygg.calendar import period_errors
from trygg.forms import DateInput, Form

from .models import MAX_CAPACITY, MIN_PEOPLE
from .services import MAX_PUBLISH_DAYS


class PublishForm(Form):
    plan = forms.ModelChoiceField(queryset=PresencePlan.objects.none(), label=_("Närvaroplan"))
    first = forms.DateField(label=_("Från och med"), widget=DateInput())
    last = forms.DateField(label=_("Till och med"), widget=DateInput(), help_text=_("Högst tre månader."))
    capacity = forms.IntegerField(
        label=_("Platser per pass"),
        min_value=MIN_PEOPLE,
        max_value=MAX_CAPACITY,
        initial=6,
        help_text=_("Minst två: ingen går ensam."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        # Volunteer associations publish shifts; the municipality's and the police's own rosters are elsewhere.
        self.fields["plan"].queryset = plans.filter(organisation__kind=Organisation.Kind.ASSOCIATION).order_by(
            "organisation__name", "title"
        )
        today = timezone.localdate()
        self.fields["first"].initial = today
        self.fields["last"].initial = today + datetime.timedelta(weeks=4)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if errors := period_errors(first, last, field="last"):
            self.add_error(None, errors)
        elif first and last and (last - first).days > MAX_PUBLISH_DAYS:
            self.add_error("last", _("Välj en period på högst tre månader."))
        return cleaned
