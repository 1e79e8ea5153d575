"""Run the test OpenID Connect provider: python tests/oidc_provider/serve.py PORT DIR SPEC.json

SPEC: {"client_id", "client_secret", "redirect_uri", "users": [{"username", "password", "first_name",
"last_name", "email", "groups": [...]}]}."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(port: str, directory: str, spec_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings", OIDC_PROVIDER_DIR=directory, OIDC_PROVIDER_PORT=port
    )
    _write_key(Path(directory) / "key.pem")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _register(json.loads(Path(spec_path).read_text()))
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", int(port), get_wsgi_application(), threading=True, server_cls=WSGIServer)


def _write_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.write_bytes(pem)


def _register(spec: dict) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    Application.objects.create(
        name="Trygg",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=spec["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for person in spec["users"]:
        groups = person.pop("groups")
        user = User.objects.create_user(**person)
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])


if __name__ == "__main__":
    main(*sys.argv[1:4])
