"""A real SMTP server for the mail tests (aiosmtpd), run as its own process: the project's `public` app
would shadow the `public` package aiosmtpd imports. Each message is written to DIR as NNNN.eml with its
envelope recipients in NNNN.rcpt; while DIR/refuse exists, messages are refused with 451 (try later).

    python tests/smtp_server.py PORT DIR
"""

import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory: Path):
        self.directory, self.count, self.lock = directory, 0, threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if (self.directory / "refuse").exists():
            return "451 4.3.0 Try again later"
        with self.lock:
            self.count += 1
            stem = self.directory / f"{self.count:04d}"
        stem.with_suffix(".rcpt").write_text("\n".join(envelope.rcpt_tos))
        stem.with_suffix(".eml").write_bytes(envelope.content)  # last: its presence means the message is whole
        return "250 OK"


if __name__ == "__main__":
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    controller = Controller(Handler(directory), hostname="127.0.0.1", port=port)
    controller.start()
    (directory / "ready").touch()
    while True:
        time.sleep(3600)
