"""A real OpenID Connect provider (django-oauth-toolkit, tests/oidc_provider) in its own process, and
the app configured to log staff in with it, as a municipality's Entra ID would."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mail_fixtures import free_port

SERVE = Path(__file__).with_name("oidc_provider") / "serve.py"
CLIENT_ID, CLIENT_SECRET = "trygg-test", "hemlig-klientnyckel-for-test"
PASSWORD = "Provider-losen-1"
PEOPLE = [
    # username, first name, groups ("mfa": the provider says the login used two factors)
    ("anna.samordnare", "Anna", ["grp-trygg-samordnare", "mfa"]),
    ("per.polis", "Per", ["grp-trygg-polis"]),
    ("lisa.flera", "Lisa", ["grp-trygg-lasare", "grp-trygg-samordnare", "mfa"]),
    ("olle.okand", "Olle", ["grp-ekonomi"]),
    ("karin.tva", "Karin", ["grp-trygg-samordnare", "grp-trygg-polis", "mfa"]),  # two organisations
    # How a provider could misbehave ("claim:" groups are read by tests/oidc_provider/validator.py):
    ("ulf.annan", "Ulf", ["grp-trygg-samordnare", "claim:userinfo-other-sub"]),
    ("lang.sub", "Lång", ["grp-trygg-samordnare", "claim:long-sub"]),
]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    directory, port = tmp_path_factory.mktemp("oidc"), free_port()
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/oidc/callback/",
        "users": [
            {
                "username": name,
                "password": PASSWORD,
                "first_name": first,
                "last_name": "Testsson",
                "email": f"{name}@kommun.example",
                "groups": groups,
            }
            for name, first, groups in PEOPLE
        ],
    }
    (directory / "spec.json").write_text(json.dumps(spec))
    process = subprocess.Popen(
        [sys.executable, str(SERVE), str(port), str(directory), str(directory / "spec.json")],
        stdout=subprocess.DEVNULL,
        stderr=open(directory / "provider.log", "wb"),  # noqa: SIM115 - kept open for the process's life
    )
    deadline = time.monotonic() + 60
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the test OIDC provider did not start: " + (directory / "provider.log").read_text())
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/o"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """The app pointed at the provider; returns the issuer."""
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_ISSUER = oidc_provider
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_provider}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider}/.well-known/jwks.json"
    return oidc_provider
