"""The site in a real browser (Debian's Chromium driven by Playwright), served under /depot/."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect


class Watch:
    """Console errors and requests that leave the site's origin, for one page."""

    def __init__(self, page: Page, origin: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(origin) or r.url.startswith("data:")
                else self.foreign.append(r.url)
            ),
        )


@pytest.fixture
def page(browser: Browser, served_site: str) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(served_site))
    watch = Watch(p, origin)
    yield p, watch
    context.close()
    assert watch.errors == [], f"erreurs dans la console : {watch.errors}"
    assert watch.foreign == [], f"requêtes hors du site : {watch.foreign}"


def _result_titles(p: Page) -> list[str]:
    return p.locator("[data-results] h3 a").all_inner_texts()


def test_french_search_finds_a_word_by_its_stem(page, served_site: str) -> None:
    p, _ = page
    p.goto(served_site + "innovations/")
    box = p.get_by_label("Rechercher une innovation")
    box.fill("formations")  # the sheet says « formation »
    box.press("Enter")
    expect(p.locator("[data-results] h3 a")).to_have_count(1)
    assert _result_titles(p) == ["Atelier des possibles"]
    assert parse_qs(urlsplit(p.url).query)["q"] == ["formations"]
    p.get_by_role("link", name="Atelier des possibles").click()
    expect(p.locator("h1")).to_have_text("Atelier des possibles")


def test_a_facet_narrows_the_list_and_the_url_keeps_it(page, served_site: str) -> None:
    p, _ = page
    p.goto(served_site + "innovations/")
    expect(p.get_by_label("Mobilité")).to_be_visible()  # the facets, with their counts
    expect(p.locator("[data-static]")).to_be_visible()  # nothing asked yet: the full list
    p.get_by_label("Mobilité").check()
    expect(p.locator("[data-results] h3 a")).to_have_count(1)
    assert _result_titles(p) == ["Relais mobilité de test"]
    assert parse_qs(urlsplit(p.url).query)["thematique"] == ["Mobilité"]
    p.reload()
    expect(p.get_by_label("Mobilité")).to_be_checked()
    expect(p.locator("[data-results] h3 a")).to_have_count(1)
    expect(p.locator("[data-count]")).to_have_text("1 innovation correspond.")
    p.get_by_label("Mobilité").uncheck()
    expect(p.locator("[data-static]")).to_be_visible()
    expect(p.locator("[data-results] h3 a")).to_have_count(0)
    assert "thematique" not in parse_qs(urlsplit(p.url).query)


def _index_chunk(url: str) -> bool:
    """A piece of a search bundle's word index (pagefind/<bundle>/index/…)."""
    return "/pagefind/" in url and "/index/" in url


def test_opening_the_explorer_does_not_download_the_index(page, served_site: str) -> None:
    """Only a search needs index chunks; opening the page loads the facets' counts alone."""
    p, _ = page
    chunks: list[str] = []
    p.on("request", lambda r: chunks.append(r.url) if _index_chunk(r.url) else None)
    p.goto(served_site + "innovations/")
    expect(p.get_by_label("Mobilité")).to_be_visible()
    p.wait_for_load_state("networkidle")
    assert chunks == []
    p.get_by_label("Rechercher une innovation").fill("garages")
    expect(p.locator("[data-results] h3 a")).to_have_count(1)
    assert chunks, "la recherche charge le morceau d'index du mot cherché"


def test_without_javascript_the_explorer_lists_every_innovation(browser, served_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(served_site + "innovations/")
    static = p.locator("[data-static]")
    expect(static).to_be_visible()
    for name in (
        "Atelier des possibles",
        "Coopérative d’emploi de test",
        "Relais mobilité de test",
    ):
        expect(static.get_by_role("link", name=name).first).to_be_visible()
    expect(p.locator("[data-form]")).to_be_hidden()
    context.close()


def test_links_from_a_sheet_reach_its_territories(page, served_site: str) -> None:
    p, _ = page
    p.goto(served_site + "innovations/atelier-des-possibles/")
    p.locator("dl.identite").get_by_role("link", name="Parthenay").first.click()
    expect(p.locator("h1")).to_have_text("Parthenay")
    assert urlsplit(p.url).path == "/depot/territoires/parthenay/"
    expect(p.get_by_role("link", name="Atelier des possibles").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "innovations/",
        "innovations/atelier-des-possibles/",
        "territoires/",
        "territoires/parthenay/",
        "methode/",
        "chiffres/",
        "comparer/",
        "departements/79/",
    ],
)
def test_pages_load_cleanly(page, served_site: str, path: str) -> None:
    """No console error and no request outside the site (checked by the fixture)."""
    p, _ = page
    p.goto(served_site + path)
    p.wait_for_load_state("networkidle")
    expect(p.locator("h1").first).to_be_visible()
