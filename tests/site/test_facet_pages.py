"""Pages by theme and by public (`thematiques/<code>/`, `publics/<code>/`):
the labels on each sheet and the home page's ways in lead there, so that they work without
JavaScript; with it, they lead to the filtered explorer (tested in test_sheet_guide.py)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import VALID
from helpers import keys_around_an_edit
from playwright.sync_api import Browser, expect
from test_explorer_pages import catalogue_of

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue, label
from generator.schema import vocabulary
from generator.site.render.facet_pages import KINDS, facet_pages
from generator.site.render.urls import facet_url, innovation_url


def _resolve(from_url: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(from_url, link)) + "/"


def _having(catalogue: Catalogue, facet: str) -> dict[str, list[str]]:
    """{code: names of the sheets having it, by name}, in the vocabulary's order."""
    found: dict[str, list[str]] = {code: [] for code in vocabulary(facet)}
    for innovation in catalogue.innovations_sorted():
        codes = innovation.thematiques if facet == "thematique" else innovation.publics
        for code in dict.fromkeys(codes):
            found[code].append(innovation.nom)
    return {code: names for code, names in found.items() if names}


def test_each_value_page_lists_its_sheets_by_name_and_links_to_the_next(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 9)  # 12 sheets; the copies share one theme and public
    pages = {
        page.path.removesuffix("index.md"): page.body().html
        for page in facet_pages(catalogue, page_size=4)
    }
    urls = {innovation_url(i.id): i.nom for i in catalogue.innovations.values()}
    for kind in KINDS:
        expected = _having(catalogue, kind.facet)
        listed = pages[kind.url]
        links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <small>(\d+)</small></li>', listed)
        assert [(_resolve(kind.url, href), name, int(n)) for href, name, n in links] == [
            (facet_url(kind.facet, code), label(kind.facet, code), len(names))
            for code, names in expected.items()
        ]
        for code, names in expected.items():
            url, reached, numbers = facet_url(kind.facet, code), [], 0
            while url:
                html = pages[url]
                numbers += 1
                title = re.search(r"<h1>(.*?)</h1>", html)
                assert title and title.group(1).endswith(f" : {label(kind.facet, code)}")
                shown = re.findall(r'<h3><a href="([^"]+)">', html)
                assert len(shown) <= 4
                reached += [urls[_resolve(url, href)] for href in shown]
                following = re.findall(r'<a href="([^"]+)" rel="next">Page suivante</a>', html)
                url = _resolve(url, following[0]) if following else ""
            assert reached == names
            assert numbers == -(-len(names) // 4)
    assert max(len(names) for names in _having(catalogue, "thematique").values()) > 4


def test_an_edit_changes_the_value_pages_that_show_the_sheet_only(tmp_path: Path) -> None:
    sheet = "innovations/atelier-des-possibles.yml"
    before, after = keys_around_an_edit(
        tmp_path,
        sheet,
        lambda path: path.startswith(("thematiques/", "publics/")),
        explorer_page_size=1,
    )
    assert sorted(before) == sorted(after)
    changed = sorted(path for path in before if before[path] != after[path])
    result = validate_content(VALID)
    innovation = build_catalogue(result.content).innovations["atelier-des-possibles"]
    # one page per theme and public of the sheet (one sheet a page): the one that shows it
    assert len(changed) == len(innovation.thematiques) + len(innovation.publics)
    assert {path.split("/")[1] for path in changed} == {
        *innovation.thematiques,
        *innovation.publics,
    }


def _catalogue() -> Catalogue:
    result = validate_content(VALID)
    assert result.ok
    return build_catalogue(result.content)


def test_without_javascript_the_labels_and_ways_in_list_the_sheets_of_their_value(
    browser: Browser, served_site: str
) -> None:
    catalogue = _catalogue()
    themes, publics = _having(catalogue, "thematique"), _having(catalogue, "public")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for facet, having in (("thematique", themes), ("public", publics)):
        page.goto(served_site + "innovations/atelier-des-possibles/")
        pill = page.locator(f".en-bref a.etiquette[data-pagefind-filter='{facet}']").first
        name = pill.inner_text()
        pill.click()
        code = urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1]
        assert urlsplit(page.url).path == "/depot/" + facet_url(facet, code)
        assert label(facet, code) == name
        expect(page.locator("h1")).to_have_text(re.compile(f" : {re.escape(name)}$"))
        expect(page.locator("ol.liste-innovations h3 a")).to_have_text(having[code])
        # the link to the filtered explorer needs JavaScript: not shown without it
        expect(page.get_by_role("link", name="Chercher parmi elles")).to_be_hidden()
    # the home page's ways in, with the count they show
    page.goto(served_site)
    ways = page.locator("#titre-publics + ul.entrees li")
    expect(ways).to_have_count(len(publics))
    way = ways.last
    count = int(way.locator("small").inner_text())
    way.locator("a").click()
    expect(page.locator("ol.liste-innovations > li")).to_have_count(count)
    # the explorer leads to the lists of themes and publics, which lead to every value's page
    page.goto(served_site + "innovations/")
    page.get_by_role("link", name="par thématique").click()
    expect(page.locator("h1")).to_have_text("Les innovations par thématique")
    expect(page.locator("ul.entrees a")).to_have_text([label("thematique", c) for c in themes])
    context.close()


def test_with_javascript_the_home_ways_in_open_the_filtered_explorer(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(served_site)
    way = page.locator("#titre-themes + ul.entrees a").first
    name = way.inner_text()
    way.click()
    page.wait_for_url(re.compile(r"/innovations/\?"))
    assert parse_qs(urlsplit(page.url).query) == {"thematique": [name]}
    expect(page.locator("[data-explorateur][data-pret]")).to_have_count(1)
    context.close()
