"""Every URL pattern and API endpoint, visited as every kind of user, with the status each must get.

A URL added without an entry in MATRIX fails test_every_url_is_in_the_matrix. Django admin's generated
URLs are covered by its index and one changelist per model (all staff-only).
"""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incidents.models import IncidentCategory, IncidentImport, IncidentPhoto
from programme.models import FollowUp
from public.models import Open311ApiKey
from tests.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    ActivityFactory,
    ActivityLogFactory,
    AssessmentFactory,
    CameraSiteFactory,
    DialogueFactory,
    DistrictFactory,
    EvaluationFactory,
    FindingFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    PresencePlanFactory,
    ProblemFactory,
    SafetyWalkFactory,
    ShiftFactory,
    SituationReportFactory,
    SurveyFactory,
    UserFactory,
)

ROLES = ["anonymous", "reporter", "viewer", "coordinator", "other_coordinator", "administrator"]


def statuses(anonymous, reporter, viewer, coordinator, other, administrator) -> dict[str, int]:
    return dict(zip(ROLES, [anonymous, reporter, viewer, coordinator, other, administrator], strict=True))


PUBLIC = statuses(200, 200, 200, 200, 200, 200)
SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
READERS = statuses(302, 403, 200, 200, 200, 200)  # a list scoped to one's own municipalities
READ_OWN = statuses(302, 403, 200, 200, 404, 200)  # one object of Strängnäs
EDIT_OWN = statuses(302, 403, 403, 200, 404, 200)
EDIT_ANY = statuses(302, 403, 403, 200, 200, 200)
POST_OWN = statuses(302, 403, 403, 302, 404, 302)
API_ALL = statuses(401, 200, 200, 200, 200, 200)
API_OWN = statuses(401, 200, 200, 200, 404, 200)
STAFF = statuses(302, 302, 302, 302, 302, 200)
SHIFT_ACTION = statuses(302, 302, 403, 302, 404, 302)


def _opt_out_args(incident) -> list:
    from incidents.notify import opt_out_signature

    return ["strangnas", incident.public_ref, opt_out_signature(incident)]


