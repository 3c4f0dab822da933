"""The explorer's pages: without JavaScript, `innovations/` lists one page of sheets by name and
links to the others (`innovations/page/2/`…), so that every sheet is reached while no page
embeds the whole catalogue. Fixture catalogues made larger than a page by copying a sheet."""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import VALID, build_copy, serve
from playwright.sync_api import Browser, Page, expect

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.site.render.explorer import PAGE_SIZE, explorer_pages
from generator.site.render.pagination import AROUND, page_numbers
from generator.site.render.urls import innovation_url

BASE_SHEET = "cooperative-emploi-test"


def add_sheets(content: Path, count: int) -> None:
    """`count` more valid sheets, « Essai numéro 01 »…, copies of one fixture sheet."""
    text = (content / "innovations" / f"{BASE_SHEET}.yml").read_text(encoding="utf-8")
    for k in range(1, count + 1):
        copy = text.replace(f"id: {BASE_SHEET}", f"id: essai-{k:02}").replace(
            'nom: "Coopérative d’emploi de test"', f'nom: "Essai numéro {k:02}"'
        )
        assert copy != text
        (content / "innovations" / f"essai-{k:02}.yml").write_text(copy, encoding="utf-8")


def catalogue_of(tmp_path: Path, extra: int) -> Catalogue:
    content = tmp_path / f"content-{extra}"
    shutil.copytree(VALID, content)
    add_sheets(content, extra)
    result = validate_content(content)
    assert result.ok, [str(d) for d in result.diagnostics]
    return build_catalogue(result.content)


def pages_of(catalogue: Catalogue, page_size: int) -> dict[str, str]:
    """{page URL: its HTML} for every page of the explorer."""
    return {
        page.path.removesuffix("index.md"): page.body().html
        for page in explorer_pages(catalogue, page_size=page_size)
    }


def _static(html: str) -> str:
    """The list part of the page (what a reader without JavaScript reads)."""
    return html[html.index("data-static>") :]


def _sheet_links(html: str) -> list[str]:
    return re.findall(r'<h3><a href="([^"]+)">', _static(html))


def _nav(html: str) -> str:
    found = re.findall(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert len(found) == 1
    label, links = found[0]
    assert label == "Pages de la liste des innovations"
    return links


def _resolve(from_url: str, link: str) -> str:
    resolved = posixpath.normpath(posixpath.join(from_url, link))
    return resolved + "/"


def test_without_javascript_the_next_links_reach_every_sheet_once_by_name(
    tmp_path: Path,
) -> None:
    catalogue = catalogue_of(tmp_path, 20)  # 23 sheets, 4 a page: 6 pages
    pages = pages_of(catalogue, 4)
    assert len(pages) == 6
    url, visited, reached = "innovations/", [], []
    while url:
        visited.append(url)
        html = pages[url]
        reached += [_resolve(url, link) for link in _sheet_links(html)]
        following = re.findall(r'<a href="([^"]+)" rel="next">Page suivante</a>', html)
        url = _resolve(url, following[0]) if following else ""
    assert visited == list(pages)
    assert reached == [innovation_url(i.id) for i in catalogue.innovations_sorted()]
    # The numbers reach every page too, from the first one, then from the last one.
    numbered = {
        _resolve("innovations/", link)
        for link in re.findall(r'href="([^"]+)"', _nav(pages["innovations/"]))
    }
    last = visited[-1]
    numbered |= {_resolve(last, link) for link in re.findall(r'href="([^"]+)"', _nav(pages[last]))}
    assert numbered == set(pages)


def assert_page_links(nav: str, number: int, last: int) -> None:
    """The page links of page `number` of `last`: the current page marked, French names, the
    first and last pages, a bounded count of numbers, previous and next where they exist."""
    current = re.findall(r'<a href="([^"]+)" aria-current="page">(.*?)</a>', nav)
    assert current == [("./", f'<span class="visuellement-cache">Page </span>{number}')]
    names = [re.sub(r"<[^>]+>", "", name) for name in re.findall(r"<a [^>]*>(.*?)</a>", nav)]
    numbers = [name for name in names if name.startswith("Page ") and name[5:].isdigit()]
    assert numbers[0] == "Page 1" and numbers[-1] == f"Page {last}"
    assert len(numbers) <= 2 * AROUND + 3
    assert ("Page précédente" in names) == (number > 1)
    assert ("Page suivante" in names) == (number < last)


def test_page_links_are_french_and_accessible(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 20)
    pages = pages_of(catalogue, 4)
    for number, html in enumerate(pages.values(), start=1):
        nav = _nav(html)
        assert_page_links(nav, number, 6)
        if "…" in nav:
            assert '<li class="ellipse" aria-hidden="true">…</li>' in nav
        heading = re.search(r'<h2 class="compte" data-count aria-live="polite">(.*?)</h2>', html)
        first, shown = 4 * (number - 1) + 1, min(4 * number, 23)
        assert heading and heading.group(1) == (
            f"Innovations {first} à {shown} sur 23, par ordre alphabétique"
        )
    titles = [page.title for page in explorer_pages(catalogue, page_size=4)]
    assert titles[0] == "Les innovations" and titles[2] == "Les innovations, page 3 sur 6"


def test_each_page_lists_a_bounded_number_of_sheets(tmp_path: Path) -> None:
    """A catalogue twice as large makes twice as many pages, not larger ones."""
    small, large = catalogue_of(tmp_path, 20), catalogue_of(tmp_path, 45)
    small_pages, large_pages = pages_of(small, 4), pages_of(large, 4)
    assert len(large_pages) == 12 and len(small_pages) == 6
    for html in [*small_pages.values(), *large_pages.values()]:
        assert len(_sheet_links(html)) <= 4
    assert max(map(len, large_pages.values())) < 1.05 * max(map(len, small_pages.values()))


def test_a_catalogue_within_one_page_has_no_page_links(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 0)
    (html,) = pages_of(catalogue, PAGE_SIZE).values()
    assert 'class="pagination"' not in html
    assert len(_sheet_links(html)) == len(catalogue.innovations)
    assert ">Toutes les innovations, par ordre alphabétique</h2>" in html


def test_page_numbers_show_the_ends_and_the_neighbours() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 10) == [1, 2, 3, None, 10]
    assert page_numbers(5, 10) == [1, 2, 3, 4, 5, 6, 7, None, 10]  # a gap of one: its number
    assert page_numbers(6, 10) == [1, None, 4, 5, 6, 7, 8, 9, 10]
    assert page_numbers(50, 100) == [1, None, 48, 49, 50, 51, 52, None, 100]


