"""Action items: decisions, findings and measures followed to done by an owner organisation and a person,
with "my items", overdue flags, e-mail on assignment and one reminder before the due date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import selectors, services
from actions.models import ActionItem, FocusDecision
from actions.tasks import remind_items_due
from safetywalks.models import Finding
from situation import services as situation_services
from tests.factories import (
    ActionPlanFactory,
    FindingFactory,
    MeasureFactory,
    OrganisationFactory,
    SafetyWalkFactory,
    UserFactory,
)
from tests.mail_fixtures import body, run_jobs

TODAY = datetime.date(2025, 6, 11)  # a Wednesday in ISO week 24


@pytest.fixture
def owls(strangnas):
    return OrganisationFactory(name="Nattvandrarna i Strängnäs", kind="forening", municipalities=[strangnas])


@pytest.fixture
def nora(owls):
    return UserFactory(username="nora", first_name="Nora", organisation=owls, role="reporter", email="nora@ex.se")


def _item(municipality, owner, **fields) -> ActionItem:
    fields = {"title": "Tänd belysningen i gångtunneln", "due_on": TODAY, **fields}
    return services.save_item(user=None, item=ActionItem(municipality=municipality, owner=owner, **fields))


@pytest.mark.django_db
def test_closing_stamps_the_time_and_reopening_clears_it(strangnas, kommun, coordinator):
    item = _item(strangnas, kommun)
    assert item.closed_at is None
    services.set_status(user=coordinator, item=item, status=ActionItem.Status.DONE, note="Lampor bytta.")
    closed = ActionItem.objects.get(pk=item.pk).closed_at
    assert closed is not None
    services.set_status(user=coordinator, item=item, status=ActionItem.Status.WONT_DO, note="Ändrat beslut.")
    assert ActionItem.objects.get(pk=item.pk).closed_at == closed  # closed once, not re-stamped
    services.set_status(user=coordinator, item=item, status=ActionItem.Status.IN_PROGRESS, note="")
    assert ActionItem.objects.get(pk=item.pk).closed_at is None


@pytest.mark.django_db
def test_a_person_from_another_organisation_is_refused(strangnas, kommun, nora):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ansvariga organisationen"):
        _item(strangnas, kommun, assignee=nora)
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
def test_a_decision_is_followed_by_one_item_across_report_versions(strangnas, kommun, coordinator):
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    report = situation_services.build_situation_report(user=coordinator, municipality=strangnas, monday=monday)
    decision = FocusDecision(report=report, action="Fältare på Visholmen fredag kväll.", owner=kommun, due_date=TODAY)
    services.add_decision(user=coordinator, decision=decision, assignee=coordinator)
    item = ActionItem.objects.get()
    assert (item.origin, item.owner, item.assignee, item.due_on) == ("decision", kommun, coordinator, TODAY)
    situation_services.approve_report(user=coordinator, report=report)
    situation_services.build_situation_report(user=coordinator, municipality=strangnas, monday=monday)
    assert FocusDecision.objects.count() == 2 and set(FocusDecision.objects.values_list("item", flat=True)) == {item.pk}
    assert ActionItem.objects.count() == 1


@pytest.mark.django_db
def test_a_findings_status_and_its_items_follow_each_other(strangnas, kommun, coordinator):
    walk = SafetyWalkFactory(municipality=strangnas, title="Vandring", meeting_on=TODAY)
    finding = FindingFactory(walk=walk, description="Mörk passage vid torget.", latitude=59.37, longitude=17.03)
    assert services.follow_finding(user=coordinator, finding=finding) is None  # no owner yet: nothing to follow
    finding.owner, finding.due_on = kommun, TODAY
    finding.save()
    item = services.follow_finding(user=coordinator, finding=finding)
    assert (item.origin, item.title, item.status) == ("finding", "Mörk passage vid torget.", "open")
    services.set_status(user=coordinator, item=item, status=ActionItem.Status.DONE, note="Belysning uppsatt.")
    assert Finding.objects.get(pk=finding.pk).status == Finding.Status.DONE
    finding.refresh_from_db()
    finding.status = Finding.Status.IN_PROGRESS
    finding.save()
    services.follow_finding(user=coordinator, finding=finding)
    assert ActionItem.objects.get().status == ActionItem.Status.IN_PROGRESS and ActionItem.objects.count() == 1


@pytest.mark.django_db
def test_who_sees_and_who_may_update(strangnas, eskilstuna, kommun, police, coordinator, owls, nora):
    ours = _item(strangnas, owls, assignee=nora)
    kommun_only = _item(strangnas, kommun)
    elsewhere = _item(eskilstuna, police)
    viewer = UserFactory(username="lasare", organisation=kommun, role="viewer")
    other = UserFactory(
        username="eskilstuna", organisation=OrganisationFactory(municipalities=[eskilstuna]), role="coordinator"
    )
    assert set(selectors.items_for(coordinator)) == {ours, kommun_only}
    assert set(selectors.items_for(nora)) == {ours}  # a volunteer: their association's items only
    assert set(selectors.items_for(other)) == {elsewhere}
    assert selectors.may_update(nora, ours) and selectors.may_update(coordinator, ours)
    assert not selectors.may_update(viewer, kommun_only)
    assert not selectors.may_update(other, ours)


@pytest.mark.django_db
def test_the_week_lists_what_was_created_due_or_closed_in_it(strangnas, kommun, coordinator):
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    due_in_week = _item(strangnas, kommun, title="Due", due_on=monday + datetime.timedelta(days=6))
    due_after = _item(strangnas, kommun, title="Later", due_on=monday + datetime.timedelta(days=7))
    due_before = _item(strangnas, kommun, title="Earlier", due_on=monday - datetime.timedelta(days=1))
    in_week = timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(10)))
    before = in_week - datetime.timedelta(days=30)
    ActionItem.objects.update(created_at=before)
    ActionItem.objects.filter(pk=due_before.pk).update(closed_at=in_week, status="done")
    ActionItem.objects.filter(pk=due_after.pk).update(created_at=in_week)
    assert list(selectors.of_week(strangnas, monday)) == [due_before, due_in_week, due_after]
    assert list(selectors.of_week(strangnas, monday + datetime.timedelta(days=7))) == [due_after]


@pytest.mark.django_db
def test_my_items_and_overdue_flags(client, strangnas, kommun, coordinator, owls, nora):
    today = timezone.localdate()
    late = _item(strangnas, owls, title="Sen punkt", assignee=nora, due_on=today - datetime.timedelta(days=1))
    _item(strangnas, owls, title="Annans punkt", due_on=today + datetime.timedelta(days=3))
    client.force_login(nora)
    mine = client.get(reverse("actions:list"))
    assert [i.title for i in mine.context["items"]] == ["Sen punkt"]
    assert "Försenad" in mine.content.decode()
    organisation = client.get(reverse("actions:list") + "?visa=organisation")
    assert {i.title for i in organisation.context["items"]} == {"Sen punkt", "Annans punkt"}
    start = client.get(reverse("start:home")).content.decode()
    assert "Dina åtgärdspunkter" in start and "Sen punkt" in start
    client.force_login(coordinator)
    page = client.get(reverse("start:home"))
    assert page.context["week"].overdue == 1
    assert "1 åtgärdspunkt är försenad" in page.content.decode()
    assert late in page.context["week"].items_due


@pytest.mark.django_db
def test_status_is_changed_by_post_only_and_by_those_allowed(client, strangnas, kommun, owls, nora):
    item = _item(strangnas, owls, assignee=nora)
    url = reverse("actions:status", args=[item.pk])
    client.force_login(nora)
    assert client.get(url).status_code == 405
    response = client.post(url, {"status": "done", "note": "Vi gick två kvällar."})
    assert response.status_code == 302 and ActionItem.objects.get().status == "done"
    viewer = UserFactory(username="lasare", organisation=kommun, role="viewer")
    client.force_login(viewer)
    assert client.post(url, {"status": "open", "note": ""}).status_code == 403
    assert ActionItem.objects.get().status == "done"


@pytest.mark.django_db
def test_bad_input_changes_nothing_and_typed_text_stays_text(coordinator_client, strangnas, kommun, owls, nora):
    item = _item(strangnas, kommun, title='<script>alert("x")</script> Städa parken')
    page = coordinator_client.get(reverse("actions:detail", args=[item.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page
    refused = coordinator_client.post(
        reverse("actions:status", args=[item.pk]), {"status": "done", "note": "Ring 070-123 45 67."}
    )
    assert refused.status_code == 400 and ActionItem.objects.get().status == "open"
    wrong_person = coordinator_client.post(
        reverse("actions:edit", args=[item.pk]),
        {"title": "Städa parken", "owner": kommun.pk, "assignee": nora.pk, "due_on": "2025-06-20"},
    )
    assert wrong_person.status_code == 400 and "assignee" in wrong_person.context["form"].errors
    assert ActionItem.objects.get().assignee is None
    too_long = coordinator_client.post(
        reverse("actions:create", args=[strangnas.slug]),
        {"title": "x" * 301, "owner": kommun.pk, "due_on": "2025-06-20"},
    )
    assert too_long.status_code == 400 and ActionItem.objects.count() == 1


@pytest.mark.django_db
def test_an_item_for_a_measure_starts_from_its_owner(coordinator_client, strangnas, kommun, coordinator):
    plan = ActionPlanFactory(
        municipality=strangnas,
        title="Plan",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    measure = MeasureFactory(plan=plan, title="Fler vuxna ute", owner=kommun, starts_on=TODAY)
    url = reverse("actions:create", args=[strangnas.slug]) + f"?atgard={measure.pk}"
    assert coordinator_client.get(url).context["form"].initial["owner"] == kommun.pk
    response = coordinator_client.post(url, {"title": "Rekrytera vandrare", "owner": kommun.pk, "due_on": "2025-07-01"})
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.measure, item.origin) == (measure, "measure")
    assert "Rekrytera vandrare" in coordinator_client.get(measure.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("queue_db")
def test_the_person_is_told_when_assigned_and_reminded_once_before_the_due_date(smtp, strangnas, kommun, owls, nora):
    coordinator = UserFactory(username="samordnare", organisation=kommun, role="coordinator", email="s@ex.se")
    today = timezone.localdate()
    item = _item(strangnas, owls, due_on=today + datetime.timedelta(days=10))
    services.save_item(user=coordinator, item=_assign(item, nora))
    later = _item(strangnas, owls, title="Långt fram", assignee=nora, due_on=today + datetime.timedelta(days=20))
    soon = _item(strangnas, owls, title="Snart", assignee=nora, due_on=today + datetime.timedelta(days=2))
    closed = _item(strangnas, owls, title="Klar", assignee=nora, due_on=today, status="done")
    assert set(selectors.due_for_reminder()) == {soon}
    remind_items_due.call()
    remind_items_due.call()  # the next morning: no second reminder
    run_jobs()
    messages = smtp.to("nora@ex.se")
    subjects = sorted(m["Subject"].strip() for m in messages)  # a long encoded subject is folded
    assert len([s for s in subjects if s.startswith("Ny åtgärdspunkt")]) == 3  # item, later, soon (not the closed one)
    reminders = [m for m in messages if m["Subject"].strip().startswith("Påminnelse")]
    assert len(reminders) == 1 and "Snart" in reminders[0]["Subject"]
    assert f"https://trygg.example.se/atgarder/{soon.pk}/" in body(reminders[0], "plain")
    assert closed.pk and later.pk
    soon.due_on = today + datetime.timedelta(days=1)  # a new date re-arms the reminder
    services.save_item(user=coordinator, item=soon)
    assert ActionItem.objects.get(pk=soon.pk).reminded_at is None


def _assign(item: ActionItem, person) -> ActionItem:
    item.assignee = person
    return item


@pytest.mark.django_db
def test_the_weekly_report_takes_decisions_as_items_and_lists_the_weeks(coordinator_client, strangnas, kommun, police):
    officer = UserFactory(username="kommunpolis", organisation=police, role="coordinator")
    build = reverse("meeting:build_report", args=["strangnas"])
    coordinator_client.post(build, {"week": "2025-W23"})
    report = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"])).context["report"]
    decide = reverse("meeting:add_decision", args=[report.pk])
    decision = {"action": "Fotpatrull vid resecentrum", "owner": kommun.pk, "due_date": "2025-06-06"}
    wrong = coordinator_client.post(decide, {**decision, "assignee": officer.pk})  # not of the owner organisation
    assert wrong.status_code == 400 and not ActionItem.objects.exists()
    assert coordinator_client.post(decide, {**decision, "owner": police.pk, "assignee": officer.pk}).status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.assignee, item.origin) == (police, officer, "decision")
    services.set_status(user=officer, item=item, status="done", note="Två kvällar med fotpatrull.")
    page = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"]))
    assert list(page.context["week_items"]) == [item]  # due in the week the report covers
    text = page.content.decode()
    assert "Veckans åtgärdspunkter" in text and "Två kvällar med fotpatrull." in text
    coordinator_client.post(build, {"week": "2025-W24"})
    later = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W24"]))
    assert list(later.context["week_items"]) == []
