"""Two demo evaluations in Strängnäs: the camera at Stortorget and the Thursday foot patrol in the
centre. Their incidents are the synthetic demo incidents, into which demo.incidents wrote the measures'
effects; idempotent."""

import datetime

from django.db import transaction

from accounts.models import Municipality, User
from cameras.models import CameraSite
from evaluation.models import Evaluation
from evaluation.services import publish_evaluation
from incidents.models import IncidentCategory
from places.models import District, Place
from programme.models import Activity

from .incidents import CAMERA, PATROL


def _evaluation(municipality, title: str, categories: list[str], districts: list[str], **fields) -> Evaluation:
    evaluation, created = Evaluation.objects.get_or_create(municipality=municipality, title=title, defaults=fields)
    if created:
        evaluation.categories.set(IncidentCategory.objects.filter(code__in=categories))
        evaluation.control_districts.set(District.objects.filter(municipality=municipality, name__in=districts))
    return evaluation


def _activity(municipality, title: str) -> Activity | None:
    """The activity of the 2024–2025 promises (the first set) with this title."""
    return (
        Activity.objects.filter(promise__focus_area__promise_set__municipality=municipality, title=title)
        .order_by("promise__focus_area__promise_set__period_start")
        .first()
    )


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    stortorget = Place.objects.get(municipality=strangnas, name="Stortorget")
    camera = _evaluation(
        strangnas,
        "Kamerabevakning: Stortorget",
        [CAMERA["main"]],
        ["Strängnäs tätort", "Mariefred"],
        camera_site=CameraSite.objects.filter(municipality=strangnas, name="Stortorget").first(),
        activity=_activity(strangnas, "Utökad kamerabevakning"),
        target_place=stortorget,
        target_radius_m=150,
        buffer_m=250,
        starts_on=CAMERA["from"],
        before_days=366,
        after_days=365,
    )
    _evaluation(
        strangnas,
        "Fotpatrull torsdagar i centrum",
        [PATROL["main"]],
        ["Mariefred", "Åkers styckebruk", "Stallarholmen"],
        activity=_activity(strangnas, "Fotpatrullering och medborgarkontakt"),
        target_place=stortorget,
        target_radius_m=400,
        buffer_m=300,
        starts_on=PATROL["from"],
        before_days=(PATROL["from"] - datetime.date(2023, 6, 1)).days,
        after_days=(PATROL["from"] - datetime.date(2023, 6, 1)).days,
    )
    # The camera's evaluation is published with the promises' follow-up; the patrol's stays a draft.
    if camera.status == Evaluation.Status.DRAFT:
        publish_evaluation(user=User.objects.get(username="samordnare"), evaluation=camera)
