"""A demo safety walk in Strängnäs centre with findings in every state, and a citizen dialogue.
Synthetic and labelled as demo; idempotent."""

import datetime

from django.db import transaction

from accounts.models import Municipality, Organisation
from actions.services import follow_finding
from dialogue.models import Dialogue
from places.models import District, Place
from safetywalks.models import Finding, SafetyWalk
from strategy.models import Measure, Problem

# (description, place, status, owner, due, public answer)
FINDINGS = (
    (
        "Demo: Trasig belysning i gångtunneln under järnvägen.",
        "Strängnäs resecentrum",
        Finding.Status.DONE,
        "Strängnäs kommun",
        datetime.date(2024, 10, 31),
        "Belysningen byttes i oktober 2024.",
    ),
    (
        "Demo: Buskage skymmer sikten vid cykelparkeringen.",
        "Strängnäs resecentrum",
        Finding.Status.IN_PROGRESS,
        "Strängnäs kommun",
        datetime.date(2025, 5, 31),
        "Buskaget beskärs under våren.",
    ),
    (
        "Demo: Unga samlas utan vuxna på torget fredagskvällar.",
        "Stortorget",
        Finding.Status.OPEN,
        "Nattvandrarna i Strängnäs",
        datetime.date(2025, 6, 30),
        "",
    ),
    (
        "Demo: Önskemål om kamera vid Visholmens brygga.",
        "Visholmen",
        Finding.Status.WONT_DO,
        "Strängnäs kommun",
        None,
        "Platsen uppfyller inte kraven för kamerabevakning; fältarna prioriterar den i stället.",
    ),
)


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    if SafetyWalk.objects.filter(municipality=strangnas).exists():
        return
    places = {p.name: p for p in Place.objects.filter(municipality=strangnas)}
    walk = SafetyWalk.objects.create(
        municipality=strangnas,
        title="Trygghetsvandring i centrum",
        district=District.objects.filter(municipality=strangnas, name="Strängnäs tätort").first(),
        meeting_on=datetime.date(2024, 9, 10),
        walked_on=datetime.date(2024, 9, 24),
        follow_up_on=datetime.date(2024, 11, 12),
        participants=23,
        summary="Demo: Boende, handlare, kommunen och polisen gick från resecentrum till Stortorget en kväll.",
        published=True,
    )
    walk.organisations.set(Organisation.objects.filter(municipalities=strangnas))
    gatherings = Problem.objects.filter(municipality=strangnas, title="Otrygghet där unga samlas kvällstid").first()
    night_walks = Measure.objects.filter(plan__municipality=strangnas, title="Fältare och nattvandrare").first()
    for description, place_name, status, owner, due, answer in FINDINGS:
        place = places[place_name]
        finding = Finding.objects.create(
            walk=walk,
            description=description,
            place=place,
            latitude=place.latitude,
            longitude=place.longitude,
            owner=Organisation.objects.get(name=owner),
            due_on=due,
            status=status,
            public_answer=answer,
            problem=gatherings if place_name == "Stortorget" else None,
            measure=night_walks if place_name == "Stortorget" else None,
        )
        follow_finding(user=None, finding=finding)
    dialogue = Dialogue.objects.create(
        municipality=strangnas,
        kind=Dialogue.Kind.CITIZENS,
        title="Medborgardialog om trygghet i centrum",
        held_on=datetime.date(2024, 3, 14),
        method="Öppet möte i biblioteket",
        place=places.get("Stortorget"),
        participants=41,
        themes="Demo: Belysning, unga på torget kvällstid, önskemål om fler vuxna ute.",
    )
    if gatherings:
        gatherings.evidence_dialogues.add(dialogue)
