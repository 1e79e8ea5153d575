"""The schedule: when each periodic job is due, that a slot is enqueued once however often (and by however
many workers) the schedule is looked at, and that the police feed is fetched on it, idempotently."""

import datetime
import gzip
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from incidents.models import PoliceEvent
from jobs import schedule
from jobs.models import ScheduledRun
from tests.mail_fixtures import run_jobs

FEED = Path(__file__).resolve().parents[2] / "incidents" / "data" / "polisen_events_sodermanland_2023-2026.json.gz"


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


QUARTER = schedule.Periodic("q", "x", every=datetime.timedelta(minutes=15))
NIGHTLY = schedule.Periodic("n", "x", at=datetime.time(2, 30))
MONDAY = schedule.Periodic("m", "x", at=datetime.time(6, 0), weekday=1)


@pytest.mark.parametrize(
    "job,now,slot",
    [
        (QUARTER, local(2026, 11, 27, 10, 7), local(2026, 11, 27, 10, 0)),
        (QUARTER, local(2026, 11, 27, 10, 15), local(2026, 11, 27, 10, 15)),
        (NIGHTLY, local(2026, 11, 27, 1, 0), local(2026, 11, 26, 2, 30)),
        (NIGHTLY, local(2026, 11, 27, 2, 30), local(2026, 11, 27, 2, 30)),
        (MONDAY, local(2026, 11, 29, 23, 0), local(2026, 11, 23, 6, 0)),  # Sunday: last Monday
        (MONDAY, local(2026, 11, 30, 6, 1), local(2026, 11, 30, 6, 0)),
        (NIGHTLY, local(2026, 3, 29, 4, 0), local(2026, 3, 29, 2, 30)),  # the night clocks go forward
    ],
)
def test_latest_slot(job, now, slot):
    assert job.latest_slot(now) == slot


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_however_often_the_schedule_is_read(settings):
    settings.POLICE_FEED_MINUTES = 15
    now = local(2026, 11, 30, 6, 5)  # Monday morning: feed, weekly drafts, the hourly check, the night's retention
    first = schedule.enqueue_due(now)
    assert set(first) == {"police_feed", "weekly_drafts", "shifts_at_risk", "retention"}
    assert schedule.enqueue_due(now + datetime.timedelta(minutes=5)) == []  # a second worker, or the next tick
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count() == 4
    assert schedule.enqueue_due(now + datetime.timedelta(minutes=10)) == ["police_feed"]  # 06:15, a new slot


@pytest.mark.django_db
def test_a_worker_started_long_after_a_slot_does_not_replay_it():
    assert "retention" not in schedule.enqueue_due(local(2026, 11, 27, 9, 0))  # 02:30 was 6.5 h ago
    assert "retention" in schedule.enqueue_due(local(2026, 11, 28, 3, 0))


def test_each_owning_app_registers_its_jobs(settings):
    settings.POLICE_FEED_URL, settings.POLICE_FEED_MINUTES = "http://x", 10
    found = {job.name: (job.task.module_path, job.every, job.at, job.weekday) for job in schedule.jobs()}
    hour = datetime.timedelta(hours=1)
    assert found == {
        "police_feed": ("incidents.tasks.fetch_police_feed", datetime.timedelta(minutes=10), None, None),
        "weekly_drafts": ("situation.tasks.build_weekly_drafts", None, datetime.time(6, 0), 1),
        "retention": ("privacy.tasks.nightly_retention", None, datetime.time(2, 30), None),
        "reporter_reminders": ("fieldwork.tasks.remind_missing_logs", None, datetime.time(7, 0), None),
        "item_reminders": ("actions.tasks.remind_items_due", None, datetime.time(7, 5), None),
        "shifts_at_risk": ("shifts.tasks.warn_shifts_at_risk", hour, None, None),
    }


def test_registering_a_job_again_changes_nothing():
    before = schedule.jobs()
    retention = next(job for job in before if job.name == "retention")
    schedule.register(retention)
    assert schedule.jobs() == before and len(before) >= 5


@pytest.mark.django_db
def test_police_feed_is_off_without_url_or_interval(settings):
    settings.POLICE_FEED_URL = ""
    assert "police_feed" not in [job.name for job in schedule.jobs()]
    settings.POLICE_FEED_URL, settings.POLICE_FEED_MINUTES = "http://x", 0
    assert "police_feed" not in [job.name for job in schedule.jobs()]


@pytest.mark.usefixtures("queue_db")
def test_police_feed_is_fetched_on_schedule_from_the_configured_url_and_idempotent(settings, feed_server):
    feed_server.body = gzip.decompress(FEED.read_bytes())
    settings.POLICE_FEED_URL = feed_server.url
    now = timezone.now()
    assert "police_feed" in schedule.enqueue_due(now)
    run_jobs()
    count = PoliceEvent.objects.count()
    first = DBTaskResult.objects.get(task_path="incidents.tasks.fetch_police_feed")
    assert count > 2000 and first.status == "SUCCESSFUL" and first.return_value["created"] == count
    assert "police_feed" in schedule.enqueue_due(now + datetime.timedelta(minutes=15))
    run_jobs()
    second = DBTaskResult.objects.exclude(pk=first.pk).get(task_path="incidents.tasks.fetch_police_feed")
    assert second.return_value == {"created": 0, "updated": 0, "unchanged": count}
    assert PoliceEvent.objects.count() == count and feed_server.requests == 2


@pytest.mark.usefixtures("queue_db")
def test_a_broken_feed_fails_the_job_and_changes_nothing(settings, feed_server):
    feed_server.body = b'[{"id": 1, "name": "half'
    settings.POLICE_FEED_URL = feed_server.url
    schedule.enqueue_due()
    run_jobs()
    result = DBTaskResult.objects.get(task_path="incidents.tasks.fetch_police_feed")
    assert result.status == "FAILED" and "Inget har importerats" in result.traceback
    assert not PoliceEvent.objects.exists()
