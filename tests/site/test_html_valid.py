"""The Nu HTML Checker (vnu, npm `vnu-jar`, run with the system's Java) finds no error in the
built site's markup, the theme's known ones excepted (listed in the README, with why)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
# Material for MkDocs' own markup, not fixable by a small template override (see README):
# - its drawer and search toggles are checkboxes with autocomplete="off" (Firefox would
#   otherwise restore them open on « back »), in base.html outside any block;
# - its table-of-contents title is a <label for="__toc"> whose checkbox Material only draws
#   for pages in the navigation (the field reference page is not).
THEME_ERRORS = (
    ("Attribute “autocomplete” is only allowed when the input type is", 'id="__drawer"'),
    ("Attribute “autocomplete” is only allowed when the input type is", 'id="__search"'),
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
)


def _vnu(target: Path) -> list[dict]:
    if JAVA is None or not VNU.is_file():
        pytest.fail(
            "vnu a besoin de Java et du paquet npm vnu-jar : installez Java (Debian, Ubuntu : "
            "apt-get install default-jre-headless), puis lancez « npm ci »"
        )
    done = subprocess.run(
        [
            JAVA,
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stderr or '{"messages": []}')["messages"]


def _ours(message: dict) -> bool:
    extract = message.get("extract", "")
    return not any(
        message["message"].startswith(text) and marker in extract for text, marker in THEME_ERRORS
    )


def test_vnu_finds_no_error_in_the_sites_own_markup(fixture_site: Path) -> None:
    errors = [m for m in _vnu(fixture_site) if m.get("type") == "error" and _ours(m)]
    shown = [
        f"{m['url'].split(str(fixture_site))[-1]}:{m.get('lastLine')} {m['message']}"
        for m in errors
    ]
    assert not shown, "\n".join(shown[:30])


def test_vnu_reports_an_error_in_our_markup(tmp_path: Path) -> None:
    """The check can fail: the explorer's old filter box (aria-label on a plain div)."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="fr"><head><title>t</title></head><body>'
        '<div class="facettes" aria-label="Filtres"></div></body></html>',
        encoding="utf-8",
    )
    errors = [m for m in _vnu(page) if _ours(m)]
    assert errors and "aria-label" in errors[0]["message"]
