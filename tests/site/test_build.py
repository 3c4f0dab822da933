"""The built site: one page per sheet and territory, atomic failure, linear pages, own origin."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, VALID, build_copy


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_every_innovation_and_territory_has_its_page(fixture_site: Path) -> None:
    for yml in (VALID / "innovations").glob("*.yml"):
        assert (fixture_site / "innovations" / yml.stem / "index.html").is_file(), yml.stem
    for yml in (VALID / "territories").glob("*.yml"):
        assert (fixture_site / "territoires" / yml.stem / "index.html").is_file(), yml.stem
    for section in ("", "innovations/", "territoires/", "methode/", "contribuer/"):
        assert (fixture_site / section / "index.html").is_file(), section


def test_sheet_is_in_french_and_says_what_it_is(fixture_site: Path) -> None:
    html = (fixture_site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    assert '<html lang="fr"' in html
    assert "<h1" in html and "Atelier des possibles</h1>" in html
    for heading in (
        "Le problème",
        "Comment se lancer",
        "Le parcours AIS#Emploi",
        "Essaimage",
        "Sources",
    ):
        assert f">{heading}</h2>" in html
    assert ">Les étapes</h3>" in html  # a part of « Comment se lancer »


def test_invalid_content_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    site = build_copy(VALID, tmp_path)
    before = _digest(site)
    sheet = tmp_path / "content" / "innovations" / "atelier-des-possibles.yml"
    sheet.write_text(
        sheet.read_text().replace("territoire_origine: parthenay", "territoire_origine: nulle-part")
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", "content", "--site-dir", "site"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert done.returncode == 1
    assert "content/innovations/atelier-des-possibles.yml:" in done.stderr
    assert "territoire-inconnu" in done.stderr
    assert "Traceback" not in done.stderr
    assert _digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], "temporary left"


def test_sheets_stay_out_of_the_navigation(fixture_site: Path) -> None:
    """The global navigation must not list every sheet: page size would grow with the catalogue."""
    html = (fixture_site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    nav = html.split('class="md-content"', 1)[0]
    others = [s for s in ("cooperative-emploi-test", "relais-mobilite-test") if s in nav]
    assert others == []


FOREIGN = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def test_no_page_loads_anything_from_another_origin(fixture_site: Path) -> None:
    """Links (<a>) may point elsewhere; nothing the page loads may (fonts, scripts, styles)."""
    for page in fixture_site.rglob("*.html"):
        html = page.read_text()
        without_anchors = re.sub(r"<a\b[^>]*>", "", html)
        # The page's own public address (canonical link, OpenGraph) is named, never loaded.
        without_anchors = re.sub(r'<link rel="canonical"[^>]*>', "", without_anchors)
        match = FOREIGN.search(without_anchors)
        assert match is None, f"{page}: {without_anchors[match.start() : match.start() + 120]}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for css in fixture_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text()), css


def test_a_catalogue_without_any_innovation_yet_builds(tmp_path: Path) -> None:
    """A fork starting from its territories alone gets a site, with no search index to build."""

    def drop_innovations(content: Path) -> None:
        for sheet in (content / "innovations").glob("*.yml"):
            sheet.unlink()

    site = build_copy(VALID, tmp_path, edit=drop_innovations, search=True)
    assert (site / "chiffres" / "index.html").is_file()
    assert "aucun site d’essaimage" in (site / "chiffres" / "index.html").read_text()
    assert (site / "innovations" / "index.html").is_file()
    assert not (site / "pagefind").exists()
