"""The weekly meeting's decision reaches its owner: the police officer finds it among their items on a
phone, marks it done with a note, and the coordinator's start page no longer counts it as overdue."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation, User
from actions import services
from actions.models import ActionItem
from demo import programme as programme_demo
from tests.e2e.test_field_logging import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_owner_closes_an_overdue_item_on_a_phone(live_server, page, phone_page):
    programme_demo.load()
    officer = User.objects.get(username="kommunpolis")
    item = services.save_item(
        user=None,
        item=ActionItem(
            municipality=officer.organisation.municipalities.get(slug="strangnas"),
            owner=Organisation.objects.get(pk=officer.organisation_id),
            assignee=officer,
            title="Fotpatrull vid resecentrum fredag kväll",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
    )
    _login(page, live_server.url, "samordnare")
    assert "1 åtgärdspunkt är försenad" in page.locator("main").inner_text()

    _login(phone_page, live_server.url, "kommunpolis")
    mine = phone_page.locator("section", has=phone_page.get_by_role("heading", name="Dina åtgärdspunkter"))
    assert "Försenad" in mine.inner_text()
    mine.get_by_role("link", name=item.title).click()
    phone_page.get_by_label("Status").select_option(label="Klar")
    phone_page.get_by_label("Anteckning").fill("Två kvällar med fotpatrull, lugnt.")
    phone_page.get_by_role("button", name="Spara status").click()
    assert "Status är sparad" in phone_page.locator("main").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert ActionItem.objects.get(pk=item.pk).status == "done"

    page.goto(live_server.url + "/start/")
    assert "försenad" not in page.locator("main").inner_text()