# name: (method, args(world) -> list, query or data, expected statuses)
MATRIX = {
    "public:home": ("get", None, None, PUBLIC),
    "public:open_data": ("get", None, None, PUBLIC),
    "public:accessibility": ("get", None, None, PUBLIC),
    "public:methods": ("get", None, None, PUBLIC),
    "public:privacy": ("get", None, None, PUBLIC),
    "public:promise_set": ("get", lambda w: ["strangnas", "2024-2025"], None, PUBLIC),
    "public:follow_up_list": ("get", lambda w: ["strangnas", "2024-2025"], None, PUBLIC),
    "public:follow_up": ("get", lambda w: ["strangnas", "2024-2025", 1], None, PUBLIC),
    "public:safety_map": ("get", lambda w: ["strangnas"], None, PUBLIC),
    # The world's evaluation is a draft: no one sees it on the public side (public/tests/test_evaluation_page.py).
    "public:evaluation": (
        "get",
        lambda w: ["strangnas", w["evaluation"].pk],
        None,
        statuses(404, 404, 404, 404, 404, 404),
    ),
    # The world's municipality has no logo; with one it is public (public/tests/test_branding.py).
    "public:logo": ("get", lambda w: ["strangnas"], None, statuses(404, 404, 404, 404, 404, 404)),
    "public:citizen_report": ("get", lambda w: ["strangnas"], None, PUBLIC),
    "public:citizen_report_thanks": ("get", lambda w: ["strangnas"], None, PUBLIC),
    "public:report_status": ("get", lambda w: ["strangnas", w["citizen_incident"].public_ref], None, PUBLIC),
    "public:report_opt_out": ("get", lambda w: _opt_out_args(w["citizen_incident"]), None, PUBLIC),
    "shifts:list": ("get", None, None, SIGNED_IN),
    "shifts:publish": ("get", None, None, EDIT_ANY),
    "shifts:detail": ("get", lambda w: [w["shift"].pk], None, statuses(302, 200, 200, 200, 404, 200)),
    # Members of the shift's organisation who walk (reporters, coordinators) act; a viewer only reads.
    "shifts:sign_up": ("post", lambda w: [w["shift"].pk], {}, SHIFT_ACTION),
    "shifts:cancel": ("post", lambda w: [w["shift"].pk], {}, SHIFT_ACTION),
    "shifts:check_in": ("post", lambda w: [w["shift"].pk], {}, SHIFT_ACTION),
    "shifts:check_out": ("post", lambda w: [w["shift"].pk], {}, SHIFT_ACTION),
    # Nobody in the world has checked out of the shift: those who log are sent on to the ordinary log form.
    "shifts:log": ("get", lambda w: [w["shift"].pk], None, statuses(302, 302, 403, 302, 302, 302)),
    # Single sign-on is not configured in the world: there is nothing to start or return to.
    "oidc_authentication_init": ("get", None, None, statuses(404, 404, 404, 404, 404, 404)),
    "oidc_authentication_callback": ("get", None, None, statuses(404, 404, 404, 404, 404, 404)),
    "actions:list": ("get", None, None, SIGNED_IN),
    "actions:create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    # The world's item is owned by the reporter's organisation: they may see and update it, a viewer only reads.
    "actions:detail": ("get", lambda w: [w["item"].pk], None, statuses(302, 200, 200, 200, 404, 200)),
    "actions:edit": ("get", lambda w: [w["item"].pk], None, EDIT_OWN),
    "actions:status": (
        "post",
        lambda w: [w["item"].pk],
        {"status": "done", "note": ""},
        statuses(302, 302, 403, 302, 404, 302),
    ),
    "public:dataset": ("get", lambda w: ["strangnas", "handelser", "csv"], None, PUBLIC),
    "public:open311:discovery": ("get", lambda w: ["json"], None, PUBLIC),
    "public:open311:services": ("get", lambda w: ["json"], {"jurisdiction_id": "strangnas"}, PUBLIC),
    "public:open311:service_definition": (
        "get",
        lambda w: ["klotter", "json"],
        {"jurisdiction_id": "strangnas"},
        PUBLIC,
    ),
    "public:open311:requests": ("get", lambda w: ["json"], {"jurisdiction_id": "strangnas"}, PUBLIC),
    "public:open311:request_detail": (
        "get",
        lambda w: [w["citizen_incident"].public_ref, "json"],
        {"jurisdiction_id": "strangnas"},
        PUBLIC,
    ),
    "accounts:login": ("get", None, None, PUBLIC),
    "accounts:logout": ("post", None, {}, statuses(302, 302, 302, 302, 302, 302)),
    "accounts:two_factor": ("get", None, None, statuses(302, 403, 403, 403, 403, 403)),  # no device, no link
    # A link that is not the user's (or none valid): nobody enrols without the administrator's link.
    "accounts:enrol": ("get", lambda w: ["ogiltig"], None, statuses(302, 403, 403, 403, 403, 403)),
    "switch_language": ("get", lambda w: ["en"], None, statuses(302, 302, 302, 302, 302, 302)),
    "programme:promise_set_list": ("get", None, None, READERS),
    "programme:promise_set_detail": ("get", lambda w: [w["set"].pk], None, READ_OWN),
    "programme:promise_set_publish": ("post", lambda w: [w["set"].pk], {"published": "1", "bekraftad": "1"}, POST_OWN),
    "programme:object_create": ("get", lambda w: [w["set"].pk, "loften"], None, EDIT_OWN),
    "programme:object_update": ("get", lambda w: ["aktiviteter", w["activity"].pk], None, EDIT_OWN),
    "programme:object_delete": ("get", lambda w: ["indikatorer", w["indicator"].pk], None, EDIT_OWN),
    "programme:audit_log": ("get", None, None, statuses(302, 403, 403, 200, 200, 200)),
    "programme:follow_up_list": ("get", lambda w: [w["set"].pk], None, READ_OWN),
    "programme:follow_up_edit": ("get", lambda w: [w["draft_follow_up"].pk], None, READ_OWN),
    "fieldwork:home": ("get", None, None, SIGNED_IN),
    "fieldwork:log_create": ("get", None, None, statuses(302, 200, 403, 200, 200, 200)),
    "fieldwork:log_list": ("get", None, None, SIGNED_IN),
    # Someone else's log (the world's has no reporter): a reporter of the organisation may not change it.
    "fieldwork:log_edit": ("get", lambda w: [w["log"].pk], None, EDIT_OWN),
    "fieldwork:log_delete": ("get", lambda w: [w["log"].pk], None, EDIT_OWN),
    "fieldwork:place_list": ("get", None, None, SIGNED_IN),
    "fieldwork:place_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "fieldwork:place_update": ("get", lambda w: [w["place"].pk], None, EDIT_OWN),
    "fieldwork:plan_list": ("get", None, None, SIGNED_IN),
    "fieldwork:plan_create": ("get", None, None, EDIT_ANY),
    "fieldwork:plan_update": ("get", lambda w: [w["plan"].pk], None, EDIT_OWN),
    "fieldwork:week_current": ("get", None, None, statuses(302, 302, 302, 302, 302, 302)),
    "fieldwork:week": ("get", lambda w: ["2025-W23"], None, SIGNED_IN),
    "fieldwork:defector_counts": ("get", None, None, EDIT_ANY),
    "fieldwork:case_collaboration": ("get", None, None, EDIT_ANY),
    "fieldwork:binding_edit": ("get", lambda w: [w["indicator"].pk], None, EDIT_OWN),
    "start:home": ("get", None, None, SIGNED_IN),
    "incidents:review_bulk": ("post", lambda w: ["strangnas"], {"status": "reviewed"}, POST_OWN),
    "incidents:police_events": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "presence:gaps": ("get", lambda w: ["strangnas"], None, READ_OWN),
    # Posted without a suggestion: refused as unreadable (400) once the role and the municipality pass.
    "presence:accept": ("post", lambda w: ["strangnas"], {}, statuses(302, 403, 403, 400, 404, 400)),
    "incidents:incident_map": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "evaluation:list": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "programme:promise_set_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "programme:promise_set_edit": ("get", lambda w: [w["set"].pk], None, EDIT_OWN),
    "strategy:overview": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "strategy:problem": ("get", lambda w: [w["problem"].pk], None, READ_OWN),
    "strategy:problem_edit": ("get", lambda w: [w["problem"].pk], None, EDIT_OWN),
    "strategy:problem_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "strategy:plan": ("get", lambda w: [w["action_plan"].pk], None, READ_OWN),
    "strategy:plan_edit": ("get", lambda w: [w["action_plan"].pk], None, EDIT_OWN),
    "strategy:plan_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "strategy:measure": ("get", lambda w: [w["measure"].pk], None, READ_OWN),
    "strategy:measure_edit": ("get", lambda w: [w["measure"].pk], None, EDIT_OWN),
    "strategy:measure_create": ("get", lambda w: [w["action_plan"].pk], None, EDIT_OWN),
    "strategy:assessment": ("get", lambda w: [w["assessment"].pk], None, READ_OWN),
    "strategy:assessment_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "strategy:assessment_edit": ("get", lambda w: [w["assessment"].pk], None, EDIT_OWN),
    "strategy:assessment_export": ("get", lambda w: [w["assessment"].pk, "docx"], None, READ_OWN),
    # Nothing to rebuild from in the world; the refusals are what matter.
    "strategy:assessment_rebuild": ("post", lambda w: [w["assessment"].pk], {}, POST_OWN),
    # Without the confirmation nothing is approved: back to the page.
    "strategy:assessment_approve": ("post", lambda w: [w["assessment"].pk], {}, POST_OWN),
    "safetywalks:overview": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "dialogue:dialogue_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "dialogue:dialogue_edit": ("get", lambda w: [w["dialogue"].pk], None, EDIT_OWN),
    "safetywalks:walk": ("get", lambda w: [w["walk"].pk], None, READ_OWN),
    "safetywalks:walk_create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "safetywalks:walk_edit": ("get", lambda w: [w["walk"].pk], None, EDIT_OWN),
    "safetywalks:finding_create": ("get", lambda w: [w["walk"].pk], None, EDIT_OWN),
    "safetywalks:finding_edit": ("get", lambda w: [w["finding"].pk], None, EDIT_OWN),
    # The coordinator turns it into a problem; for the administrator after it the finding already has one.
    "safetywalks:finding_to_problem": ("post", lambda w: [w["finding"].pk], {}, POST_OWN),
    "public:safety_walks": ("get", lambda w: ["strangnas"], None, PUBLIC),
    "surveys:list": ("get", lambda w: ["strangnas"], None, READ_OWN),
    "surveys:detail": ("get", lambda w: [w["survey"].pk], None, READ_OWN),
    # Nothing chosen: nothing saved, back to the page.
    "surveys:indicator_value": ("post", lambda w: [w["survey"].pk], {}, POST_OWN),
    # A draft has no new version: back to the page.
    "strategy:assessment_new_version": ("post", lambda w: [w["assessment"].pk], {}, POST_OWN),
    "strategy:promise_chain": ("get", lambda w: [w["measure"].promises.get().pk], None, READ_OWN),
    "evaluation:create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "evaluation:detail": ("get", lambda w: [w["evaluation"].pk], None, READ_OWN),
    "evaluation:edit": ("get", lambda w: [w["evaluation"].pk], None, EDIT_OWN),
    # Without the confirmation nothing is published: back to the page.
    "evaluation:publish": ("post", lambda w: [w["evaluation"].pk], {}, POST_OWN),
    "evaluation:indicator_binding": ("get", lambda w: [w["indicator"].pk], None, EDIT_OWN),
    "programme:indicator_values": ("get", lambda w: [w["indicator"].pk], None, EDIT_OWN),
    # A deletion is refused on GET for everyone (POST by role: programme/tests/test_outcome_indicators.py).
    "programme:indicator_value_delete": (
        "get",
        lambda w: [w["value"].pk],
        None,
        statuses(302, 405, 405, 405, 405, 405),
    ),
    "programme:follow_up": ("get", lambda w: [w["set"].pk], None, READ_OWN),
    "cameras:list": ("get", None, None, READERS),
    "cameras:create": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "cameras:update": ("get", lambda w: [w["camera"].pk], None, EDIT_OWN),
    "meeting:index": ("get", None, None, statuses(302, 302, 302, 302, 302, 302)),
    "incidents:categories": ("get", None, None, SIGNED_IN),
    "incidents:review": ("post", lambda w: [w["incident"].pk], {"status": "reviewed"}, POST_OWN),
    "incidents:photo": ("get", lambda w: [w["incident"].pk], None, EDIT_OWN),
    # The coordinator (before the administrator in ROLES) removes it: gone for the administrator.
    "incidents:remove_photo": ("post", lambda w: [w["incident"].pk], {}, statuses(302, 403, 403, 302, 404, 404)),
    "meeting:save_analysis": ("post", lambda w: [w["report"].pk], {"analysis": "Lugnt."}, POST_OWN),
    "meeting:add_decision": ("post", lambda w: [w["report"].pk], {}, statuses(302, 403, 403, 400, 404, 400)),
    # The roles run in order on one world: after the coordinator's approval the report is frozen (403).
    "meeting:approve": ("post", lambda w: [w["report"].pk], {}, statuses(302, 403, 403, 302, 404, 409)),
    # The coordinator queues it; the administrator's request finds it queued and says so.
    "meeting:recalculate": ("post", lambda w: [w["report"].pk], {}, POST_OWN),
    "meeting:recalculation_status": ("get", lambda w: [w["report"].pk], None, READ_OWN),
    "meeting:overview": ("get", lambda w: ["strangnas"], None, statuses(302, 302, 200, 200, 404, 200)),
    "incidents:report": ("get", lambda w: ["strangnas"], None, statuses(302, 200, 403, 200, 404, 200)),
    "incidents:review_queue": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "incidents:import": ("get", lambda w: ["strangnas"], None, EDIT_OWN),
    "incidents:import_progress": ("get", lambda w: ["strangnas", w["import"].pk], None, EDIT_OWN),
    "incidents:import_status": ("get", lambda w: ["strangnas", w["import"].pk], None, EDIT_OWN),
    "meeting:build_report": ("post", lambda w: ["strangnas"], {"week": "2025-W24"}, POST_OWN),
    "meeting:report_week": ("get", lambda w: ["strangnas", "2025-W23"], None, READ_OWN),
    "meeting:report_version": ("get", lambda w: ["strangnas", "2025-W23", 1], None, READ_OWN),
    "api:api-root": ("get", None, None, API_ALL),
    "api:place-list": ("get", None, None, API_ALL),
    "api:place-detail": ("get", lambda w: [w["place"].pk], None, API_OWN),
    "api:log-list": ("get", None, None, API_ALL),
    "api:log-detail": ("get", lambda w: [w["log"].pk], None, API_OWN),
    "api:schema": ("get", None, None, PUBLIC),
    "admin:index": ("get", None, None, STAFF),
}
for model in admin.site._registry:
    MATRIX[f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"] = ("get", None, None, STAFF)


def _names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_names(get_resolver().url_patterns))
    missing = {n for n in names if n not in MATRIX and not n.startswith("admin:")}
    assert not missing, f"URLs without an entry in the permission matrix: {sorted(missing)}"
    assert not set(MATRIX) - names, "entries for URLs that no longer exist"


