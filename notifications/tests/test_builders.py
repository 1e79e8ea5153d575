"""Each kind of message is built by the app that owns it, registered from that app's ready(): every kind the
code queues has its builder, and an unknown kind is refused before anything is queued."""

import re
from pathlib import Path

import pytest

from actions import notify as actions_notify
from fieldwork import notify as fieldwork_notify
from incidents import notify as incidents_notify
from notifications import tasks
from shifts import notify as shifts_notify

ROOT = Path(__file__).resolve().parents[2]


def test_each_owning_app_registers_its_builders():
    assert tasks._builders == {
        "report_received": incidents_notify.report_received,
        "report_updated": incidents_notify.report_updated,
        "shift_at_risk": shifts_notify.shift_at_risk,
        "missing_log": fieldwork_notify.missing_log,
        "item_assigned": actions_notify.item_assigned,
        "item_due": actions_notify.item_due,
    }


def test_every_kind_the_code_queues_has_a_builder():
    queued = set()
    for path in ROOT.glob("*/*.py"):
        queued |= set(re.findall(r'\bnotify\("(\w+)"', path.read_text(encoding="utf-8")))
    assert len(queued) >= 6 and queued <= set(tasks._builders)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="okänt meddelande 'nope'"):
        tasks.notify("nope", 1)
