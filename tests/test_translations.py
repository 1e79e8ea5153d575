"""English is complete: every string of the catalogue is translated, nothing is
fuzzy, and the catalogue holds every string the code and templates use."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[dict]:
    """A small .po reader: msgid, msgid_plural, msgstr / msgstr[n] and flags of each entry."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry, key = {"flags": "", "msgstr": []}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$', line):
                key = match.group(1)
                if key.startswith("msgstr"):
                    entry["msgstr"].append(match.group(2))
                else:
                    entry[key] = match.group(2)
            elif line.startswith('"') and key:
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += line[1:-1]
                else:
                    entry[key] += line[1:-1]
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = [e for e in _entries(CATALOGUE.read_text(encoding="utf-8")) if e["msgid"]]
    assert len(entries) > 600
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_the_catalogue_holds_every_string_in_use(tmp_path):
    # makemessages on a copy of the sources: a string added without updating the catalogue shows up as new.
    # Without what another test worker may be writing meanwhile (its database, caches, bytecode).
    copy = tmp_path / "src"
    skip = (".venv*", ".git", "node_modules", "*.sqlite3*", "staticfiles", "__pycache__", ".hypothesis", ".pytest*")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*skip))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e["msgid"] for e in _entries((copy / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8"))}
    current = {e["msgid"] for e in _entries(CATALOGUE.read_text(encoding="utf-8"))}
    assert sorted(fresh - current) == []


@pytest.mark.django_db
def test_pages_read_in_english(client):
    client.get("/sprak/en/?next=/")
    page = client.get("/").content.decode()
    assert "Accessibility statement" in page and "Tillgänglighetsredogörelse" not in page
