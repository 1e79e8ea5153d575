"""A night walker on a phone signs up for a shift, walks another, checks out and finds the log filled in;
before that, the coordinator sees the shift at risk."""

import datetime

import pytest
from django.utils import timezone

from demo import fieldwork as fieldwork_demo
from demo import programme as programme_demo
from demo import shifts as shifts_demo
from fieldwork.models import ActivityLog, PresencePlan
from shifts.models import Shift, Signup
from tests.e2e.test_field_logging import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shifts():
    programme_demo.load()
    fieldwork_demo.load()
    shifts_demo.load()
    plan = PresencePlan.objects.get(
        title="Nattvandring fredagar vid resecentrum och Stortorget", valid_to__gte=timezone.localdate()
    )
    now = timezone.now().replace(second=0, microsecond=0)
    tomorrow = Shift.objects.create(
        municipality=plan.municipality,
        organisation=plan.organisation,
        plan=plan,
        starts_at=now + datetime.timedelta(hours=24),
        ends_at=now + datetime.timedelta(hours=28),
        capacity=4,
    )
    tonight = Shift.objects.create(
        municipality=plan.municipality,
        organisation=plan.organisation,
        plan=plan,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        capacity=4,
    )
    Signup.objects.create(shift=tonight, user_id=_user_pk("nattvandrare"))
    Signup.objects.create(shift=tonight, user_id=_user_pk("nattvandrare2"), checked_in_at=tonight.starts_at)
    return plan, tomorrow, tonight


def _user_pk(username):
    from accounts.models import User

    return User.objects.get(username=username).pk


def test_walker_signs_up_checks_out_and_the_log_is_prefilled(live_server, page, phone_page):
    plan, tomorrow, tonight = _shifts()
    _login(page, live_server.url, "samordnare")
    page.goto(live_server.url + "/pass/")
    risky = page.locator("li.at-risk", has=page.locator(f"a[href='/pass/{tomorrow.pk}/']"))
    assert "färre än två" in risky.inner_text()

    _login(phone_page, live_server.url, "nattvandrare")
    phone_page.goto(live_server.url + "/pass/")
    phone_page.locator(f"a[href='/pass/{tomorrow.pk}/']").click()
    phone_page.get_by_role("button", name="Anmäl mig").click()
    assert "Du är anmäld" in phone_page.locator("main").inner_text()
    assert Signup.objects.filter(shift=tomorrow, user__username="nattvandrare").exists()

    phone_page.goto(live_server.url + f"/pass/{tonight.pk}/")
    assert "Nils" in phone_page.locator("main").inner_text()  # who they walk with
    phone_page.get_by_role("button", name="Checka in").click()
    phone_page.get_by_role("button", name="Checka ut och logga passet").click()
    assert phone_page.locator("input[name=staff_count]").input_value() == "2"
    assert phone_page.get_by_label("Strängnäs resecentrum").is_checked()
    assert phone_page.get_by_label("Nattvandring").is_checked()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.get_by_label("Kontakter med unga").fill("7")
    phone_page.get_by_role("button", name="Spara passet").click()
    assert "är registrerad" in phone_page.locator("main").inner_text()
    log = ActivityLog.objects.get(plan=plan, youth_contacts=7)
    assert log.staff_count == 2 and set(tonight.signups.values_list("log", flat=True)) == {log.pk}
