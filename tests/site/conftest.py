"""Fixtures for the site tests: the valid fixture catalogue, built once per session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from generator.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def build_copy(
    source: Path,
    base: Path,
    *,
    edit=None,
    search: bool = False,
    config_file: Path | None = None,
    site_url: str | None = None,
) -> Path:
    """Copy a content folder under `base`, apply `edit(content_dir)`, build; return the site."""
    content = base / "content"
    shutil.copytree(source, content)
    if edit is not None:
        edit(content)
    site = base / "site"
    options = {"config_file": config_file} if config_file else {}
    result = build_site(content, site, search=search, site_url=site_url, **options)
    assert result.ok, "\n".join(
        f"{d.file}:{d.line}: {d.code} {d.message}" for d in result.diagnostics
    )
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture catalogue built with its search index."""
    return build_copy(VALID, tmp_path_factory.mktemp("fixture-site"), search=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - silence the test output
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium introuvable : installez-le (apt-get install chromium) pour lancer "
            "les tests dans le navigateur."
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def serve(site: Path, root: Path) -> Iterator[str]:
    """Serve `site` under a project path (`/depot/`), as GitHub Pages does; yield its URL."""
    (root / "depot").symlink_to(site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/depot/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site served under a project path (`/depot/`), as GitHub Pages does."""
    with serve(fixture_site, tmp_path_factory.mktemp("served")) as url:
        yield url
