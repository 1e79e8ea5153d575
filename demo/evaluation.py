"""Two demo evaluations in Strängnäs (issue 12): the camera at Stortorget and the Thursday foot patrol in the
centre. Their incidents are the synthetic demo incidents, into which demo.incidents wrote the measures'
effects; idempotent."""

import datetime

from django.db import transaction

from accounts.models import Municipality
from evaluation.models import Evaluation
from fieldwork.models import CameraSite, District, Place
from incidents.models import IncidentCategory
from programme.models import Activity

from .incidents import CAMERA, PATROL


def _evaluation(municipality, title: str, categories: list[str], districts: list[str], **fields) -> None:
    evaluation, created = Evaluation.objects.get_or_create(municipality=municipality, title=title, defaults=fields)
    if created:
        evaluation.categories.set(IncidentCategory.objects.filter(code__in=categories))
        evaluation.control_districts.set(District.objects.filter(municipality=municipality, name__in=districts))


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    stortorget = Place.objects.get(municipality=strangnas, name="Stortorget")
    patrol_activity = (
        Activity.objects.filter(
            promise__focus_area__promise_set__municipality=strangnas, title="Fotpatrullering och medborgarkontakt"
        )
        .order_by("promise__focus_area__promise_set__period_start")
        .first()
    )
    _evaluation(
        strangnas,
        "Kamerabevakning: Stortorget",
        [CAMERA["main"]],
        ["Strängnäs tätort", "Mariefred"],
        camera_site=CameraSite.objects.filter(municipality=strangnas, name="Stortorget").first(),
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
        activity=patrol_activity,
        target_place=stortorget,
        target_radius_m=400,
        buffer_m=300,
        starts_on=PATROL["from"],
        before_days=(PATROL["from"] - datetime.date(2023, 6, 1)).days,
        after_days=(PATROL["from"] - datetime.date(2023, 6, 1)).days,
    )
