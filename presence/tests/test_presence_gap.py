"""The presence-gap page, its suggestions and the command, on a small hand-made world: two
places 1 km apart, a night-walk plan on Fridays 21–01 at the first, incidents in the weeks before."""

import datetime
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from fieldwork.models import PresencePlan
from incidents.models import Incident
from places.models import Place
from presence import selectors
from presence.models import AcceptedSuggestion
from tests.factories import ActivityLogFactory, IncidentCategoryFactory, IncidentFactory, PlaceFactory, UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = "2025-W23"  # the week to plan: Monday 2 June 2025
MONDAY = datetime.date(2025, 6, 2)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def world(strangnas, kommun, district, station, friday_plan):
    """The station (the shared fixtures' Resecentrum, with the Friday night walk 21–01) and a park 1 km
    north of it."""
    park = PlaceFactory(
        municipality=strangnas, district=district, name="Parken", kind="park", latitude=59.3832, longitude=17.0288
    )
    square, plan = station, friday_plan
    klotter = IncidentCategoryFactory(code="klotter")

    def incident(place: Place, at: datetime.datetime, metres_north: float = 0, **extra) -> Incident:
        return IncidentFactory(
            municipality=strangnas,
            category=extra.pop("category", klotter),
            occurred_at=at,
            latitude=round(float(place.latitude) + metres_north / 111_200, 6),
            longitude=place.longitude,
            district=district,
            status=extra.pop("status", Incident.Status.REVIEWED),
        )

    friday = MONDAY - datetime.timedelta(days=3)  # 30 May, in the four weeks covered
    ActivityLogFactory(
        municipality=strangnas,
        organisation=kommun,
        reported_by=None,
        log_type="night_walk",
        plan=plan,
        started_at=_at(friday, 21),
        ended_at=_at(friday + datetime.timedelta(days=1), 1),
        staff_count=2,
        places=[square],
    )
    return {
        "square": square,
        "park": park,
        "plan": plan,
        "friday": friday,
        "incident": incident,
        "coordinator": UserFactory(organisation=kommun, role="coordinator", password=None),
        "viewer": UserFactory(organisation=kommun, role="viewer", password=None),
        "walker": UserFactory(organisation=kommun, role="reporter", password=None),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_coverage_counts_what_happened_near_a_place_while_someone_was_there(world, strangnas):
    friday, incident = world["friday"], world["incident"]
    incident(world["square"], _at(friday, 22), metres_north=100)  # during the walk, 100 m away: covered
    incident(world["square"], _at(friday, 20))  # before it
    incident(world["park"], _at(friday, 22))  # 1 km away
    incident(world["square"], _at(friday, 22), status=Incident.Status.NEW)  # not reviewed: not counted
    incident(world["square"], _at(friday, 22), category=IncidentCategoryFactory(code="belysning"))  # other kind
    report = selectors.gap_report(selectors.Parameters(strangnas, MONDAY))
    assert report["coverage"] == {
        "incidents": 3,
        "covered": 1,
        "share": 0.333,
        "presence_hours": 8.0,  # four hours × two walkers
        "idle_hours": 0.0,
    }
    assert report["by_district"] == [{"district": "Strängnäs tätort", "incidents": 3, "covered": 1, "share": 0.333}]
    grid = report["grid"]
    assert grid["incidents"][4][22] == 2 and grid["incidents"][4][20] == 1  # Friday at 22 and at 20
    assert grid["presence_hours"][4][20] == 0 and grid["presence_hours"][4][21:] == [2.0, 2.0, 2.0]
    assert grid["presence_hours"][5][0] == 2.0 and grid["presence_hours"][5][1] == 0  # until 01, Saturday
    assert report["by_place"] == [
        {"place": "Parken", "place_id": world["park"].pk, "incidents": 1, "covered": 0, "presence_hours": 0.0},
        {"place": "Resecentrum", "place_id": world["square"].pk, "incidents": 2, "covered": 1, "presence_hours": 8.0},
    ]


@pytest.mark.django_db
def test_the_largest_gap_is_where_incidents_recur_and_nobody_is_planned(world, strangnas):
    for weeks_back in range(1, 7):  # the park, Thursdays 20–22, six of the last eight weeks
        world["incident"](
            world["park"], _at(MONDAY - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=3), 21)
        )
    world["incident"](world["square"], _at(world["friday"], 22))  # once at the square, while it is planned
    report = selectors.gap_report(selectors.Parameters(strangnas, MONDAY))
    top = report["gaps"][0]
    assert (top["place"], top["weekday"], top["start"], top["end"], top["date"]) == (
        "Parken",
        3,
        "20:00",
        "22:00",
        "2025-06-05",
    )
    assert top["recent_incidents"] == 6 and top["interval"][0] < top["expected_incidents"] < top["interval"][1]
    square_friday_late = [
        g for g in report["gaps"] if g["place"] == "Resecentrum" and g["weekday"] == 4 and g["start"] == "22:00"
    ]
    assert square_friday_late == []  # planned in full that week
    suggestion = report["suggestions"][0]
    assert (suggestion["place"], suggestion["weekday"], suggestion["start"]) == ("Parken", 3, "20:00")
    assert suggestion["organisation"] == "Strängnäs kommun"  # the only one planning then; it walks 21–01


