"""French search as a reader types it: a table of queries and the sheets each must (and must not)
find, run in Chromium against the built index, through the explorer's own query normalisation
(assets/recherche.js), on a fixture catalogue (tests/fixtures/valid and tests/fixtures/recherche).

The same table runs against the index in one bundle and split into three (search.py), whose
vocabulary pages must follow what the sheets index.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import ROOT, VALID, build_copy, explorer_answer, pagefind_search, serve
from playwright.sync_api import Browser, Page

from generator.site.search import index_site, sheet_pages

SEARCH_FIXTURES = ROOT / "tests" / "fixtures" / "recherche" / "innovations"

# The fixture's sheets, by their id (tests/fixtures/valid and tests/fixtures/recherche).
POSSIBLES = "atelier-des-possibles"  # « ateliers », public « Seniors », several régions
COOPERATIVE = "cooperative-emploi-test"  # a carrier of type EBE, in the Cher
RELAIS = "relais-mobilite-test"  # theme « Mobilité », a carrier of type ACI, in Ajaccio
GARDIENS = "gardiens-test"  # « parcours d’insertion », « gardien d’immeuble », SIAE written out
EXPERIMENTATION = "experimentation-test"  # « L’expérimentation », TZCLD and EBE written out
QUARTIERS = "quartiers-test"  # QPV, EBE, TZCLD as sigles, « l'accompagnement » typed with '
RESEAU = "reseau-essaimage-test"  # « essaimage », « essentiel », « gestion »: not sigles
ECONOMIE = "economie-solidaire-test"  # « économie sociale et solidaire »; ESAT only in a source
ATELIER = "atelier-insertion-test"  # « L’Atelier d’insertion de test », a carrier of type ACI

# (what the reader types, sheets it must find, sheets it must not find)
QUERIES: list[tuple[str, set[str], set[str]]] = [
    # Elided words, found by their word whatever the apostrophe, in the text and in the title.
    ("expérimentation", {EXPERIMENTATION}, {GARDIENS, QUARTIERS}),
    ("immeuble", {GARDIENS}, {EXPERIMENTATION, ATELIER}),
    ("insertion", {GARDIENS, ATELIER}, {RESEAU, ECONOMIE}),
    ("accompagnement", {QUARTIERS}, {GARDIENS, RESEAU}),
    ("essentiel", {RESEAU}, {GARDIENS}),
    ("atelier", {ATELIER, POSSIBLES}, {GARDIENS, QUARTIERS}),
    # A query typed with an elision, with either apostrophe.
    ("l'insertion", {GARDIENS, ATELIER}, {RESEAU, ECONOMIE}),
    ("l’expérimentation", {EXPERIMENTATION}, {GARDIENS, QUARTIERS}),
    ("d’immeuble", {GARDIENS}, {EXPERIMENTATION, ATELIER}),
    ("gardien d'immeuble", {GARDIENS}, {ATELIER, QUARTIERS}),
    ("parcours d’insertion", {GARDIENS}, {ATELIER, RESEAU}),
    ("L’Atelier", {ATELIER, POSSIBLES}, {GARDIENS}),
    # Accents and plurals, as before.
    ("experimentation", {EXPERIMENTATION}, {GARDIENS}),
    ("immeubles", {GARDIENS}, {EXPERIMENTATION}),
    ("formations", {POSSIBLES}, {GARDIENS, RESEAU}),
    ("Économie", {ECONOMIE}, {RESEAU}),
    # Sigles find the sheets that write them out, and the other way round.
    ("TZCLD", {EXPERIMENTATION, QUARTIERS}, {GARDIENS, COOPERATIVE}),
    ("tzcld", {EXPERIMENTATION, QUARTIERS}, {GARDIENS, COOPERATIVE}),
    ("zéro chômeur", {EXPERIMENTATION, QUARTIERS}, {GARDIENS, COOPERATIVE}),
    ("EBE", {EXPERIMENTATION, QUARTIERS, COOPERATIVE}, {GARDIENS, RESEAU}),
    ("entreprises à but d'emploi", {EXPERIMENTATION, QUARTIERS, COOPERATIVE}, {GARDIENS}),
    ("QPV", {QUARTIERS}, {EXPERIMENTATION, GARDIENS}),
    ("quartier prioritaire", {QUARTIERS}, {EXPERIMENTATION, GARDIENS}),
    ("SIAE", {GARDIENS}, {ATELIER, QUARTIERS}),
    ("IAE", {GARDIENS}, {ATELIER, QUARTIERS}),
    ("insertion par l’activité économique", {GARDIENS}, {ATELIER, QUARTIERS}),
    ("GES", {GARDIENS}, {RESEAU}),  # not « gestion »
    ("groupe économique solidaire", {GARDIENS}, {RESEAU}),
    ("ESS", {ECONOMIE}, {RESEAU}),  # not « essaimage », « essentiel »
    ("ess", {ECONOMIE}, {RESEAU}),
    ("ACI", {ATELIER, RELAIS}, {GARDIENS, QUARTIERS}),
    ("chantier d’insertion", {ATELIER, RELAIS}, {GARDIENS}),
    ("DELD", {EXPERIMENTATION, POSSIBLES, COOPERATIVE}, {GARDIENS, ECONOMIE}),
    # Only what is indexed: a sigle cited in a source does not make the sheet about it.
    ("ESAT", set(), {ECONOMIE}),
    # Theme, public and territory labels.
    ("mobilité", {RELAIS}, {GARDIENS}),
    ("création d’activité", {RESEAU}, {GARDIENS, ECONOMIE}),
    ("seniors", {POSSIBLES}, {GARDIENS, COOPERATIVE}),
    ("jeunes", {ECONOMIE}, {GARDIENS}),
    ("demandeurs d’emploi de longue durée", {EXPERIMENTATION, COOPERATIVE}, {ECONOMIE}),
    ("Corse", {RELAIS, QUARTIERS, ATELIER}, {COOPERATIVE, EXPERIMENTATION}),
    ("Centre-Val de Loire", {COOPERATIVE, EXPERIMENTATION, ECONOMIE}, {RELAIS, ATELIER}),
    ("Deux-Sèvres", {GARDIENS, RESEAU}, {COOPERATIVE, ECONOMIE}),
    # What every sheet shows is not what a sheet is about: the sheet's frame (section titles,
    # « non renseigné » in place of what is unknown) is not indexed.
    ("renseigné", set(), {RESEAU, ECONOMIE, QUARTIERS}),
    ("lancer", set(), {RESEAU, ECONOMIE, QUARTIERS}),
    # Words together: every one counts.
    ("insertion Corse", {ATELIER}, {GARDIENS}),
    ("EBE Corse", {QUARTIERS}, {EXPERIMENTATION, COOPERATIVE}),
]

_NORMALISE = """
async ([base, typed]) => (await import(base + "assets/recherche.js")).requete(typed)
"""


_EXCERPT = """
async ([base, typed]) => {
  // One bundle: its pagefind.js searches the whole index.
  const recherche = await import(base + "assets/recherche.js");
  const pagefind = await import(base + "pagefind/0/pagefind.js");
  await pagefind.options({ baseUrl: new URL(base).pathname, noWorker: true });
  const search = await pagefind.search(await recherche.requete(typed));
  const data = await search.results[0].data();
  return recherche.extrait(data.excerpt);
}
"""


def _add_search_sheets(content: Path) -> None:
    for sheet in SEARCH_FIXTURES.glob("*.yml"):
        shutil.copy(sheet, content / "innovations" / sheet.name)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The fixture catalogue indexed in one bundle and in three, served under /depot/."""
    one = build_copy(VALID, tmp_path_factory.mktemp("recherche-un"), edit=_add_search_sheets)
    index_site(one, sheet_pages(one))
    three = tmp_path_factory.mktemp("recherche-trois") / "site"
    shutil.copytree(one, three)
    index_site(three, sheet_pages(three), bundle_pages=3)
    assert len(list((three / "pagefind").glob("*/pagefind.js"))) == 3
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(serve(site, tmp_path_factory.mktemp(f"servi-{name}")))
            for name, site in (("un", one), ("trois", three))
        }


