"""Every factory builds a valid object with its defaults, and what it builds around it belongs to the same
municipality: Strängnäs unless it is given another."""

import pytest

from tests import factories

ALL = sorted(name for name in factories.__all__ if name.endswith("Factory"))


def _municipality(obj):
    for path in (
        "municipality",
        "walk.municipality",
        "plan.municipality",
        "report.municipality",
        "shift.municipality",
        "indicator.municipality",
        "promise_set.municipality",
        "promise.municipality",
        "focus_area.municipality",
        "activity.municipality",
        "survey.municipality",
    ):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return None


@pytest.mark.parametrize("name", ALL)
def test_each_factory_builds_a_valid_object(db, name):
    obj = getattr(factories, name)()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_related_objects_share_the_municipality(db):
    eskilstuna = factories.MunicipalityFactory(code="0484", name="Eskilstuna", slug="eskilstuna")
    place = factories.PlaceFactory(municipality=eskilstuna)
    plan = factories.PresencePlanFactory(municipality=eskilstuna, places=[place])
    shift = factories.ShiftFactory(plan=plan, municipality=eskilstuna)
    signup = factories.SignupFactory(shift=shift)
    incident = factories.IncidentFactory(municipality=eskilstuna, place=place)
    item = factories.ActionItemFactory(municipality=eskilstuna)
    measure = factories.MeasureFactory(plan__municipality=eskilstuna)
    token = factories.ApiTokenFactory(municipality=eskilstuna)
    assert place.district.municipality == eskilstuna
    assert plan.activity.municipality == eskilstuna and list(plan.places.all()) == [place]
    assert eskilstuna in plan.organisation.municipalities.all()
    assert signup.user.organisation == plan.organisation
    assert (incident.district, incident.latitude) == (place.district, place.latitude)
    assert item.owner.name == "Eskilstuna kommun" and eskilstuna in item.owner.municipalities.all()
    assert eskilstuna in measure.owner.municipalities.all()
    assert eskilstuna in token.user.organisation.municipalities.all()
    assert not factories.PlaceFactory().municipality == eskilstuna


def test_defaults_are_the_fixtures_rows(strangnas, kommun):
    log = factories.ActivityLogFactory()
    assert (log.municipality, log.organisation) == (strangnas, kommun)
    assert factories.IncidentCategoryFactory(code="skadegorelse").name == "Skadegörelse"  # the seeded row


def test_a_place_refuses_a_district_of_another_municipality(db):
    eskilstuna = factories.MunicipalityFactory(code="0484", name="Eskilstuna", slug="eskilstuna")
    with pytest.raises(ValueError, match="another municipality"):
        factories.PlaceFactory(district=factories.DistrictFactory(municipality=eskilstuna))
