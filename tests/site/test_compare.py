"""Compare: the address holds the choice, the columns come from one small file per sheet."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import VALID, build_copy, serve
from helpers import keys_around_an_edit
from playwright.sync_api import Browser, Page, expect
from test_explorer import CLS, LAYOUT_SHIFT
from test_explorer_pages import add_sheets, assert_page_links, catalogue_of

from generator.model import Catalogue
from generator.site.compare import PAGE_SIZE, compare_pages, sheet_facts
from generator.site.render.urls import innovation_url

IDS = ["relais-mobilite-test", "atelier-des-possibles", "cooperative-emploi-test"]


def test_one_small_file_per_sheet_and_no_file_with_the_whole_catalogue(
    fixture_site: Path,
) -> None:
    files = sorted((fixture_site / "comparer" / "fiches").glob("*.json"))
    assert [f.stem for f in files] == sorted(IDS)
    facts = json.loads((fixture_site / "comparer" / "fiches" / f"{IDS[1]}.json").read_text())
    assert facts["nom"] == "Atelier des possibles"
    assert all(set(c) >= {"libelle", "valeur", "unite"} for c in facts["chiffres"])


def test_the_compare_address_round_trips_and_shows_three_sheets(
    browser: Browser, served_site: str
) -> None:
    page = browser.new_page()
    page.goto(f"{served_site}comparer/?ids={','.join(IDS)}")
    heads = page.locator("table.comparaison thead th a")
    expect(heads).to_have_count(3)
    expect(heads.first).to_have_text("Relais mobilité de test")
    assert page.url.endswith("?ids=" + ",".join(IDS))
    rows = page.locator("table.comparaison tbody th").all_inner_texts()
    assert {"Pour qui", "Ce qu’elle coûte", "Niveau de preuve", "Chiffres"} <= set(rows)

    # a fourth cannot be added; removing one frees a place and the address follows
    expect(page.get_by_label("Ajouter une innovation")).to_be_disabled()
    page.get_by_role("button", name="Retirer Atelier des possibles").click()
    expect(heads).to_have_count(2)
    assert page.url.endswith(f"?ids={IDS[0]},{IDS[2]}")
    page.get_by_label("Ajouter une innovation").select_option(IDS[1])
    page.get_by_role("button", name="Ajouter").click()
    expect(heads).to_have_count(3)
    assert page.url.endswith(f"?ids={IDS[0]},{IDS[2]},{IDS[1]}")

    # the address sent by e-mail opens the same choice
    other = browser.new_page()
    other.goto(page.url)
    expect(other.locator("table.comparaison thead th a")).to_have_text(
        ["Relais mobilité de test", "Coopérative d’emploi de test", "Atelier des possibles"]
    )
    other.close()
    page.close()


def test_the_comparison_writes_each_figure_with_its_unit(
    browser: Browser, served_site: str
) -> None:
    page = browser.new_page()
    page.goto(f"{served_site}comparer/?ids={IDS[1]}")
    figures = page.locator("table.comparaison tbody tr", has_text="Chiffres").locator("li")
    expect(figures.first).to_be_visible()
    texts = figures.all_inner_texts()
    assert any(t.startswith("participants aux ateliers en 2018 : 120 personnes (") for t in texts)
    assert any(t.startswith("coût d’un parcours d’atelier : 330 euros (") for t in texts)
    # dates as the sheet writes them, never as stored (2019-06)
    assert not any(re.search(r"\b\d{4}-\d{2}\b", t) for t in texts), texts
    assert any(
        re.search(
            r"\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b",
            t,
        )
        for t in texts
    ), texts
    page.close()


# Cells of the page's tables that lie, even partly, outside the screen (a phone's 390 px).
OFF_SCREEN = """() => [...document.querySelectorAll(
    "table.comparaison :is(th, td), table.faits-cles tbody :is(th, td)")]
  .filter((c) => { const r = c.getBoundingClientRect();
    return r.width > 0 && (r.left < 0 || r.right > innerWidth); })
  .map((c) => c.textContent.trim().slice(0, 40))"""


def test_on_a_phone_the_comparison_reads_without_scrolling_sideways(
    browser: Browser, served_site: str
) -> None:
    """At 390 px nothing is cut off to the side: under each criterion, each innovation's answer
    comes under its name, one below the other; the key-facts table stacks the same way."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{served_site}comparer/?ids={IDS[1]},{IDS[0]}")
    expect(page.locator("table.comparaison thead th a")).to_have_count(2)
    assert page.evaluate(OFF_SCREEN) == []
    first_row = page.locator("table.comparaison tbody tr").first.locator("td")
    names = first_row.evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert names == ['"Atelier des possibles"', '"Relais mobilité de test"']
    context.close()


def test_a_figure_in_another_unit_has_no_unit_in_the_comparison(tmp_path: Path) -> None:
    """« autre » is no unit to write after a value: the figure's libellé says what it counts."""
    catalogue = catalogue_of(tmp_path, 0)
    sheet = catalogue.innovations[IDS[1]]
    sheet.chiffres.append(replace(sheet.chiffres[0], indicateur="autre", unite="autre"))
    facts = sheet_facts(sheet)["chiffres"]
    assert [(c["unite"], c["indicateur"]) for c in facts][-1] == ("", "")
    assert facts[0]["unite"] == "personnes"


