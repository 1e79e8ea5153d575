"""Models that moved between apps kept their tables: rows written under the old layout (places and the camera
register in fieldwork, the weekly report, its decisions and the outcome bindings in incidents, safety
walks in dialogue) are all there under the new one, and their audit history follows them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last steps before the move; unapplying the places app takes every later step with it.
OLD_LAYOUT = [("places", None), ("fieldwork", "0004_case_collaboration"), ("dialogue", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the applied migrations describe them.
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _old_rows(apps) -> dict:
    model = apps.get_model
    municipality = model("accounts", "Municipality").objects.create(code="0486", name="Strängnäs", slug="strangnas")
    kommun = model("accounts", "Organisation").objects.create(name="Strängnäs kommun", kind="kommun")
    district = model("fieldwork", "District").objects.create(municipality=municipality, name="Centrum")
    place = model("fieldwork", "Place").objects.create(
        municipality=municipality, district=district, name="Stortorget", kind="square", latitude=59.37, longitude=17.03
    )
    report = model("incidents", "SituationReport").objects.create(municipality=municipality, year=2025, week=23)
    decision = model("incidents", "FocusDecision").objects.create(
        report=report, place=place, action="Fler vuxna vid torget", owner=kommun, due_date=datetime.date(2025, 6, 13)
    )
    categories = model("incidents", "IncidentCategory").objects
    category, _ = categories.get_or_create(code="klotter", defaults={"name": "Klotter"})
    indicator = _indicator(model, municipality, kommun)
    binding = model("incidents", "IncidentIndicator").objects.create(indicator=indicator, radius_m=300)
    binding.categories.add(category)
    binding.places.add(place)
    walk = model("dialogue", "SafetyWalk").objects.create(
        municipality=municipality, title="Centrum", district=district, meeting_on=datetime.date(2025, 5, 5)
    )
    walk.organisations.add(kommun)
    finding = model("dialogue", "Finding").objects.create(
        walk=walk, description="Trasig belysning", place=place, latitude=59.37, longitude=17.03
    )
    camera = model("fieldwork", "CameraSite").objects.create(
        municipality=municipality, name="Stortorget", place=place, purpose="Skadegörelse", area="Torget",
        started_on=datetime.date(2024, 3, 1), recording_retention_days=14,
    )
    model("accounts", "AuditEntry").objects.create(
        municipality=municipality, action="create", object_type="fieldwork.Place", object_id=str(place.pk)
    )
    return {
        "place": place.pk,
        "report": report.pk,
        "decision": decision.pk,
        "binding": binding.pk,
        "finding": finding.pk,
        "camera": camera.pk,
    }


def _indicator(model, municipality, kommun):
    period = {"period_start": datetime.date(2024, 1, 1), "period_end": datetime.date(2025, 12, 31)}
    agreement = model("programme", "Agreement").objects.create(municipality=municipality, title="Avtal", **period)
    promise_set = model("programme", "PromiseSet").objects.create(
        municipality=municipality, agreement=agreement, title="Medborgarlöften 2024–2025", **period
    )
    area = model("programme", "FocusArea").objects.create(promise_set=promise_set, title="Trygg miljö")
    promise = model("programme", "Promise").objects.create(focus_area=area, text="Mindre skadegörelse", promisor="both")
    activity = model("programme", "Activity").objects.create(
        promise=promise, title="Kameror", activity_type="camera", responsible=kommun
    )
    return model("programme", "Indicator").objects.create(
        activity=activity, name="Skadegörelse vid kamerorna", kind="outcome", unit="händelser", target=10, **period
    )


@pytest.mark.django_db(transaction=True)
def test_rows_written_under_the_old_layout_are_found_under_the_new():
    from accounts.models import AuditEntry
    from actions.models import FocusDecision
    from cameras.models import CameraSite
    from evaluation.models import IncidentIndicator
    from places.models import Place
    from safetywalks.models import Finding
    from situation.models import SituationReport

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        ids = _old_rows(_migrate(OLD_LAYOUT))
    finally:
        _migrate(latest)
    place = Place.objects.select_related("district").get(pk=ids["place"])
    assert (place.name, place.district.name) == ("Stortorget", "Centrum")
    assert SituationReport.objects.get(pk=ids["report"]).week == 23
    decision = FocusDecision.objects.get(pk=ids["decision"])
    assert (decision.report_id, decision.place_id) == (ids["report"], ids["place"])
    binding = IncidentIndicator.objects.get(pk=ids["binding"])
    assert [c.code for c in binding.categories.all()] == ["klotter"]
    assert list(binding.places.values_list("pk", flat=True)) == [ids["place"]]
    finding = Finding.objects.select_related("walk").get(pk=ids["finding"])
    assert (finding.walk.title, finding.place_id) == ("Centrum", ids["place"])
    assert [o.name for o in finding.walk.organisations.all()] == ["Strängnäs kommun"]
    assert CameraSite.objects.get(pk=ids["camera"]).place_id == ids["place"]
    assert AuditEntry.objects.get(object_id=str(ids["place"])).object_type == "places.Place"
