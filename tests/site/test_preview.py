"""The preview (`python -m generator serve`): an edit shows at once, and only what it affects
is rebuilt; a broken edit keeps the previous pages up."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, VALID
from helpers import keys_around_an_edit

from generator.check.validate import ValidationCache, validate_content
from generator.model import build_catalogue
from generator.site.contents import site_contents
from generator.site.render.pages import SitePage

SHEET = "innovations/atelier-des-possibles.yml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"« {text} » n'apparaît pas sur {url} après {seconds} s")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "innovations/atelier-des-possibles/", "Atelier des possibles")
        yield base, content, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _set_name(sheet: Path, name: str) -> None:
    lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    sheet.write_text(
        "".join(f"nom: {name}\n" if line.startswith("nom:") else line for line in lines),
        encoding="utf-8",
    )


def test_an_edit_shows_on_the_sheet_and_the_pages_that_list_it(preview) -> None:
    base, content, _ = preview
    _set_name(content / SHEET, "Atelier renommé pour l’aperçu")
    _wait_for(base + "innovations/atelier-des-possibles/", "Atelier renommé pour l’aperçu", 30)
    _wait_for(base + "innovations/", "Atelier renommé pour l’aperçu", 10)
    _wait_for(base + "territoires/parthenay/", "Atelier renommé pour l’aperçu", 10)
    # Search and the open-data files catch up a moment later, in the background.
    _wait_for(base + "pagefind/bundles.json", '"0/"', 30)
    _wait_for(base + "donnees/catalogue.json", "Atelier renommé pour l’aperçu", 30)
    _wait_for(base + "donnees/innovations.csv", "Atelier renommé pour l’aperçu", 10)


def test_a_broken_edit_keeps_the_previous_pages_and_says_why(preview) -> None:
    base, content, process = preview
    sheet = content / SHEET
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("nom:", "nom: [", 1))
    time.sleep(3)
    assert "Atelier des possibles" in _get(base + "innovations/atelier-des-possibles/")
    _set_name(sheet, "Atelier réparé")
    _wait_for(base + "innovations/atelier-des-possibles/", "Atelier réparé", 30)
    process.terminate()
    output, _ = process.communicate(timeout=20)
    assert f"{SHEET}:" in output.replace("\\", "/")
    assert "Les pages précédentes restent affichées." in output
    assert "Traceback" not in output


def _keys(content: Path, cache: ValidationCache) -> dict[str, str]:
    result = validate_content(content, cache=cache)
    assert result.ok
    pages = site_contents(build_catalogue(result.content), stamps=cache.stamps())
    return {p.path: p.key for p in pages if isinstance(p, SitePage)}


def test_an_edit_changes_the_keys_of_the_pages_it_affects_only(tmp_path: Path) -> None:
    """The preview rebuilds a page when its key changed: an edited sheet changes its own key,
    its territories' pages and the pages about the whole catalogue, not the other sheets."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    cache = ValidationCache()
    before = _keys(content, cache)
    time.sleep(0.01)
    _set_name(content / SHEET, "Atelier changé")
    after = _keys(content, cache)
    changed = {path for path in before if before[path] != after.get(path)}
    assert "innovations/atelier-des-possibles.md" in changed
    assert "innovations/index.md" in changed and "index.md" in changed
    assert "territoires/parthenay.md" in changed  # its home territory lists it
    assert "innovations/relais-mobilite-test.md" not in changed
    assert _keys(content, cache) == after  # nothing edited: nothing to rebuild


def test_an_edit_rebuilds_the_explorer_page_that_lists_the_sheet_only(tmp_path: Path) -> None:
    """The explorer has one page per `explorer_page_size` sheets: editing a sheet's summary
    changes the key of the page that shows its card, not the other pages' (same counts)."""
    before, after = keys_around_an_edit(
        tmp_path,
        SHEET,
        lambda path: path == "innovations/index.md" or path.startswith("innovations/page/"),
        explorer_page_size=1,
    )
    assert len(before) > 2
    assert sorted(before) == sorted(after)
    changed = [path for path in before if before[path] != after[path]]
    assert len(changed) == 1


def test_an_edit_remakes_the_comparison_file_of_the_sheet_only(tmp_path: Path) -> None:
    """Each sheet has one small JSON file for the compare page: editing a sheet changes the key
    of its own file only, so the preview does not remake the others."""
    before, after = keys_around_an_edit(
        tmp_path, SHEET, lambda path: path.startswith("comparer/fiches/")
    )
    assert len(before) > 1
    changed = [path for path in before if before[path] != after[path]]
    assert changed == ["comparer/fiches/atelier-des-possibles.json"]


def test_moving_a_carrier_changes_the_keys_of_the_pages_that_show_it(tmp_path: Path) -> None:
    """A carrier's territory makes the innovation present there: moving it rebuilds the pages
    of the places it leaves and reaches, not those it never was in."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    cache = ValidationCache()
    before = _keys(content, cache)
    time.sleep(0.01)
    sheet = content / "innovations" / "relais-mobilite-test.yml"
    text = sheet.read_text(encoding="utf-8")
    old = "    type_structure: ACI\n    territoire: ajaccio\n"
    assert text.count(old) == 1
    sheet.write_text(
        text.replace(old, "    role: operateur\n    territoire: cher\n"), encoding="utf-8"
    )
    after = _keys(content, cache)
    changed = {path for path in before if before[path] != after.get(path)}
    reached = {"departements/18/index.md", "regions/24/index.md", "territoires/cher.md"}
    assert reached <= changed
    assert "departements/2a/index.md" in changed  # Ajaccio: still born there, no longer carried
    assert "departements/971/index.md" not in changed
    assert "innovations/atelier-des-possibles.md" not in changed


def test_a_carriers_territory_changes_the_key_of_the_sheet_that_names_it(
    tmp_path: Path,
) -> None:
    """The sheet names its carriers' territories: renaming one rebuilds it."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    cache = ValidationCache()
    before = _keys(content, cache)
    time.sleep(0.01)
    _set_name(content / "territories" / "france.yml", "France renommée")
    after = _keys(content, cache)
    changed = {path for path in before if before[path] != after.get(path)}
    # the coopérative's sheet says « Réseau national de test, France »
    assert "innovations/cooperative-emploi-test.md" in changed
    assert "innovations/relais-mobilite-test.md" not in changed
