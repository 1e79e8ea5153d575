"""Volunteer shifts: published from an association's plan, signed up for by its members only, never
alone, checked in and out into a pre-filled log; shifts at risk e-mailed to the coordinators once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import ActivityLog
from shifts import selectors, services
from shifts.models import Shift, Signup
from shifts.tasks import warn_shifts_at_risk
from tests.factories import OrganisationFactory, SignupFactory, UserFactory
from tests.mail_fixtures import run_jobs


@pytest.fixture
def owls(strangnas):
    return OrganisationFactory(name="Nattvandrarna i Strängnäs", kind="forening", municipalities=[strangnas])


@pytest.fixture
def walkers(owls):
    return [
        UserFactory(username=f"vandrare{i}", first_name=name, organisation=owls, role="reporter", email=f"{i}@ex.se")
        for i, name in enumerate(["Anna", "Bo", "Cecilia"])
    ]


@pytest.fixture
def owl_plan(owls, daily_plan):
    return daily_plan(owls, "Fredagsvandring")


def _publish(user, plan, days=6, capacity=4):
    today = timezone.localdate()
    return services.publish(
        user=user, plan=plan, first=today, last=today + datetime.timedelta(days=days), capacity=capacity
    )


@pytest.mark.django_db
def test_publishing_twice_adds_only_new_occurrences(coordinator, owl_plan):
    assert _publish(coordinator, owl_plan, days=6) == 7
    assert _publish(coordinator, owl_plan, days=9) == 3
    assert Shift.objects.count() == 10
    with pytest.raises(services.ShiftError):
        _publish(coordinator, owl_plan, capacity=1)  # nobody walks alone


@pytest.mark.django_db
def test_members_only_and_never_over_capacity(coordinator, owl_plan, walkers, other_kommun):
    _publish(coordinator, owl_plan, capacity=2)
    shift = Shift.objects.filter(starts_at__gt=timezone.now()).first()
    services.sign_up(user=walkers[0], shift=shift)
    with pytest.raises(services.ShiftError, match="redan"):
        services.sign_up(user=walkers[0], shift=shift)
    outsider = UserFactory(username="annan", organisation=OrganisationFactory(name="Annan förening", kind="forening"))
    with pytest.raises(services.ShiftError, match="annan förening"):
        services.sign_up(user=outsider, shift=shift)
    services.sign_up(user=walkers[1], shift=shift)
    with pytest.raises(services.ShiftError, match="fullt"):
        services.sign_up(user=walkers[2], shift=shift)
    assert shift.signups.count() == 2


@pytest.mark.django_db
def test_a_member_sees_only_their_associations_shifts(client, coordinator, owl_plan, walkers):
    _publish(coordinator, owl_plan)
    outsider = UserFactory(
        username="annan", role="reporter", organisation=OrganisationFactory(name="X", kind="forening")
    )
    client.force_login(outsider)
    assert "Fredagsvandring" not in client.get(reverse("shifts:list")).content.decode()
    shift = Shift.objects.first()
    assert client.get(reverse("shifts:detail", args=[shift.pk])).status_code == 404
    assert client.post(reverse("shifts:sign_up", args=[shift.pk])).status_code == 404
    client.force_login(walkers[0])
    assert "Fredagsvandring" in client.get(reverse("shifts:list")).content.decode()


@pytest.mark.django_db
def test_state_changes_are_refused_on_get(client, coordinator, owl_plan, walkers):
    _publish(coordinator, owl_plan)
    shift = Shift.objects.filter(starts_at__gt=timezone.now()).first()
    client.force_login(walkers[0])
    for name in ("sign_up", "cancel", "check_in", "check_out"):
        assert client.get(reverse(f"shifts:{name}", args=[shift.pk])).status_code == 405
    assert not Signup.objects.exists()


@pytest.mark.django_db
def test_check_out_prefills_the_log_and_the_log_belongs_to_everyone_who_walked(client, coordinator, owl_plan, walkers):
    today = timezone.localdate()
    services.publish(user=coordinator, plan=owl_plan, first=today - datetime.timedelta(days=2), last=today, capacity=4)
    shift = Shift.objects.order_by("starts_at").first()  # two days ago: walked, now logged
    for walker in walkers[:2]:
        SignupFactory(shift=shift, user=walker)  # signed up before it started
    with pytest.raises(services.ShiftError, match="en timme före"):
        services.check_in(user=walkers[0], shift=shift, now=shift.starts_at - datetime.timedelta(hours=2))
    services.check_in(user=walkers[0], shift=shift, now=shift.starts_at - datetime.timedelta(minutes=10))
    services.check_in(user=walkers[1], shift=shift, now=shift.starts_at + datetime.timedelta(minutes=5))
    signup = services.check_out(user=walkers[0], shift=shift, now=shift.starts_at + datetime.timedelta(hours=3))
    initial = services.log_initial(signup)
    assert initial["staff_count"] == 2 and initial["plan"] == owl_plan
    assert initial["started_at"] == timezone.localtime(shift.starts_at - datetime.timedelta(minutes=10)).replace(
        tzinfo=None
    )
    client.force_login(walkers[0])
    form = client.get(reverse("shifts:log", args=[shift.pk])).context["form"]
    assert form.initial["staff_count"] == 2 and form.initial["places"] == list(owl_plan.places.all())
    start = timezone.localtime(shift.starts_at)
    response = client.post(
        reverse("shifts:log", args=[shift.pk]),
        {
            "log_type": "night_walk",
            "plan": owl_plan.pk,
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "places": [p.pk for p in owl_plan.places.all()],
            "staff_count": 2,
            "youth_contacts": 12,
            "citizen_contacts": 3,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    log = ActivityLog.objects.get()
    assert set(Signup.objects.values_list("log", flat=True)) == {log.pk}
    client.force_login(walkers[1])
    services.check_out(user=walkers[1], shift=shift, now=shift.starts_at + datetime.timedelta(hours=3))
    again = client.get(reverse("shifts:log", args=[shift.pk]))
    assert again.status_code == 302 and ActivityLog.objects.count() == 1  # one walk, one log


@pytest.mark.usefixtures("queue_db")
def test_a_shift_at_risk_is_mailed_to_the_coordinators_once(smtp, strangnas, kommun, coordinator, owl_plan, walkers):
    coordinator.email = "samordnare@strangnas.se"
    coordinator.save()
    _publish(coordinator, owl_plan, days=3)
    soon = Shift.objects.filter(starts_at__gt=timezone.now()).first()
    later_full = [s for s in Shift.objects.filter(starts_at__gt=timezone.now()) if s.pk != soon.pk]
    for shift in later_full:
        for walker in walkers[:2]:
            services.sign_up(user=walker, shift=shift)
    services.sign_up(user=walkers[0], shift=soon)
    at_risk = set(selectors.at_risk(Shift.objects.all()).values_list("pk", flat=True))
    assert soon.pk in at_risk and not at_risk & {s.pk for s in later_full}
    warn_shifts_at_risk.call()
    warn_shifts_at_risk.call()  # the hourly run again: no second message
    run_jobs()
    messages = smtp.to("samordnare@strangnas.se")
    assert len(messages) == sum(1 for s in at_risk)
    assert "Fredagsvandring" in messages[0]["Subject"]
    services.cancel(user=walkers[0], shift=soon)  # below two anew: warned again
    assert Shift.objects.get(pk=soon.pk).at_risk_warned_at is None
