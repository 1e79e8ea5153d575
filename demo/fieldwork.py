"""Field-work demo data for Strängnäs: real public places (approximate positions), presence plans,
indicator bindings and synthetic logs (clearly demo) from January 2024 until yesterday.

Idempotent: places and plans are looked up by name; logs and monthly counts are generated only
when the plan they belong to is created, so a second run adds nothing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation
from cameras.models import CameraSite
from fieldwork.models import (
    ActivityLog,
    DefectorMonthlyCount,
    IndicatorBinding,
    LectureTopic,
    LogMeasure,
    LogType,
    PresencePlan,
)
from places.models import District, Place
from programme.models import Activity, Indicator, PromiseSet

K = Place.Kind
# (district, name, kind, latitude, longitude)
STRANGNAS_PLACES = (
    ("Strängnäs tätort", "Stortorget", K.SQUARE, 59.37760, 17.03130),
    ("Strängnäs tätort", "Strängnäs resecentrum", K.STATION, 59.37420, 17.02880),
    ("Strängnäs tätort", "Visholmen", K.BEACH, 59.38020, 17.02100),
    ("Strängnäs tätort", "Kyrkberget vid domkyrkan", K.PARK, 59.37810, 17.02900),
    ("Strängnäs tätort", "Thomasskolan", K.SCHOOL, 59.37620, 17.02680),
    ("Strängnäs tätort", "Paulinska skolan", K.SCHOOL, 59.37930, 17.03280),
    ("Strängnäs tätort", "Fritidsgården i Strängnäs centrum", K.YOUTH_CENTRE, 59.37690, 17.03400),
    ("Mariefred", "Rådhustorget", K.SQUARE, 59.25980, 17.22260),
    ("Mariefred", "Mariefreds station", K.STATION, 59.25850, 17.22650),
    ("Mariefred", "Gripsholms slottspark", K.PARK, 59.25620, 17.21840),
    ("Åkers styckebruk", "Åkers styckebruks station", K.STATION, 59.24840, 17.09160),
    ("Åkers styckebruk", "Åkers styckebruk centrum", K.SHOPPING, 59.24980, 17.08930),
    ("Åkers styckebruk", "Fritidsgården i Åkers styckebruk", K.YOUTH_CENTRE, 59.25050, 17.08700),
    ("Stallarholmen", "Stallarholmens centrum", K.SHOPPING, 59.36470, 17.20890),
    ("Stallarholmen", "Stallarholmsskolan", K.SCHOOL, 59.36600, 17.20600),
)
ESKILSTUNA_PLACES = (
    ("Centrum", "Fristadstorget", K.SQUARE, 59.37080, 16.50930),
    ("Centrum", "Eskilstuna resecentrum", K.STATION, 59.36370, 16.51150),
)
# The station area gets an outline so the map shows a polygon as well as points.
RESECENTRUM_AREA = {
    "type": "Polygon",
    "coordinates": [
        [[17.0280, 59.3738], [17.0298, 59.3738], [17.0298, 59.3747], [17.0280, 59.3747], [17.0280, 59.3738]]
    ],
}

# (activity title, plan title, log type, weekdays, start, end, places, staff, organisation)
PLANS = (
    (
        "Fältare och nattvandrare",
        "Nattvandring fredagar vid resecentrum och Stortorget",
        LogType.NIGHT_WALK,
        [4],
        "21:00",
        "01:00",
        ["Strängnäs resecentrum", "Stortorget"],
        4,
        "Nattvandrarna i Strängnäs",
    ),
    (
        "Fältare och nattvandrare",
        "Fältarpass onsdagar och lördagar",
        LogType.FIELD_WORK,
        [2, 5],
        "18:00",
        "22:00",
        ["Stortorget", "Visholmen", "Fritidsgården i Strängnäs centrum"],
        2,
        "Strängnäs kommun",
    ),
    (
        "Fotpatrullering och medborgarkontakt",
        "Fotpatrull torsdagar i centrum",
        LogType.FOOT_PATROL,
        [3],
        "17:00",
        "21:00",
        ["Stortorget", "Strängnäs resecentrum", "Kyrkberget vid domkyrkan"],
        2,
        "Polisen, lokalpolisområde Strängnäs/Eskilstuna",
    ),
    (
        "Kontakter med skolor och fritidsgårdar",
        "Områdespolis besöker skolor tisdagar",
        LogType.SCHOOL_VISIT,
        [1],
        "10:00",
        "12:00",
        ["Thomasskolan", "Paulinska skolan", "Stallarholmsskolan"],
        1,
        "Polisen, lokalpolisområde Strängnäs/Eskilstuna",
    ),
)

# (indicator name, log types, measure)
BINDINGS = (
    ("Genomförda nattvandringar", [LogType.NIGHT_WALK], LogMeasure.OCCURRENCES),
    ("Timmar med vuxennärvaro (fältare och nattvandrare)", [LogType.NIGHT_WALK, LogType.FIELD_WORK], LogMeasure.HOURS),
    ("Genomförda fotpatrulleringar", [LogType.FOOT_PATROL], LogMeasure.OCCURRENCES),
    ("Medborgarkontakter vid fotpatrullering", [LogType.FOOT_PATROL], LogMeasure.ALL_CONTACTS),
    ("Besök på skolor och fritidsgårdar", [LogType.SCHOOL_VISIT, LogType.YOUTH_CENTRE_VISIT], LogMeasure.OCCURRENCES),
    ("Personer som fått stöd i avhopparverksamheten (högsta antal under en månad)", [], LogMeasure.DEFECTOR_PEOPLE),
    ("Genomförda föreläsningar", [LogType.LECTURE], LogMeasure.OCCURRENCES),
    ("Deltagare på föreläsningar", [LogType.LECTURE], LogMeasure.AUDIENCE),
    ("Platser med kamerabevakning", [], LogMeasure.CAMERA_SITES),
)
# (name, place, purpose, area, started_on, ended_on): demo entries of the camera register.
CAMERAS = (
    (
        "Strängnäs resecentrum",
        "Strängnäs resecentrum",
        "Förebygga och utreda skadegörelse och brott vid resecentrum.",
        "Perronger, väntsal och cykelparkering",
        datetime.date(2022, 9, 1),
        None,
    ),
    (
        "Stortorget",
        "Stortorget",
        "Förebygga skadegörelse och ordningsstörningar kvällstid.",
        "Torgytan",
        datetime.date(2024, 6, 1),
        None,
    ),
    (
        "Åkers styckebruks station",
        "Åkers styckebruks station",
        "Förebygga skadegörelse på stationsområdet.",
        "Perrong och gångtunnel",
        datetime.date(2025, 2, 1),
        None,
    ),
)


def _places(municipality: Municipality, specs) -> dict[str, Place]:
    places = {}
    for district_name, name, kind, lat, lng in specs:
        district, _ = District.objects.get_or_create(municipality=municipality, name=district_name)
        places[name], _ = Place.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={"district": district, "kind": kind, "latitude": lat, "longitude": lng},
        )
    return places


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _demo_logs(plan: PresencePlan, places: list[Place], rng: random.Random, until: datetime.date) -> None:
    """About nine in ten planned occurrences delivered; contacts drawn around plausible means."""
    for occurrence in plan.occurrences(plan.valid_from, min(plan.valid_to, until)):
        if rng.random() > 0.9:
            continue
        log = ActivityLog.objects.create(
            municipality=plan.municipality,
            organisation=plan.organisation,
            log_type=plan.log_type,
            plan=plan,
            started_at=occurrence.start,
            ended_at=occurrence.end,
            staff_count=plan.planned_staff + rng.choice([-1, 0, 0, 1]) or 1,
            youth_contacts=rng.randint(5, 40),
            citizen_contacts=rng.randint(0, 15),
            observations="Demodata: lugnt, ungdomar samlades vid busshållplatsen." if rng.random() < 0.2 else "",
        )
        log.places.set(rng.sample(places, k=rng.randint(1, len(places))))


def _demo_lectures(
    municipality: Municipality, organisation: Organisation, place: Place, rng: random.Random, until: datetime.date
) -> None:
    topics = [LectureTopic.HONOUR_VIOLENCE, LectureTopic.DOMESTIC_VIOLENCE, LectureTopic.ONLINE_VULNERABILITY]
    tz = timezone.get_current_timezone()
    month = datetime.date(2024, 2, 1)
    while month <= until:
        start = timezone.make_aware(
            datetime.datetime.combine(month.replace(day=rng.randint(5, 25)), _time("18:00")), tz
        )
        if start.date() <= until:
            log = ActivityLog.objects.create(
                municipality=municipality,
                organisation=organisation,
                log_type=LogType.LECTURE,
                started_at=start,
                ended_at=start + datetime.timedelta(hours=2),
                staff_count=2,
                lecture_topic=rng.choice(topics),
                audience_size=rng.randint(15, 80),
            )
            log.places.set([place])
        month = (month + datetime.timedelta(days=62)).replace(day=1)  # every other month


def _demo_defector_counts(municipality: Municipality, rng: random.Random, until: datetime.date) -> None:
    month = datetime.date(2024, 1, 1)
    while month <= until:
        DefectorMonthlyCount.objects.get_or_create(
            municipality=municipality,
            month=month,
            defaults={"people_supported": rng.randint(1, 5), "new_contacts": rng.randint(0, 2)},
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _bindings(promise_set: PromiseSet) -> None:
    for name, log_types, measure in BINDINGS:
        indicator = Indicator.objects.filter(activity__promise__focus_area__promise_set=promise_set, name=name).first()
        if indicator:
            IndicatorBinding.objects.get_or_create(
                indicator=indicator, defaults={"log_types": [str(t) for t in log_types], "measure": measure}
            )


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    eskilstuna = Municipality.objects.get(slug="eskilstuna")
    places = _places(strangnas, STRANGNAS_PLACES)
    _places(eskilstuna, ESKILSTUNA_PLACES)
    station = places["Strängnäs resecentrum"]
    if station.area is None:
        station.area = RESECENTRUM_AREA
        station.save(update_fields=["area"])

    rng = random.Random(20240130)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for promise_set in PromiseSet.objects.filter(municipality=strangnas).order_by("period_start"):
        _bindings(promise_set)
        for activity_title, title, log_type, weekdays, start, end, place_names, staff, organisation in PLANS:
            activity = Activity.objects.get(promise__focus_area__promise_set=promise_set, title=activity_title)
            plan, created = PresencePlan.objects.get_or_create(
                activity=activity,
                title=title,
                defaults={
                    "municipality": strangnas,
                    "organisation": Organisation.objects.get(name=organisation),
                    "log_type": log_type,
                    "weekdays": weekdays,
                    "start_time": _time(start),
                    "end_time": _time(end),
                    "valid_from": promise_set.period_start,
                    "valid_to": promise_set.period_end,
                    "planned_staff": staff,
                },
            )
            if created:
                plan_places = [places[name] for name in place_names]
                plan.places.set(plan_places)
                _demo_logs(plan, plan_places, rng, yesterday)
    if not ActivityLog.objects.filter(municipality=strangnas, log_type=LogType.LECTURE).exists():
        _demo_lectures(
            strangnas, Organisation.objects.get(name="Strängnäs kommun"), places["Thomasskolan"], rng, yesterday
        )
    _demo_defector_counts(strangnas, rng, yesterday)
    for name, place, purpose, area, started_on, ended_on in CAMERAS:
        CameraSite.objects.get_or_create(
            municipality=strangnas,
            name=name,
            defaults={
                "place": places[place],
                "purpose": purpose,
                "area": area,
                "interest_balancing": "Demo: KS 2024/0000",
                "started_on": started_on,
                "ended_on": ended_on,
                "recording_retention_days": 14,
            },
        )


STATUSES = {
    "Fältare": ("done", "Nattvandringar varje fredag och fältarpass två kvällar i veckan under hela perioden."),
    "Polisen prioriterar": ("ongoing", "Fotpatrullering i centrum varje torsdag; fortsätter 2026–2027."),
    "Utökad kamerabevakning": ("delayed", "Två nya platser är klara; tillstånd för resecentrum dröjer."),
    "Polisen fortsätter": ("done", ""),
    "Kommunen fortsätter": ("ongoing", "Stödet redovisas endast som antal per månad."),
    "Strängnäs kommun och polisen bjuder": ("done", "Föreläsningar om heder, våld i nära relationer och nätet."),
}


def publish_follow_ups() -> None:
    """Two published versions (demo): the 2024 follow-up and the final report for 2024–2025. Called after
    the incidents are loaded, since the outcome indicators are counted from them."""
    promise_set = PromiseSet.objects.get(municipality__slug="strangnas", slug="2024-2025")
    from accounts.models import User
    from programme.models import FollowUp
    from programme.services import create_follow_up, publish_follow_up

    if FollowUp.objects.filter(promise_set=promise_set).exists():
        return
    user = User.objects.filter(username="samordnare").first()
    for title, last in (
        ("Uppföljning 2024", datetime.date(2024, 12, 31)),
        ("Slutrapport 2024–2025", promise_set.period_end),
    ):
        follow_up = FollowUp(
            promise_set=promise_set,
            title=title,
            period_start=promise_set.period_start,
            period_end=last,
            summary="Demodata: prestationerna räknas fram ur det loggade arbetet, skadegörelsen vid kamerorna ur de granskade händelserna.",
        )
        create_follow_up(user=user, follow_up=follow_up)
        for status in follow_up.promise_statuses.select_related("promise"):
            for prefix, (value, narrative) in STATUSES.items():
                if status.promise.text.startswith(prefix):
                    status.status = "ongoing" if last.year == 2024 and value == "done" else value
                    status.narrative = narrative
                    status.save()
        publish_follow_up(user=user, follow_up=follow_up)
