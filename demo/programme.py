"""The Strängnäs demo data: the real 2024–2025 citizen promises, plus a small Eskilstuna set.

Loading is idempotent: every record is looked up by its natural key first, so a second run
creates nothing and leaves edits made through the application alone.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Municipality, Organisation, User
from demo import DEMO_PASSWORD
from programme.models import Activity, FocusArea, Indicator, Promise, PromiseSet, Signatory

A = Activity.Type
P = Promise.Promisor
K = Indicator.Kind


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    target: int
    kind: str = K.OUTPUT
    baseline: int | None = None
    source: str = "Trygg: loggade genomföranden"
    # Counts of the municipality's and the police's own work (walks, patrols, sites) are shown exactly.
    own_work: bool = True
    aggregation: str = Indicator.Aggregation.SUM


@dataclass(frozen=True)
class ActivitySpec:
    focus_area: int
    promisor: str
    promise: str
    title: str
    activity_type: str
    responsible: str
    indicators: tuple[IndicatorSpec, ...]


STRANGNAS = "Strängnäs kommun"
POLICE = "Polisen, lokalpolisområde Strängnäs/Eskilstuna"

FOCUS_AREAS = (
    (
        "Motverka rekryteringen av unga till den organiserade brottsligheten",
        "Kommunen och polisen bedömer gemensamt att antalet ungdomar som etableras i kriminalitet har ökat. "
        "Att motverka rekryteringen av unga är ett prioriterat område.",
    ),
    (
        "Trygghetsskapande åtgärder och vuxnas närvaro där unga rör sig",
        "Ett extra fokus läggs på trygghetsskapande åtgärder och vuxnas närvaro på de platser där unga rör sig.",
    ),
)

OUTCOME_CAMERA_VANDALISM = "Rapporterad skadegörelse på kamerabevakade platser"

# The six activities of the seed (../shared/seed/), each under the promise it belongs to.
ACTIVITIES = (
    ActivitySpec(
        1,
        P.BOTH,
        "Fältare och nattvandrare skapar trygga miljöer och erbjuder stabil vuxennärvaro på de platser ungdomar rör sig.",
        "Fältare och nattvandrare",
        A.ADULT_PRESENCE,
        STRANGNAS,
        (
            IndicatorSpec("Genomförda nattvandringar", "tillfällen", 80),
            IndicatorSpec("Timmar med vuxennärvaro (fältare och nattvandrare)", "timmar", 1500),
        ),
    ),
    ActivitySpec(
        1,
        P.POLICE,
        "Polisen prioriterar medborgarkontakt med områdespoliser och fotpatrullering för mer synlighet och trygghet.",
        "Fotpatrullering och medborgarkontakt",
        A.FOOT_PATROL,
        POLICE,
        (
            IndicatorSpec("Genomförda fotpatrulleringar", "patrulleringar", 200, baseline=100),
            IndicatorSpec("Medborgarkontakter vid fotpatrullering", "kontakter", 1000, own_work=False),
        ),
    ),
    ActivitySpec(
        1,
        P.BOTH,
        "Utökad kamerabevakning för att förhindra och underlätta utredning av skadegörelse eller andra brott.",
        "Utökad kamerabevakning",
        A.CAMERA,
        STRANGNAS,
        (
            IndicatorSpec("Platser med kamerabevakning", "platser", 6, baseline=3, source="Kamerabevakningsregistret"),
            IndicatorSpec(
                OUTCOME_CAMERA_VANDALISM,
                "händelser per månad",
                12,
                kind=K.OUTCOME,
                baseline=16,
                own_work=False,
                source="Lägesbild (EST-rapportering)",
                aggregation=Indicator.Aggregation.AVERAGE,
            ),
        ),
    ),
    ActivitySpec(
        0,
        P.POLICE,
        "Polisen fortsätter med sina täta kontakter med både skolor och fritidsgårdar.",
        "Kontakter med skolor och fritidsgårdar",
        A.SCHOOL_CONTACT,
        POLICE,
        (IndicatorSpec("Besök på skolor och fritidsgårdar", "besök", 150),),
    ),
    ActivitySpec(
        0,
        P.MUNICIPALITY,
        "Kommunen fortsätter att satsa på avhopparverksamhet för att kunna hjälpa både unga och vuxna att lämna ett kriminellt beteende.",
        "Avhopparverksamhet",
        A.DEFECTOR_PROGRAMME,
        STRANGNAS,
        (
            IndicatorSpec(
                "Personer som fått stöd i avhopparverksamheten (högsta antal under en månad)",
                "personer",
                10,
                source="Avhopparverksamheten, endast aggregerade antal",
                own_work=False,
                aggregation=Indicator.Aggregation.MAXIMUM,
            ),
        ),
    ),
    ActivitySpec(
        0,
        P.BOTH,
        "Strängnäs kommun och polisen bjuder in till föreläsningar och samtal både internt och externt i brottsförebyggande syfte, "
        "exempelvis om hedersrelaterat våld, våld i nära relationer och utsatthet på nätet.",
        "Föreläsningar och samtal",
        A.LECTURE,
        STRANGNAS,
        (
            IndicatorSpec("Genomförda föreläsningar", "föreläsningar", 12),
            IndicatorSpec("Deltagare på föreläsningar", "deltagare", 600, own_work=False),
        ),
    ),
)


def _municipalities() -> tuple[Municipality, Municipality]:
    # The municipalities' public function addresses and websites, shown in the footer of their pages.
    strangnas, _ = Municipality.objects.get_or_create(
        code="0486",
        defaults={
            "name": "Strängnäs",
            "slug": "strangnas",
            "contact_email": "strangnas.kommun@strangnas.se",
            "website": "https://www.strangnas.se/",
        },
    )
    eskilstuna, _ = Municipality.objects.get_or_create(
        code="0484",
        defaults={
            "name": "Eskilstuna",
            "slug": "eskilstuna",
            "contact_email": "eskilstuna.kommun@eskilstuna.se",
            "website": "https://www.eskilstuna.se/",
        },
    )
    return strangnas, eskilstuna


def _organisation(name: str, kind: str, *municipalities: Municipality) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    organisation.municipalities.add(*municipalities)
    return organisation


def _user(username: str, organisation: Organisation, role: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"organisation": organisation, "role": role, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


INTRODUCTION = (
    "Strängnäs kommun och Polisen har gemensamma medborgarlöften för 2024 och 2025 "
    "för att öka tryggheten och minska brottsligheten i kommunen. Löftena bygger på en gemensam "
    "lägesbild och arbetet sker i samverkan med socialtjänst, skola, fritid, vårdnadshavare och föreningar."
)
# The real set, and an unpublished continuation for the current years (demo: same promises, new period).
STRANGNAS_SETS = (
    ("2024-2025", "Medborgarlöften 2024–2025", INTRODUCTION, 2024, datetime.date(2024, 1, 30), True),
    (
        "2026-2027",
        "Medborgarlöften 2026–2027 (utkast, demoexempel)",
        "Demoexempel: fortsättningen på löftena 2024–2025 för innevarande period. Inte undertecknat.",
        2026,
        None,
        False,
    ),
)


def _strangnas_set(
    strangnas: Municipality,
    parties: dict[str, Organisation],
    slug,
    title,
    introduction,
    first_year,
    signed_on,
    published,
) -> PromiseSet:
    promise_set, created = PromiseSet.objects.get_or_create(
        municipality=strangnas,
        slug=slug,
        defaults={
            "title": title,
            "introduction": introduction,
            "period_start": datetime.date(first_year, 1, 1),
            "period_end": datetime.date(first_year + 1, 12, 31),
            "signed_on": signed_on,
            "published": published,
        },
    )
    if not created:
        return promise_set
    promise_set.parties.add(parties[STRANGNAS], parties[POLICE])
    for order, (name, role, organisation) in enumerate(
        (
            ("Lars Ekström", "kommundirektör", STRANGNAS),
            ("Jacob Högfeldt", "kommunstyrelsens ordförande (M)", STRANGNAS),
            ("Oscar Nissfolk", "lokalpolisområdeschef Strängnäs/Eskilstuna", POLICE),
        )
    ):
        if signed_on:
            Signatory.objects.create(
                promise_set=promise_set, name=name, title=role, organisation=parties[organisation], order=order
            )
    focus_areas = [
        FocusArea.objects.create(promise_set=promise_set, title=title, description=description, order=order)
        for order, (title, description) in enumerate(FOCUS_AREAS)
    ]
    for order, spec in enumerate(ACTIVITIES):
        promise = Promise.objects.create(
            focus_area=focus_areas[spec.focus_area], text=spec.promise, promisor=spec.promisor, order=order
        )
        activity = Activity.objects.create(
            promise=promise,
            title=spec.title,
            activity_type=spec.activity_type,
            responsible=parties[spec.responsible],
            order=order,
        )
        for indicator in spec.indicators:
            Indicator.objects.create(
                activity=activity,
                name=indicator.name,
                kind=indicator.kind,
                unit=indicator.unit,
                baseline=indicator.baseline,
                target=indicator.target,
                period_start=promise_set.period_start,
                period_end=promise_set.period_end,
                source=indicator.source,
                counts_own_work=indicator.own_work,
                aggregation=indicator.aggregation,
            )
    return promise_set


def _eskilstuna_set(eskilstuna: Municipality, kommun: Organisation, police: Organisation) -> PromiseSet:
    promise_set, created = PromiseSet.objects.get_or_create(
        municipality=eskilstuna,
        slug="2024-2025",
        defaults={
            "title": "Medborgarlöfte 2024–2025 (demoexempel)",
            "introduction": "Ett litet exempel för att visa att flera kommuner i samma lokalpolisområde "
            "har var sina medborgarlöften. Texten är demodata.",
            "period_start": datetime.date(2024, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "signed_on": datetime.date(2024, 2, 15),
            "published": True,
        },
    )
    if not created:
        return promise_set
    promise_set.parties.add(kommun, police)
    focus_area = FocusArea.objects.create(promise_set=promise_set, title="Trygga centrummiljöer", order=0)
    promise = Promise.objects.create(
        focus_area=focus_area,
        text="Polisen och kommunen genomför gemensamma trygghetsvandringar i centrum.",
        promisor=P.BOTH,
    )
    activity = Activity.objects.create(
        promise=promise, title="Trygghetsvandringar i centrum", activity_type=A.SAFETY_WALK, responsible=kommun
    )
    Indicator.objects.create(
        activity=activity,
        name="Genomförda trygghetsvandringar",
        unit="vandringar",
        target=8,
        period_start=promise_set.period_start,
        period_end=promise_set.period_end,
    )
    return promise_set


@transaction.atomic
def load() -> None:
    strangnas, eskilstuna = _municipalities()
    parties = {
        STRANGNAS: _organisation(STRANGNAS, Organisation.Kind.MUNICIPALITY, strangnas),
        POLICE: _organisation(POLICE, Organisation.Kind.POLICE_AREA, strangnas, eskilstuna),
    }
    eskilstuna_kommun = _organisation("Eskilstuna kommun", Organisation.Kind.MUNICIPALITY, eskilstuna)
    night_walkers = _organisation("Nattvandrarna i Strängnäs", Organisation.Kind.ASSOCIATION, strangnas)
    _organisation("Thomasskolan", Organisation.Kind.SCHOOL, strangnas)
    _organisation("Strängnäs Bostads AB", Organisation.Kind.HOUSING, strangnas)

    for spec in STRANGNAS_SETS:
        _strangnas_set(strangnas, parties, *spec)
    _eskilstuna_set(eskilstuna, eskilstuna_kommun, parties[POLICE])

    R = User.Role
    _user("admin", parties[STRANGNAS], R.ADMINISTRATOR, is_staff=True, is_superuser=True)
    _user(
        "samordnare",
        parties[STRANGNAS],
        R.COORDINATOR,
        first_name="Sara",
        last_name="Samordnare",
        email="samordnare@strangnas.example",
    )
    _user("kommunpolis", parties[POLICE], R.COORDINATOR, first_name="Kim", last_name="Kommunpolis")
    _user("eskilstuna", eskilstuna_kommun, R.COORDINATOR)
    _user("nattvandrare", night_walkers, R.REPORTER, first_name="Nora", email="nattvandrare@strangnas.example")
    _user("nattvandrare2", night_walkers, R.REPORTER, first_name="Nils")
    _user("lasare", parties[STRANGNAS], R.VIEWER)