def test_without_javascript_an_unknown_number_of_sites_or_figures_reads_non_renseigne(
    tmp_path: Path,
) -> None:
    """The coopérative's sheet lists no site and no figure: both are unknown, not 0."""
    (html,) = compare_pages_of(catalogue_of(tmp_path, 0), PAGE_SIZE).values()
    rows = {
        ident: re.findall(r"<td[^>]*>([^<]*)</td>", row)
        for ident, row in re.findall(r'<tr data-id="([^"]+)">(.*?)</tr>', html)
    }
    assert rows["cooperative-emploi-test"][-2:] == ["non renseigné", "non renseigné"]
    assert rows["atelier-des-possibles"][-2:] == ["2", "3"]


def test_a_sheet_links_to_the_comparison_and_without_javascript_a_table_shows_every_sheet(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}innovations/{IDS[1]}/")
    page.get_by_role("link", name="Comparer avec d’autres innovations").click()
    page.wait_for_url(f"{served_site}comparer/?ids={IDS[1]}")
    expect(page.locator("table.faits-cles tbody tr")).to_have_count(3)
    expect(page.locator("[data-choix]")).to_be_hidden()
    context.close()


# --- Pages of the key-facts table -----------------------------------------------------------------
# Fixture catalogues made larger than a page by copying a sheet (as for the explorer's pages).


def compare_pages_of(catalogue: Catalogue, page_size: int) -> dict[str, str]:
    """{page URL: its HTML} for every page of the comparison."""
    return {
        page.path.removesuffix("index.md"): page.body().html
        for page in compare_pages(catalogue, page_size=page_size)
    }


def _rows(html: str) -> list[str]:
    """The links of the table's rows (one a sheet)."""
    return re.findall(r'<tr data-id="[^"]+"><th scope="row"><a href="([^"]+)">', html)


