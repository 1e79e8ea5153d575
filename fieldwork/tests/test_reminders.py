"""The morning after a planned shift nobody logged, the organisation's reporter gets a link that opens
the log form filled in; a logged shift sends nothing."""

import datetime

import pytest
from django.utils import timezone

from fieldwork.tasks import remind_missing_logs
from tests.factories import ActivityLogFactory, UserFactory
from tests.mail_fixtures import body, run_jobs


@pytest.fixture
def field_plan(kommun, daily_plan):
    return daily_plan(kommun, "Fältpass centrum", "field_work", datetime.time(18), datetime.time(22))


@pytest.mark.usefixtures("queue_db")
def test_unlogged_shift_reminds_the_reporter_with_a_prefilled_link(client, smtp, kommun, field_plan):
    reporter = UserFactory(username="faltare", organisation=kommun, role="reporter", email="falt@strangnas.se")
    UserFactory(username="inget", organisation=kommun, role="reporter", email="")  # no address: not mailed
    remind_missing_logs.call()
    run_jobs()
    [message] = smtp.to("falt@strangnas.se")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    link = f"/falt/logga/?plan={field_plan.pk}&dag={yesterday.isoformat()}"
    assert "Fältpass centrum" in message["Subject"] and f"https://trygg.example.se{link}" in body(message, "plain")
    client.force_login(reporter)
    form = client.get(link).context["form"]
    assert form.initial["plan"] == field_plan and form.initial["started_at"].date() == yesterday


@pytest.mark.usefixtures("queue_db")
def test_a_logged_shift_sends_no_reminder(smtp, strangnas, kommun, field_plan, station):
    UserFactory(username="faltare", organisation=kommun, role="reporter", email="falt@strangnas.se")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(18, 10)))
    ActivityLogFactory(
        municipality=strangnas,
        organisation=kommun,
        reported_by=None,
        log_type="field_work",
        plan=field_plan,
        started_at=start,
        ended_at=start + datetime.timedelta(hours=3),
        staff_count=2,
        places=[station],
    )
    assert remind_missing_logs.call() == 0
    run_jobs()
    assert smtp.messages == []
