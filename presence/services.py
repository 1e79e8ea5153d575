"""Accepting a suggestion: a place and a time become a presence plan of the organisation that will be
there, and the suggestion is kept with why it was made. Nothing is planned without a coordinator."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from accounts.services import save_audited
from fieldwork.models import WEEKDAYS, PresencePlan
from fieldwork.services import save_plan
from places.models import Place

from . import selectors
from .models import AcceptedSuggestion


class SuggestionGone(Exception):
    """The week's analysis no longer suggests it (a plan or a report changed meanwhile)."""


@transaction.atomic
def accept_suggestion(
    *,
    user: User,
    params: selectors.Parameters,
    capacities: list[selectors.Capacity],
    organisation_id: int,
    place_id: int,
    date: str,
    start: str,
) -> AcceptedSuggestion:
    """The suggestion as the analysis makes it now, with the same parameters: never a slot the page did
    not suggest, nor figures the browser sent. Accepts in one municipality take turns (its row is locked),
    so that two coordinators clicking at once do not plan the same slot twice."""
    Municipality.objects.select_for_update().get(pk=params.municipality.pk)
    report = selectors.gap_report(params, capacities)
    wanted = (organisation_id, place_id, date, start)
    suggestion = next(
        (s for s in report["suggestions"] if (s["organisation_id"], s["place_id"], s["date"], s["start"]) == wanted),
        None,
    )
    if suggestion is None:
        raise SuggestionGone
    capacity = next(c for c in capacities if c.organisation.pk == organisation_id)
    place = Place.objects.get(pk=place_id, municipality=params.municipality)
    plan = save_plan(user=user, plan=_plan(params, capacity, place, suggestion), places=[place])
    accepted = AcceptedSuggestion(
        municipality=params.municipality,
        plan=plan,
        organisation=capacity.organisation,
        place=place,
        date=datetime.date.fromisoformat(suggestion["date"]),
        start_time=plan.start_time,
        end_time=plan.end_time,
        expected_incidents=suggestion["expected_incidents"],
        recent_incidents=suggestion["recent_incidents"],
        history_weeks=params.history_weeks,
        accepted_by=user,
    )
    return save_audited(user=user, instance=accepted)


def _plan(params: selectors.Parameters, capacity: selectors.Capacity, place: Place, suggestion: dict) -> PresencePlan:
    """A one-off plan in the organisation's own activity and kind of shift (those of its latest plan)."""
    model = (
        selectors.plans_in_week(params.municipality, params.monday)
        .filter(organisation=capacity.organisation)
        .order_by("-valid_from", "-pk")
        .first()
    )
    day = datetime.date.fromisoformat(suggestion["date"])
    weekday = str(dict(WEEKDAYS)[day.weekday()])
    return PresencePlan(
        municipality=params.municipality,
        activity=model.activity,
        organisation=capacity.organisation,
        title=_("Förslag: %(place)s %(weekday)s %(start)s–%(end)s")
        % {"place": place.name[:150], "weekday": weekday, "start": suggestion["start"], "end": suggestion["end"]},
        log_type=model.log_type,
        weekdays=[day.weekday()],
        start_time=datetime.time.fromisoformat(suggestion["start"]),
        end_time=datetime.time.fromisoformat(suggestion["end"]),
        valid_from=day,
        valid_to=day,
        planned_staff=capacity.per_shift,
    )
