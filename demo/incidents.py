"""Situation-picture demo for Strängnäs: synthetic incidents (source 'demo', labelled as such),
the real police feed for Södermanland (replayed a year later, marked as demo, for the weeks after the
archive ends), and situation reports for the last two weeks.

Idempotent: incidents are generated only when Strängnäs has no demo incidents; the feed is upserted.
"""

import datetime
import gzip
import json
import random
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from actions.models import FocusDecision
from actions.services import add_decision
from evaluation.models import IncidentIndicator
from incidents import services, taxonomy
from incidents.models import Incident, IncidentCategory, PoliceEvent
from incidents.police_feed import parse_events
from places.models import Place
from situation import services as situation_services
from situation.models import SituationReport

POLICE_FEED = (
    Path(__file__).resolve().parents[1] / "incidents" / "data" / "polisen_events_sodermanland_2023-2026.json.gz"
)
# Category code -> weight; evenings and weekends dominate, as in EST reporting.
CATEGORY_WEIGHTS = {
    "klotter": 30,
    "glaskross": 10,
    "brand": 3,
    "samling": 15,
    "ordningsstorning": 10,
    "vald": 4,
    "narkotika": 5,
    "belysning": 8,
    "siktlinjer": 3,
    "nedskrapning": 10,
    "arrangemang": 2,
}
# Place name -> weight: the station and the square are persistent hot spots.
PLACE_WEIGHTS = {
    "Strängnäs resecentrum": 30,
    "Stortorget": 25,
    "Visholmen": 10,
    "Kyrkberget vid domkyrkan": 6,
    "Thomasskolan": 6,
    "Paulinska skolan": 5,
    "Fritidsgården i Strängnäs centrum": 6,
    "Rådhustorget": 5,
    "Mariefreds station": 4,
    "Åkers styckebruks station": 5,
    "Åkers styckebruk centrum": 3,
    "Stallarholmens centrum": 3,
}
HOUR_WEIGHTS = [2, 2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12, 12, 10, 6]
DEMO_TEXT = "Demodata (syntetisk händelse)."
# A year before the first measures, so that they can be evaluated (demo.evaluation).
FIRST_DAY = datetime.date(2023, 6, 1)
# The demo's measures and the effects written into the synthetic incidents (the evaluations should find them):
# the camera at Stortorget (from 1 June 2024) prevents most vandalism there; the Thursday foot patrol in the
# centre (from 1 January 2024) some disorder on Thursday evenings.
CAMERA = {"place": "Stortorget", "from": datetime.date(2024, 6, 1), "main": "skadegorelse", "prevented": 0.8}
PATROL = {
    "places": {"Stortorget", "Strängnäs resecentrum", "Kyrkberget vid domkyrkan"},
    "from": datetime.date(2024, 1, 1),
    "weekday": 3,
    "hours": range(17, 21),
    "main": "ordning",
    "prevented": 0.5,
}


def _prevented(rng: random.Random, place: Place, category: IncidentCategory, day: datetime.date, hour: int) -> bool:
    """Whether a demo measure prevented this synthetic incident."""
    main = (category.parent or category).code
    camera = place.name == CAMERA["place"] and day >= CAMERA["from"] and main == CAMERA["main"]
    patrol = (
        place.name in PATROL["places"]
        and day >= PATROL["from"]
        and day.weekday() == PATROL["weekday"]
        and hour in PATROL["hours"]
        and main == PATROL["main"]
    )
    share = CAMERA["prevented"] if camera else PATROL["prevented"] if patrol else 0.0
    return share > 0 and rng.random() < share


def _choose(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _incidents(municipality: Municipality, rng: random.Random, until: datetime.date) -> list[Incident]:
    categories = {c.code: c for c in IncidentCategory.objects.select_related("parent")}
    places = {p.name: p for p in Place.objects.filter(municipality=municipality).select_related("district")}
    reporters = list(Organisation.objects.filter(municipalities=municipality))
    np_rng = np.random.default_rng(20240130)
    tz = timezone.get_current_timezone()
    incidents = []
    day = FIRST_DAY
    while day <= until:
        weekend = day.weekday() >= 4
        # A new hot spot: Visholmen gets much busier in the last six weeks.
        recent = (until - day).days < 42
        weights = dict(PLACE_WEIGHTS, **({"Visholmen": 45} if recent else {}))
        for _ in range(np_rng.poisson(2.4 if weekend else 1.4)):
            place = places[_choose(rng, weights)]
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            category = categories[_choose(rng, CATEGORY_WEIGHTS)]
            if _prevented(rng, place, category, day, hour):
                continue
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59))), tz)
            lat = float(place.latitude) + float(np_rng.normal(0, 0.0008))
            lon = float(place.longitude) + float(np_rng.normal(0, 0.0015))
            last_week = (until - day).days < 7
            status = (
                Incident.Status.NEW
                if last_week and rng.random() < 0.3
                else (Incident.Status.REJECTED if rng.random() < 0.04 else Incident.Status.REVIEWED)
            )
            incidents.append(
                Incident(
                    municipality=municipality,
                    category=category,
                    occurred_at=at,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    district=place.district,
                    reporting_organisation=rng.choice(reporters),
                    source=Incident.Source.DEMO,
                    description=DEMO_TEXT,
                    status=status,
                    reviewed_at=None if status == Incident.Status.NEW else at,
                )
            )
        day += datetime.timedelta(days=1)
    return incidents


