import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_with_production_settings_reports_nothing():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "trygg.strangnas.se"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=trygg.settings_production",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"ALLOWED_HOSTS": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=trygg.settings_production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_nul_characters_are_refused_before_any_query(client, db):
    # PostgreSQL cannot hold NUL in text: without the guard these would be 500s on PostgreSQL.
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "a\x00b"}).status_code == 400
    response = client.post("/open311/v2/requests.json", {"api_key": "x", "description": "a\x00b"})
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    body = '{"name": "a\\u0000b"}'
    assert client.post("/api/v1/places/", body, content_type="application/json").status_code == 400
    assert client.get("/api/v1/places/", HTTP_COOKIE="sessionid=abc\x00defghij").status_code == 400
    basic = "Basic " + __import__("base64").b64encode(b"a\x00b:c").decode()
    assert client.get("/api/v1/places/", HTTP_AUTHORIZATION=basic).status_code == 400
    assert client.get("/api/v1/places/").status_code == 401  # no NUL: the usual answer
