"""`mkdocs build` and `mkdocs serve` at the repository root work as a MkDocs user expects, and
leave nothing behind in the repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from conftest import ROOT
from test_preview import _free_port, _wait_for


def _status() -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout if done.returncode == 0 else ""


def test_mkdocs_build_at_the_root_builds_every_sheet(tmp_path: Path) -> None:
    before = _status()
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for sheet in (ROOT / "content" / "innovations").glob("*.yml"):
        assert (site / "innovations" / sheet.stem / "index.html").is_file(), sheet.name
    assert (site / "pagefind" / "bundles.json").is_file()
    # Pagefind's copies of the sheets are made in the site folder while it is written: gone
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []
    assert _status() == before, "la construction a écrit dans le dépôt"


def test_mkdocs_serve_at_the_root_serves_the_catalogue() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # MkDocs serves under the path of mkdocs.yml's site_url, as GitHub Pages does.
        path = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]).path
        page = _wait_for(f"http://127.0.0.1:{port}{path}innovations/", "Les innovations")
        assert 'href="../territoires/"' in page
    finally:
        process.terminate()
        process.wait(timeout=20)