def _reports(municipality: Municipality) -> None:
    coordinator = User.objects.filter(username="samordnare").first()
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    older, last = this_monday - datetime.timedelta(weeks=2), this_monday - datetime.timedelta(weeks=1)
    for monday in (older, last):
        year, week, _ = monday.isocalendar()
        if SituationReport.objects.filter(municipality=municipality, year=year, week=week).exists():
            continue
        report = situation_services.build_situation_report(user=coordinator, municipality=municipality, monday=monday)
        if monday == older:
            report.analysis = (
                "Demo: fortsatt flest händelser vid resecentrum och Stortorget kvällstid, "
                "främst klotter och samlingar. Ökning vid Visholmen."
            )
            report.save()
            decide(
                report,
                "Visholmen",
                "Fältare och nattvandrare prioriterar Visholmen fredag och lördag kväll.",
                "Strängnäs kommun",
                monday + datetime.timedelta(days=13),
                coordinator,
            )
            situation_services.approve_report(user=coordinator, report=report)
        else:
            police = User.objects.filter(username="kommunpolis").first()
            decide(
                report,
                "Strängnäs resecentrum",
                "Fotpatrull vid resecentrum fredag kväll, med kontakt med personalen i butikerna.",
                "Polisen, lokalpolisområde Strängnäs/Eskilstuna",
                monday + datetime.timedelta(days=11),
                police,
            )


def decide(report, place: str, action: str, owner: str, due: datetime.date, assignee) -> None:
    """A decision of the weekly meeting, followed as an action item with a person (demo only)."""
    decision = FocusDecision(
        report=report,
        place=Place.objects.filter(municipality=report.municipality, name=place).first(),
        action=action,
        owner=Organisation.objects.get(name=owner),
        due_date=due,
    )
    add_decision(user=User.objects.filter(username="samordnare").first(), decision=decision, assignee=assignee)


YEAR = datetime.timedelta(weeks=52)  # same weekday, same ISO week


def _replay_police_events(until: datetime.date) -> int:
    """Demo only: the archive ends before today, so the weeks after its last event get the real events of
    the same weeks a year (or two) earlier, marked is_demo and named "Demodata:". Idempotent."""
    real = PoliceEvent.objects.filter(is_demo=False)
    last = real.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    end = timezone.make_aware(datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min))
    if last is None or last >= end or PoliceEvent.objects.filter(is_demo=True).exists():
        return 0
    copies, shift = [], YEAR
    while last + shift - YEAR < end:
        for event in real.filter(occurred_at__gt=last - shift, occurred_at__lte=last - shift + YEAR):
            occurred = event.occurred_at + shift
            if last < occurred < end:
                event.pk, event.is_demo = -(event.pk + shift.days * 10**9), True
                event.occurred_at, event.published_at = occurred, event.published_at + shift
                event.name, event.url = f"Demodata: {event.name}", ""
                copies.append(event)
        shift += YEAR
    PoliceEvent.objects.bulk_create(copies, batch_size=1000)
    return len(copies)


def _outcome_bindings(municipality: Municipality) -> None:
    """The camera promise's outcome: reviewed vandalism within 150 m of the camera sites, per month."""
    from demo.programme import OUTCOME_CAMERA_VANDALISM
    from programme.models import Indicator

    sites = Place.objects.filter(camera_sites__municipality=municipality).distinct()
    for indicator in Indicator.objects.filter(
        name=OUTCOME_CAMERA_VANDALISM, activity__promise__focus_area__promise_set__municipality=municipality
    ):
        binding, created = IncidentIndicator.objects.get_or_create(indicator=indicator, defaults={"radius_m": 150})
        if created:
            binding.categories.set(IncidentCategory.objects.filter(code="skadegorelse"))
            binding.places.set(sites)


def _citizen_reports(municipality: Municipality) -> None:
    """Two citizens' reports (no addresses): one answered, one waiting, for the public status page."""
    if Incident.objects.filter(municipality=municipality, source=Incident.Source.CITIZEN).exists():
        return
    square = Place.objects.get(municipality=municipality, name="Stortorget")
    now = timezone.now()
    answered = Incident(
        municipality=municipality,
        category=IncidentCategory.objects.get(code="belysning"),
        occurred_at=now - datetime.timedelta(days=9),
        place=square,
        source=Incident.Source.CITIZEN,
        description="Två gatlyktor mot busshållplatsen är släckta.",
    )
    waiting = Incident(
        municipality=municipality,
        category=IncidentCategory.objects.get(code="klotter"),
        occurred_at=now - datetime.timedelta(days=1),
        place=square,
        source=Incident.Source.CITIZEN,
        description="Nytt klotter på elskåpet vid torget.",
    )
    for incident in (answered, waiting):
        services.report_incident(user=None, incident=incident)
    reviewer = User.objects.get(username="samordnare")
    answer = "Tack! Lyktorna är anmälda till gatubelysningen och byts inom två veckor."
    services.review_incident(user=reviewer, incident=answered, status=Incident.Status.REVIEWED, answer=answer)


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    taxonomy.seed(IncidentCategory)
    if not Incident.objects.filter(municipality=strangnas, source=Incident.Source.DEMO).exists():
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        services.add_generated(_incidents(strangnas, random.Random(20240130), yesterday))
    with gzip.open(POLICE_FEED, "rb") as f:
        services.upsert_police_events(parse_events(json.load(f)))
    _replay_police_events(timezone.localdate() - datetime.timedelta(days=1))
    _outcome_bindings(strangnas)
    _citizen_reports(strangnas)
    _reports(strangnas)