@pytest.mark.django_db
def test_accepting_a_suggestion_plans_it_for_the_organisation_and_their_phones_show_it(world, strangnas):
    for weeks_back in range(1, 7):
        world["incident"](
            world["park"], _at(MONDAY - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=3), 21)
        )
    page = reverse("presence:gaps", args=["strangnas"])
    coordinator = _client(world["coordinator"])
    shown = coordinator.get(page, {"vecka": WEEK})
    assert shown.status_code == 200 and "Lägg in i planen" in shown.content.decode()
    query = shown.wsgi_request.GET.urlencode()
    suggestion = shown.context["report"]["suggestions"][0]
    response = coordinator.post(
        f"{reverse('presence:accept', args=['strangnas'])}?{query}",
        {
            "organisation": suggestion["organisation_id"],
            "place": suggestion["place_id"],
            "date": suggestion["date"],
            "start": suggestion["start"],
        },
    )
    assert response.status_code == 302
    accepted = AcceptedSuggestion.objects.get()
    plan = accepted.plan
    assert (plan.organisation, list(plan.places.all()), plan.weekdays) == (
        world["plan"].organisation,
        [world["park"]],
        [3],
    )
    assert (plan.valid_from, plan.valid_to, plan.start_time, plan.end_time) == (
        datetime.date(2025, 6, 5),
        datetime.date(2025, 6, 5),
        datetime.time(20),
        datetime.time(22),
    )
    assert plan.activity == world["plan"].activity and plan.log_type == "night_walk" and plan.planned_staff == 2
    assert accepted.recent_incidents == 6 and accepted.expected_incidents == suggestion["expected_incidents"]
    assert AuditEntry.objects.filter(object_type="presence.AcceptedSuggestion", user=world["coordinator"]).exists()
    week = _client(world["walker"]).get(reverse("fieldwork:week", args=[WEEK])).content.decode()
    assert plan.title in week and "Parken" in week
    again = coordinator.get(page, {"vecka": WEEK}).context["report"]
    assert again["accepted"][0]["place"] == "Parken"
    assert all((s["place"], s["weekday"], s["start"]) != ("Parken", 3, "20:00") for s in again["suggestions"])


@pytest.mark.django_db
def test_only_a_suggestion_the_analysis_makes_can_be_accepted_and_only_by_a_coordinator(world, strangnas):
    url = reverse("presence:accept", args=["strangnas"]) + f"?vecka={WEEK}"
    made_up = {
        "organisation": world["plan"].organisation_id,
        "place": world["park"].pk,
        "date": "2025-06-03",
        "start": "04:00",
    }
    refused = _client(world["coordinator"]).post(url, made_up)
    assert refused.status_code == 409 and "gäller inte längre" in refused.content.decode()
    assert _client(world["viewer"]).post(url, made_up).status_code == 403
    assert _client(world["coordinator"]).get(url).status_code == 405
    garbled = _client(world["coordinator"]).post(url, {**made_up, "date": "imorgon"})
    assert garbled.status_code == 400
    assert not PresencePlan.objects.exclude(pk=world["plan"].pk).exists() and not AcceptedSuggestion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"vecka": "2025-W99"}, "vecka"),
        ({"vecka": WEEK, "veckor": "99"}, "veckor"),
        ({"vecka": WEEK, "radie": "-5"}, "radie"),
        ({"vecka": WEEK, "tackning": "0"}, "tackning"),
        ({"vecka": WEEK, "kategorier": ["finns-inte"]}, "kategorier"),
    ],
)
def test_bad_parameters_are_refused_with_a_field_error(world, query, field):
    response = _client(world["viewer"]).get(reverse("presence:gaps", args=["strangnas"]), query)
    assert response.status_code == 400 and response.context["report"] is None
    assert field in response.context["form"].errors


@pytest.mark.django_db
def test_a_capacity_can_keep_an_organisation_away_from_a_place(world, strangnas, kommun):
    for weeks_back in range(1, 7):
        world["incident"](
            world["park"], _at(MONDAY - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=3), 21)
        )
    capacity = selectors.Capacity(kommun, people=2, per_shift=2, avoided_places=frozenset({world["park"].pk}))
    report = selectors.gap_report(selectors.Parameters(strangnas, MONDAY), [capacity])
    assert len(report["suggestions"]) == 1 and report["suggestions"][0]["place"] == "Resecentrum"
    nobody = selectors.gap_report(selectors.Parameters(strangnas, MONDAY), [selectors.Capacity(kommun, people=1)])
    assert nobody["suggestions"] == []  # one person is not a shift of two