# --- In the browser ------------------------------------------------------------------------------

SHEETS = PAGE_SIZE + 3  # two pages at the size the site ships with


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("paged")
    site = build_copy(
        VALID, base, edit=lambda content: add_sheets(content, SHEETS - 3), search=True
    )
    with serve(site, base) as url:
        yield url


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def test_without_javascript_the_pages_list_every_sheet(browser: Browser, paged_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(paged_site + "innovations/")
    names: list[str] = []
    while True:
        static = page.locator("[data-static]")
        expect(static).to_be_visible()
        names += static.locator("h3 a").all_inner_texts()
        following = static.get_by_role("link", name="Page suivante")
        if not following.count():
            break
        following.click()
    assert _path(page) == "/depot/innovations/page/2/"
    expect(page.locator("[aria-current=page]")).to_have_accessible_name("Page 2")
    assert len(names) == SHEETS == len(set(names))
    assert names[:3] == ["Atelier des possibles", "Coopérative d’emploi de test", "Essai numéro 01"]
    assert names[-1] == "Relais mobilité de test"
    page.get_by_role("link", name="Page précédente").click()
    assert _path(page) == "/depot/innovations/"
    context.close()
    # On a wide screen, the list takes the width the filters would share with it.
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(paged_site + "innovations/")
    width = page.evaluate(
        "document.querySelector('[data-static]').getBoundingClientRect().width"
        " / document.querySelector('.explorateur').getBoundingClientRect().width"
    )
    assert width > 0.9, width
    context.close()


def test_with_javascript_a_later_page_searches_the_whole_catalogue(
    browser: Browser, paged_site: str
) -> None:
    """On innovations/page/2/, a search covers every sheet, its state in the page's URL (a
    search that moved the URL to innovations/ would break the page's relative links); Back and
    « Tout effacer » come back to page 2's list."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(paged_site + "innovations/page/2/")
    expect(page.locator("[data-explorateur][data-pret]")).to_have_count(1)
    count = page.locator("[data-count]")
    expect(count).to_have_text(f"Innovations 51 à {SHEETS} sur {SHEETS}, par ordre alphabétique")
    box = page.get_by_label("Rechercher une innovation")
    box.fill("formation")
    box.press("Enter")
    expect(page.locator("[data-results] > li h3 a")).to_have_text(["Atelier des possibles"])
    assert _path(page) == "/depot/innovations/page/2/"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["formation"]}
    page.go_back()
    expect(page.locator("[data-static]")).to_be_visible()
    assert _path(page) == "/depot/innovations/page/2/"
    expect(count).to_have_text(f"Innovations 51 à {SHEETS} sur {SHEETS}, par ordre alphabétique")
    page.get_by_label("Mobilité").check()
    expect(page.locator("[data-results] > li h3 a")).to_have_text(["Relais mobilité de test"])
    assert parse_qs(urlsplit(page.url).query) == {"thematique": ["Mobilité"]}
    # The page's links still lead where they say (they are relative to the page's folder).
    page.get_by_role("link", name="Comparer des innovations côte à côte").click()
    expect(page.locator("h1")).to_have_text("Comparer des innovations")
    assert _path(page) == "/depot/comparer/"
    page.go_back()
    expect(page.locator("[data-results] > li h3 a")).to_have_text(["Relais mobilité de test"])
    page.get_by_role("button", name="Tout effacer").click()
    expect(page.locator("[data-static]")).to_be_visible()
    assert _path(page) == "/depot/innovations/page/2/" and urlsplit(page.url).query == ""
    # The facets' counts are the whole catalogue's, on every page.
    total = page.get_by_label("fiche à compléter").get_attribute("data-total")
    assert total == str(SHEETS - 1)
    assert errors == []
    context.close()