def _evaluation(municipality, place):
    return EvaluationFactory(
        municipality=municipality,
        title="Kamera",
        target_place=place,
        starts_on=datetime.date(2025, 3, 1),
        categories=IncidentCategory.objects.filter(code="skadegorelse"),
    )


def _strategy(municipality, organisation, activity) -> dict:
    problem = ProblemFactory(municipality=municipality, title="Rekrytering")
    action_plan = ActionPlanFactory(
        municipality=municipality,
        title="Åtgärdsplan",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    measure = MeasureFactory(
        plan=action_plan,
        title="Vuxennärvaro",
        owner=organisation,
        starts_on=datetime.date(2024, 1, 1),
        problems=[problem],
    )
    measure.promises.set([activity.promise])
    assessment = AssessmentFactory(
        municipality=municipality,
        title="Lägesbild",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    walk = SafetyWalkFactory(municipality=municipality, title="Vandring", meeting_on=datetime.date(2024, 9, 1))
    finding = FindingFactory(walk=walk, description="Mörkt", latitude=59.3776, longitude=17.0313)
    dialogue = DialogueFactory(municipality=municipality, title="Dialog", held_on=datetime.date(2024, 3, 1))
    survey = SurveyFactory(municipality=municipality, name="Mätning", source="own")
    return {
        "survey": survey,
        "problem": problem,
        "action_plan": action_plan,
        "measure": measure,
        "assessment": assessment,
        "walk": walk,
        "finding": finding,
        "dialogue": dialogue,
    }


@pytest.fixture
def world(db):
    strangnas = MunicipalityFactory(code="0486", name="Strängnäs", slug="strangnas")
    eskilstuna = MunicipalityFactory(code="0484", name="Eskilstuna", slug="eskilstuna")
    kommun = OrganisationFactory(name="Strängnäs kommun", municipalities=[strangnas])
    other = OrganisationFactory(name="Eskilstuna kommun", municipalities=[eskilstuna])
    indicator = IndicatorFactory(
        activity=ActivityFactory(
            promise__focus_area__promise_set__municipality=strangnas,
            promise__focus_area__promise_set__slug="2024-2025",
            responsible=kommun,
        )
    )
    activity = indicator.activity
    promise_set = activity.promise.focus_area.promise_set
    district = DistrictFactory(municipality=strangnas, name="Tätort")
    place = PlaceFactory(
        municipality=strangnas, district=district, name="Torget", kind="square", latitude=59.3776, longitude=17.0313
    )
    plan = PresencePlanFactory(
        municipality=strangnas,
        activity=activity,
        organisation=kommun,
        title="Fredag",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    log = ActivityLogFactory(
        municipality=strangnas,
        organisation=kommun,
        reported_by=None,
        started_at=datetime.datetime(2025, 6, 6, 19, tzinfo=datetime.UTC),
        ended_at=datetime.datetime(2025, 6, 6, 23, tzinfo=datetime.UTC),
    )
    klotter = IncidentCategoryFactory(code="klotter")
    at = datetime.datetime(2025, 6, 3, 20, tzinfo=datetime.UTC)
    incident = IncidentFactory(municipality=strangnas, category=klotter, occurred_at=at, place=place, status="new")
    IncidentPhoto.objects.create(incident=incident, jpeg=b"\xff\xd8 not decoded here", width=1, height=1)
    citizen = IncidentFactory(municipality=strangnas, category=klotter, occurred_at=at, place=place, source="citizen")
    report = SituationReportFactory(municipality=strangnas, year=2025, week=23)
    from programme.services import create_follow_up, publish_follow_up

    published = create_follow_up(
        user=None,
        follow_up=FollowUp(
            promise_set=promise_set,
            title="2025",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
        ),
    )
    publish_follow_up(user=None, follow_up=published)
    draft = create_follow_up(
        user=None,
        follow_up=FollowUp(
            promise_set=promise_set,
            title="Utkast",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        ),
    )
    Open311ApiKey.issue("app", strangnas)
    camera = CameraSiteFactory(municipality=strangnas, name="Resecentrum")
    users = {
        "reporter": UserFactory(username="rapportor", organisation=kommun, role="reporter", password=None),
        "viewer": UserFactory(username="lasare", organisation=kommun, role="viewer", password=None),
        "coordinator": UserFactory(username="samordnare", organisation=kommun, role="coordinator", password=None),
        "other_coordinator": UserFactory(username="eskilstuna", organisation=other, role="coordinator", password=None),
        "administrator": UserFactory(
            username="admin", organisation=kommun, role="administrator", is_staff=True, is_superuser=True, password=None
        ),
    }
    return {
        "set": promise_set,
        "activity": activity,
        "indicator": indicator,
        "value": IndicatorValueFactory(
            indicator=indicator, measured_on=datetime.date(2025, 3, 31), value=12, source="Trygghetsmätning"
        ),
        "place": place,
        "plan": plan,
        "shift": ShiftFactory(
            municipality=strangnas,
            organisation=kommun,
            plan=plan,
            starts_at=datetime.datetime(2999, 6, 6, 19, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2999, 6, 6, 23, tzinfo=datetime.UTC),
            capacity=4,
        ),
        "log": log,
        "import": IncidentImport.objects.create(municipality=strangnas, filename="händelser.csv", content=b""),
        "item": ActionItemFactory(
            municipality=strangnas, owner=kommun, title="Byt lampor", due_on=datetime.date(2025, 6, 13)
        ),
        "incident": incident,
        "citizen_incident": citizen,
        "report": report,
        "draft_follow_up": draft,
        "users": users,
        "camera": camera,
        "evaluation": _evaluation(strangnas, place),
        **_strategy(strangnas, kommun, activity),
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(world, name):
    method, args, params, expected = MATRIX[name]
    url = reverse(name, args=args(world) if args else None)
    got = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = getattr(client, method)(url, params or {})
        got[role] = response.status_code
    assert got == expected
