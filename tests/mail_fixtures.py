"""A real SMTP server (aiosmtpd, in its own process) for the tests that send e-mail, and a way to run
the job queue as a worker does."""

import email
import email.policy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

SERVER = Path(__file__).with_name("smtp_server.py")


class Inbox:
    """What arrived at the test's SMTP server, as parsed messages in arrival order."""

    def __init__(self, directory: Path):
        self.directory = directory

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [self._parse(path) for path in sorted(self.directory.glob("*.eml"))]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [
            self._parse(path)
            for path in sorted(self.directory.glob("*.eml"))
            if address in path.with_suffix(".rcpt").read_text().splitlines()
        ]

    @property
    def refuse(self) -> bool:
        return (self.directory / "refuse").exists()

    @refuse.setter
    def refuse(self, value: bool) -> None:
        flag = self.directory / "refuse"
        flag.touch() if value else flag.unlink(missing_ok=True)

    @staticmethod
    def _parse(path: Path) -> email.message.EmailMessage:
        return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def body(message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server(tmp_path_factory):
    directory, port = tmp_path_factory.mktemp("smtp"), free_port()
    process = subprocess.Popen([sys.executable, str(SERVER), str(port), str(directory)], cwd=directory)
    deadline = time.monotonic() + 30
    while not (directory / "ready").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the test SMTP server did not start")
        time.sleep(0.05)
    yield port, directory
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def smtp(settings, smtp_server):
    port, directory = smtp_server
    for old in directory.iterdir():
        if old.name != "ready":
            old.unlink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://trygg.example.se"
    return Inbox(directory)


def run_jobs() -> None:
    """Run what waits in the queue, as a worker does (no schedule)."""
    call_command("run_worker", "--batch", "--no-schedule", verbosity=0)


@pytest.fixture
def queue_db(transactional_db):
    """A committed database, as the worker sees it (a worker closes connections left in a transaction),
    with the EST categories the migration seeds (a transactional test empties the tables afterwards)."""
    from incidents import taxonomy
    from incidents.models import IncidentCategory

    taxonomy.seed(IncidentCategory)
