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
from helpers import add_a_carriers_sheets
from playwright.sync_api import Browser, Page, expect, sync_playwright

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


@pytest.fixture(scope="module", params=["livre", "livre-et-ajouts"])
def shipped_content(request: pytest.FixtureRequest, tmp_path_factory) -> Path:
    """A copy of content/ as shipped, then with a carrier's valid additions (an innovation made
    with the scaffold, with the documented id, and a territory): the content-dependent tests
    run on both, so that no valid addition makes the suite fail."""
    content = tmp_path_factory.mktemp("shipped-content") / "content"
    shutil.copytree(ROOT / "content", content)
    if request.param == "livre-et-ajouts":
        add_a_carriers_sheets(content)
    return content


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


# --- Search answers, as a reader gets them ------------------------------------------------------

_PAGEFIND_SEARCH = """
async ([base, term, options]) => {
  // The site's search bundles, loaded as the explorer loads them (Pagefind's JS API).
  if (!window.__recherche) {
    const { bundles, filters } = await (await fetch(base + "pagefind/bundles.json")).json();
    window.__toujours = filters || {};
    const root = new URL(base).pathname;
    const pagefind = await import(base + "pagefind/" + bundles[0] + "pagefind.js");
    await pagefind.options({ baseUrl: root, noWorker: true });
    await pagefind.init();
    for (const bundle of bundles.slice(1)) {
      await pagefind.mergeIndex(root + "pagefind/" + bundle, { baseUrl: root });
    }
    window.__recherche = pagefind;
  }
  if (term === null) return { results: [], filters: await window.__recherche.filters() };
  options = { ...(options || {}) };
  options.filters = { ...window.__toujours, ...(options.filters || {}) };
  const search = await window.__recherche.search(term, options);
  const results = [];
  for (const result of search.results) {
    const data = await result.data();
    results.push({ url: data.url, title: data.meta.title, content: data.content });
  }
  return { results, filters: search.filters };
}
"""


def pagefind_search(page: Page, base: str, term: str | None, options: dict | None = None) -> dict:
    """Search the site served at `base` with Pagefind's JS API, in a page of the site that has
    no explorer: {"results": [{url, title, content}…] in Pagefind's order, "filters": counts}.
    With no term: every filter value and its count."""
    if not page.url.startswith(base):
        page.goto(base + "methode/")
    return page.evaluate(_PAGEFIND_SEARCH, [base, term, options])


def explorer_answer(page: Page, base: str, query: str) -> dict:
    """What the explorer shows for `innovations/?<query>`: the count, every result (« Afficher
    plus » clicked until all are shown) and the facets with their counts."""
    page.goto(f"{base}innovations/?{query}")
    count = page.locator("[data-explorateur][data-pret] [data-count]")
    expect(count).not_to_have_text("")
    page.locator("[data-facets]").hover()  # the counts within a search load on demand
    expect(page.locator("[data-facets][data-comptes]")).to_have_count(1)
    digits = "".join(c for c in count.inner_text() if c.isdigit())
    total = int(digits) if digits else 0
    results = page.locator("[data-results] > li h3 a")
    shown = min(10, total)  # the explorer shows 10 results at a time
    expect(results).to_have_count(shown)
    while shown < total:
        page.locator("[data-more]").click()
        shown = min(shown + 10, total)
        expect(results).to_have_count(shown)
    expect(page.locator("[data-more]")).to_be_hidden()
    return {
        "count": count.inner_text(),
        "titles": results.all_inner_texts(),
        "facets": page.locator("[data-facets] label").all_inner_texts(),
    }