@pytest.fixture(scope="module")
def pages(browser: Browser, sites: dict[str, str]) -> Iterator[dict[str, Page]]:
    """One page per index, kept for every query (Pagefind loads once); no console error and no
    request outside the site."""
    context = browser.new_context()
    errors: list[str] = []
    foreign: list[str] = []
    out = {}
    for name, base in sites.items():
        page = context.new_page()
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request", lambda r, o=origin: None if r.url.startswith(o) else foreign.append(r.url)
        )
        out[name] = page
    yield out
    context.close()
    assert errors == [], errors
    assert foreign == [], f"requêtes hors du site : {foreign}"


def _found(page: Page, base: str, typed: str) -> list[str]:
    """The ids of the sheets a reader's query finds, as the explorer asks Pagefind."""
    if not page.url.startswith(base):
        page.goto(base + "methode/")
    query = page.evaluate(_NORMALISE, [base, typed])
    results = pagefind_search(page, base, query)["results"]
    return [r["url"].rstrip("/").rsplit("/", 1)[-1] for r in results]


@pytest.mark.parametrize("bundles", ["un", "trois"])
@pytest.mark.parametrize(("typed", "must", "must_not"), QUERIES, ids=[q[0] for q in QUERIES])
def test_a_query_finds_the_sheets_a_reader_expects(
    pages: dict[str, Page],
    sites: dict[str, str],
    bundles: str,
    typed: str,
    must: set[str],
    must_not: set[str],
) -> None:
    found = set(_found(pages[bundles], sites[bundles], typed))
    assert must <= found, f"« {typed} » ne trouve pas {sorted(must - found)}"
    assert not (must_not & found), f"« {typed} » trouve aussi {sorted(must_not & found)}"


