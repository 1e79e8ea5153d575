"""Attack: a volunteer read the police's patrol schedule on /falt/planer/ and /falt/vecka/."""

import datetime

import pytest
from django.test import Client

from fieldwork.models import PresencePlan
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def police_patrol(friday_plan, police):
    plan = PresencePlan.objects.get(pk=friday_plan.pk)
    plan.pk, plan.title, plan.organisation = None, "Polisens fotpatrull", police
    plan.log_type, plan.weekdays = "foot_patrol", [4]
    plan.save()
    return plan


@pytest.mark.django_db
def test_a_volunteer_sees_only_its_own_organisations_plans(strangnas, friday_plan, police_patrol):
    volunteers = OrganisationFactory(name="Nattvandrarna", kind="forening", municipalities=[strangnas])
    friday_plan.organisation = volunteers
    friday_plan.save()
    walker = UserFactory(username="vandrare", organisation=volunteers, role="reporter")
    client = Client()
    client.force_login(walker)
    for url in ["/falt/planer/", "/falt/vecka/2025-W23/"]:
        page = client.get(url).content.decode()
        assert "Fredagsvandring" in page, url
        assert "Polisens fotpatrull" not in page, url
    assert datetime.date(2025, 6, 6).isocalendar()[1] == 23  # a Friday in that week: both plans occur


@pytest.mark.django_db
def test_coordinators_still_see_every_plan(coordinator_client, friday_plan, police_patrol):
    page = coordinator_client.get("/falt/planer/").content.decode()
    assert "Fredagsvandring" in page and "Polisens fotpatrull" in page