@pytest.mark.django_db
def test_the_command_prints_the_analysis_as_json(world, strangnas):
    world["incident"](world["park"], _at(world["friday"], 21))
    out = StringIO()
    call_command("presence_gap", "--kommun", "strangnas", "--week", WEEK, stdout=out)
    report = json.loads(out.getvalue())
    assert {"coverage", "by_district", "gaps", "suggestions"} <= set(report)
    assert report["week"] == WEEK and report["coverage"]["incidents"] == 1
    first = report["suggestions"][0]
    assert {"place", "weekday", "start", "end", "expected_incidents", "organisation"} <= set(first)
    bad_arguments = (
        ["--kommun", "ingen"],
        ["--week", "vecka 23"],
        ["--history-weeks", "4"],
        ["--coverage-weeks", "13"],
        ["--radius", "5"],
    )
    for bad in bad_arguments:
        args = dict(zip(["--kommun", "--week"], ["strangnas", WEEK], strict=True))
        args.update(dict([bad]))
        with pytest.raises(CommandError):
            call_command("presence_gap", *[x for pair in args.items() for x in pair], stdout=StringIO())


@pytest.mark.django_db
def test_the_situation_report_lists_the_next_weeks_gaps_and_accepted_suggestions(world, strangnas):
    from situation.figures import build_figures

    for weeks_back in range(1, 7):
        world["incident"](
            world["park"], _at(MONDAY - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=3), 21)
        )
    figures = build_figures(strangnas, MONDAY - datetime.timedelta(weeks=1))
    assert figures["presence"]["week"] == WEEK and figures["presence"]["gaps"][0]["place"] == "Parken"
    assert figures["presence"]["accepted"] == []


@pytest.mark.django_db
def test_a_night_walk_shift_is_never_one_person(world):
    org = world["plan"].organisation_id
    query = {"vecka": WEEK, f"org{org}-personer": "3", f"org{org}-per_pass": "1"}
    response = _client(world["viewer"]).get(reverse("presence:gaps", args=["strangnas"]), query)
    assert response.status_code == 400 and response.context["report"] is None
    assert "per_pass" in response.context["capacity_forms"][0].errors


@pytest.mark.django_db
def test_the_gap_map_has_each_place_at_its_point_with_its_figures_gaps_and_suggestions(world, strangnas):
    square, park = world["square"], world["park"]
    gone = PlaceFactory(
        municipality=strangnas, district=square.district, name="Nedlagd", kind="park", latitude=59.38, longitude=17.03
    )
    gone.active = False
    gone.save()
    slot = {"weekday_name": "torsdag", "start": "20:00", "end": "22:00", "uncovered_incidents": 1.234}
    report = {
        "by_place": [
            {"place_id": park.pk, "incidents": 6, "covered": 0, "presence_hours": 0.0},
            {"place_id": square.pk, "incidents": 2, "covered": 1, "presence_hours": 8.0},
            {"place_id": gone.pk, "incidents": 9, "covered": 0, "presence_hours": 0.0},
        ],
        "gaps": [{**slot, "place_id": park.pk}, {**slot, "place_id": gone.pk}],
        "suggestions": [{**slot, "place_id": park.pk, "organisation": "Strängnäs kommun"}],
    }
    assert selectors.gap_map(strangnas, report) == [
        {
            "name": "Parken",
            "lat": 59.3832,
            "lng": 17.0288,
            "lines": ["6 händelser, 0 under närvaro; 0.0 närvarotimmar"],
            "gaps": ["torsdag 20:00–22:00: 1.23"],
            "suggestions": ["torsdag 20:00–22:00: 1.23 (Strängnäs kommun)"],
        },
        {
            "name": "Resecentrum",
            "lat": 59.3742,
            "lng": 17.0288,
            "lines": ["2 händelser, 1 under närvaro; 8.0 närvarotimmar"],
            "gaps": [],
            "suggestions": [],
        },
    ]


@pytest.mark.django_db
def test_the_gap_page_puts_the_gap_map_on_the_page(world, strangnas):
    for weeks_back in range(1, 7):
        world["incident"](
            world["park"], _at(MONDAY - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=3), 21)
        )
    page = _client(world["coordinator"]).get(reverse("presence:gaps", args=["strangnas"]), {"vecka": WEEK})
    assert page.context["map_data"] == selectors.gap_map(strangnas, page.context["report"])
    parken = next(p for p in page.context["map_data"] if p["name"] == "Parken")
    assert parken["suggestions"] and parken["suggestions"][0].startswith("torsdag 20:00–22:00")