def test_the_table_is_wide_enough() -> None:
    assert len(QUERIES) >= 30
    every_sheet = {POSSIBLES, COOPERATIVE, RELAIS, GARDIENS, EXPERIMENTATION}
    every_sheet |= {QUARTIERS, RESEAU, ECONOMIE, ATELIER}
    assert {s for _, must, _ in QUERIES for s in must} == every_sheet


def test_results_keep_the_title_as_written(pages: dict[str, Page], sites: dict[str, str]) -> None:
    """The index splits « L’Atelier » into words; the result still reads « L’Atelier »."""
    for name, base in sites.items():
        page = pages[name]
        _found(page, base, "atelier")
        results = pagefind_search(page, base, "insertion")["results"]
        titles = {r["title"] for r in results}
        assert "L’Atelier d’insertion de test" in titles, (name, titles)


def test_facets_keep_their_labels_as_written(pages: dict[str, Page], sites: dict[str, str]) -> None:
    """The explorer's facets (Pagefind's filters) read « Demandeurs d’emploi », as the sheets."""
    for name, base in sites.items():
        filters = pagefind_search(pages[name], base, None)["filters"]
        assert "Demandeurs d’emploi de longue durée" in filters["public"], (name, filters)
        assert "Création d’activité" in filters["thematique"], (name, filters)
        assert not [v for values in filters.values() for v in values if "'" in v], filters


def test_excerpts_keep_the_apostrophe_as_written(
    pages: dict[str, Page], sites: dict[str, str]
) -> None:
    """The excerpt under a result reads « gardien d’immeuble », as the sheet does."""
    page, base = pages["un"], sites["un"]
    _found(page, base, "immeuble")
    excerpt = page.evaluate(_EXCERPT, [base, "immeuble"])
    assert "gardien <mark>d’immeuble" in excerpt, excerpt
    assert "'" not in excerpt, excerpt


def test_sorted_by_name_the_split_index_keeps_the_order(
    pages: dict[str, Page], sites: dict[str, str]
) -> None:
    """Facets alone list the sheets by name, across bundles too, titles with ’ included."""
    orders = {}
    for name, base in sites.items():
        found = pagefind_search(pages[name], base, "toutesfiches", {"sort": {"nom": "asc"}})
        orders[name] = [r["title"] for r in found["results"]]
    assert len(orders["un"]) == 9
    assert orders["trois"] == orders["un"]
    assert orders["un"].index("L’Atelier d’insertion de test") > orders["un"].index(
        "Gardiens de test"
    )


def test_the_explorer_searches_what_the_reader_typed(
    browser: Browser, sites: dict[str, str]
) -> None:
    """In the explorer: an elided query finds the sheet, the address keeps what was typed."""
    context = browser.new_context()
    page = context.new_page()
    base = sites["trois"]
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(origin) else foreign.append(r.url))
    answer = explorer_answer(page, base, "q=" + quote("l’immeuble"))
    assert answer["titles"] == ["Gardiens de test"]
    answer = explorer_answer(page, base, "q=ess")
    assert answer["titles"] == ["Économie solidaire de test"]
    assert "q=" + quote("ess") in page.url
    context.close()
    assert foreign == [], f"requêtes hors du site : {foreign}"