def _nav(html: str) -> str:
    found = re.findall(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert len(found) == 1
    label, links = found[0]
    assert label == "Pages du tableau des faits clés"
    return links


def _resolve(from_url: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(from_url, link)) + "/"


def test_without_javascript_the_table_pages_reach_every_innovation_once(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 20)  # 23 sheets, 4 a page: 6 pages
    pages = compare_pages_of(catalogue, 4)
    assert list(pages)[:3] == ["comparer/", "comparer/page/2/", "comparer/page/3/"]
    url, visited, reached = "comparer/", [], []
    while url:
        visited.append(url)
        html = pages[url]
        reached += [_resolve(url, link) for link in _rows(html)]
        following = re.findall(r'<a href="([^"]+)" rel="next">Page suivante</a>', html)
        url = _resolve(url, following[0]) if following else ""
    assert visited == list(pages) and len(visited) == 6
    assert reached == [innovation_url(i.id) for i in catalogue.innovations_sorted()]
    numbered = {_resolve(visited[-1], link) for link in re.findall(r'href="([^"]+)"', _nav(html))}
    numbered |= {
        _resolve("comparer/", link)
        for link in re.findall(r'href="([^"]+)"', _nav(pages["comparer/"]))
    }
    assert numbered == set(pages)


def test_each_compare_page_lists_a_bounded_number_of_rows(tmp_path: Path) -> None:
    """A catalogue twice as large makes twice as many pages, not larger ones; the script and
    its select are filled from the page, so no page holds the whole catalogue."""
    small, large = catalogue_of(tmp_path, 20), catalogue_of(tmp_path, 45)
    small_pages, large_pages = compare_pages_of(small, 2), compare_pages_of(large, 2)
    assert len(small_pages) == 12 and len(large_pages) == 24
    for html in [*small_pages.values(), *large_pages.values()]:
        assert len(_rows(html)) <= 2
    assert max(map(len, large_pages.values())) < 1.02 * max(map(len, small_pages.values()))


def test_compare_page_links_are_french_and_accessible(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 20)
    pages = compare_pages_of(catalogue, 4)
    for number, html in enumerate(pages.values(), start=1):
        assert_page_links(_nav(html), number, 6)
        first, last = 4 * (number - 1) + 1, min(4 * number, 23)
        assert f"<h2>Les faits clés des innovations {first} à {last} sur 23</h2>" in html
    titles = [page.title for page in compare_pages(catalogue, page_size=4)]
    assert titles[0] == "Comparer des innovations"
    assert titles[2] == "Comparer des innovations, page 3 sur 6"


def test_a_catalogue_within_one_page_has_one_compare_page_without_links(tmp_path: Path) -> None:
    catalogue = catalogue_of(tmp_path, 0)
    (html,) = compare_pages_of(catalogue, PAGE_SIZE).values()
    assert 'class="pagination"' not in html
    assert len(_rows(html)) == len(catalogue.innovations)
    assert "<h2>Les faits clés de toutes les innovations</h2>" in html


def test_an_edit_rebuilds_the_compare_page_that_lists_the_sheet_only(tmp_path: Path) -> None:
    """Each page of the table is keyed by its rows: editing a sheet changes the key of the page
    whose table lists it, not the other pages' (the preview rebuilds that page only)."""
    before, after = keys_around_an_edit(
        tmp_path,
        f"innovations/{IDS[1]}.yml",  # the first by name: page 1
        lambda path: path.startswith("comparer/") and path.endswith(".md"),
        compare_page_size=1,
    )
    assert len(before) == 3 and "comparer/page/3/index.md" in before
    assert sorted(before) == sorted(after)
    assert [path for path in before if before[path] != after[path]] == ["comparer/index.md"]


# --- In the browser, with the page size the site ships with ---------------------------------------

SHEETS = PAGE_SIZE + 3  # two pages: page 2 lists « Essai numéro 49 », « … 50 » and the Relais


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("paged-compare")
    site = build_copy(VALID, base, edit=lambda content: add_sheets(content, SHEETS - 3))
    with serve(site, base) as url:
        yield url


def _watched(browser: Browser, served: str, **options) -> tuple[Page, list[str]]:
    """A page whose console errors, failed requests and requests outside the site end in the
    list returned."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(served))
    page = browser.new_context(**options).new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    page.on(
        "request",
        lambda r: None if r.url.startswith((origin, "data:")) else problems.append(r.url),
    )
    return page, problems


@pytest.mark.parametrize("width", [390, 1280])
def test_the_choice_in_the_address_works_from_a_later_page(
    browser: Browser, paged_site: str, width: int
) -> None:
    page, problems = _watched(browser, paged_site, viewport={"width": width, "height": 900})
    page.goto(f"{paged_site}comparer/page/2/?ids=atelier-des-possibles,inconnue")
    heads = page.locator("table.comparaison thead th a")
    expect(heads).to_have_text(["Atelier des possibles"])  # listed on page 1; unknown id dropped
    assert urlsplit(page.url).query == "ids=atelier-des-possibles"
    assert urlsplit(page.url).path == "/depot/comparer/page/2/"
    # The list offers this page's rows, not the whole catalogue.
    choices = page.get_by_label("Ajouter une innovation").locator("option").all_inner_texts()
    assert choices == ["Choisir…", "Essai numéro 49", "Essai numéro 50", "Relais mobilité de test"]
    page.get_by_label("Ajouter une innovation").select_option("relais-mobilite-test")
    page.get_by_role("button", name="Ajouter").click()
    expect(heads).to_have_text(["Atelier des possibles", "Relais mobilité de test"])
    assert urlsplit(page.url).query == "ids=atelier-des-possibles,relais-mobilite-test"
    # The links to the other pages keep the choice.
    page.get_by_role("link", name="Page précédente").click()
    expect(heads).to_have_text(["Atelier des possibles", "Relais mobilité de test"])
    assert urlsplit(page.url).path == "/depot/comparer/"
    assert urlsplit(page.url).query == "ids=atelier-des-possibles,relais-mobilite-test"
    expect(page.locator("[aria-current=page]")).to_have_accessible_name("Page 1")
    options = page.get_by_label("Ajouter une innovation").locator("option")
    expect(options).to_have_count(1 + PAGE_SIZE - 1)  # page 1's rows but the one chosen
    page.context.close()
    assert problems == [f"404 {paged_site}comparer/fiches/inconnue.json"]


def test_without_javascript_a_later_page_shows_its_rows_and_links(
    browser: Browser, paged_site: str
) -> None:
    page, problems = _watched(
        browser, paged_site, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page.goto(f"{paged_site}comparer/")
    expect(page.locator("table.faits-cles tbody tr")).to_have_count(PAGE_SIZE)
    expect(page.locator("[data-choix]")).to_be_hidden()
    expect(page.locator("[data-colonnes]")).to_be_hidden()
    page.get_by_role("link", name="Page suivante").click()
    assert urlsplit(page.url).path == "/depot/comparer/page/2/"
    expect(page.locator("table.faits-cles tbody th")).to_have_text(
        ["Essai numéro 49", "Essai numéro 50", "Relais mobilité de test"]
    )
    expect(page.locator("h1")).to_have_text("Comparer des innovations")
    page.context.close()
    assert problems == []


def test_opening_the_compare_page_moves_nothing_and_axe_finds_no_serious_violation(
    browser: Browser, paged_site: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, problems = _watched(browser, paged_site, viewport={"width": 390, "height": 844})
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(f"{paged_site}comparer/page/2/")
    expect(page.get_by_label("Ajouter une innovation").locator("option")).to_have_count(4)
    page.wait_for_timeout(300)  # a late shift would come now
    assert page.evaluate(CLS) < 0.01
    page.goto(f"{paged_site}comparer/page/2/?ids=atelier-des-possibles,relais-mobilite-test")
    expect(page.locator("table.comparaison thead th a")).to_have_count(2)
    violations = Axe().run(page).response["violations"]
    severe = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert severe == []
    page.context.close()
    assert problems == []
