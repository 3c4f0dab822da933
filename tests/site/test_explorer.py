"""The explorer as a reader uses it, in Debian's Chromium: results first, no layout shift, chips,
empty state, history, sorting, result cards, facets on a phone. Fixture catalogue, served under
/depot/ as GitHub Pages does; every test also checks that no request leaves the site and that
the console stays clean."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import pagefind_search, serve
from playwright.sync_api import Browser, Page, expect

from generator.site.render.facets import FACETS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"telephone": PHONE, "bureau": DESKTOP}
RESULTS = "[data-results] > li h3 a"

# Layout shifts as the browser reports them (Layout Instability API), summed like CLS's
# session windows: shifts within 1 s of each other, 5 s at most; the worst window counts.
# Shifts right after an input are not counted (as in CLS).
LAYOUT_SHIFT = """
window.__decalages = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__decalages.push([entry.startTime, entry.value]);
  }
}).observe({ type: "layout-shift", buffered: true });
"""
CLS = """() => {
  let worst = 0, sum = 0, first = -1, last = -1;
  for (const [t, v] of window.__decalages) {
    if (first < 0 || t - last > 1000 || t - first > 5000) { sum = 0; first = t; }
    sum += v; last = t; worst = Math.max(worst, sum);
  }
  return worst;
}"""


@pytest.fixture
def open_page(browser: Browser, served_site: str) -> Iterator:
    """open_page(viewport, javascript=True) -> Page; at the end, no console error and no
    request outside the site, in any page opened."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(served_site))
    errors: list[str] = []
    foreign: list[str] = []
    contexts = []

    def make(viewport: dict = DESKTOP, javascript: bool = True) -> Page:
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFT)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(origin) or r.url.startswith("data:")
                else foreign.append(r.url)
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], f"erreurs dans la console : {errors}"
    assert foreign == [], f"requêtes hors du site : {foreign}"


def _ready(page: Page) -> None:
    expect(page.locator("[data-explorateur][data-pret]")).to_have_count(1)


def _titles(page: Page) -> list[str]:
    return page.locator(RESULTS).all_inner_texts()


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _on_screen(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return scrollY === 0 && r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""",
        selector,
    )


@pytest.mark.parametrize("viewport", list(WIDTHS.values()), ids=list(WIDTHS))
def test_after_a_query_the_first_results_are_on_screen(open_page, served_site, viewport) -> None:
    page = open_page(viewport)
    page.goto(served_site + "innovations/")
    _ready(page)
    box = page.get_by_label("Rechercher une innovation")
    box.fill("emploi")
    box.press("Enter")
    expect(page.locator(RESULTS).first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    assert _on_screen(page, "[data-results] > li:first-child h3"), "premier résultat sous la ligne"
    assert _on_screen(page, "[data-results] > li:first-child .carte-infos")
    # The same from a shared link (the home page's search box lands here).
    page.goto(served_site + "innovations/?q=emploi")
    expect(page.locator(RESULTS).first).to_be_visible()
    assert _on_screen(page, "[data-results] > li:first-child h3")


@pytest.mark.parametrize("viewport", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize(
    "query", ["", "?q=emploi", "?thematique=Mobilit%C3%A9", "?q=formation&tri=annee"]
)
def test_loading_the_explorer_moves_nothing_on_screen(
    open_page, served_site, viewport, query
) -> None:
    page = open_page(viewport)
    page.goto(served_site + "innovations/" + query)
    _ready(page)
    if query:
        expect(page.locator(RESULTS).first).to_be_visible()
    page.wait_for_timeout(300)  # a late shift would come now
    assert page.evaluate(CLS) < 0.05, page.evaluate("window.__decalages")


def test_active_filters_are_chips_that_remove_them(open_page, served_site) -> None:
    page = open_page()
    page.goto(served_site + "innovations/?q=emploi&thematique=Mobilit%C3%A9")
    chips = page.locator("[data-chips]")
    expect(chips.get_by_role("button")).to_have_text(
        [
            "Effacer la recherche « emploi »×",
            "Retirer le filtre Thématique : Mobilité×",
            "Tout effacer",
        ]
    )
    expect(page.locator(RESULTS)).to_have_text(["Relais mobilité de test"])
    chips.get_by_role("button", name="Retirer le filtre Thématique : Mobilité").click()
    expect(page.locator(RESULTS)).not_to_have_count(1)
    assert "thematique" not in _query(page) and _query(page)["q"] == ["emploi"]
    expect(page.get_by_label("Mobilité")).not_to_be_checked()
    expect(page.locator("[data-count]")).to_be_focused()  # the reader lands on the new count
    page.get_by_label("Mobilité").check()
    chips.get_by_role("button", name="Tout effacer").click()
    expect(page.locator("[data-static]")).to_be_visible()
    expect(chips).to_be_hidden()
    expect(page.get_by_label("Rechercher une innovation")).to_have_value("")
    assert _query(page) == {}


def test_an_empty_result_names_the_filter_that_empties_it(open_page, served_site) -> None:
    page = open_page()
    page.goto(served_site + "innovations/?q=formation&thematique=Mobilit%C3%A9")
    empty = page.locator("[data-empty]")
    expect(page.locator("[data-count]")).to_have_text("Aucune innovation ne correspond.")
    expect(empty).to_contain_text("« Thématique : Mobilité »")
    expect(empty).to_contain_text("c’est ce filtre qui vide la liste")
    empty.get_by_role("button", name="Retirer le filtre « Thématique : Mobilité »").click()
    expect(page.locator(RESULTS)).to_have_text(["Atelier des possibles"])
    expect(empty).to_be_hidden()
    assert _query(page) == {"q": ["formation"]}
    # Two filters, each fine alone, that no sheet has together.
    page.goto(served_site + "innovations/?thematique=Mobilit%C3%A9&preuve=2+sur+5")
    expect(empty).to_contain_text("Le filtre « Thématique : Mobilité » vide la liste : sans lui")
    expect(empty).to_contain_text("Le filtre « Niveau de preuve : 2 sur 5 » vide la liste")
    # Words that no sheet holds.
    page.goto(served_site + "innovations/?q=motintrouvable")
    expect(empty).to_contain_text("Aucune fiche ne contient « motintrouvable »")
    empty.get_by_role("button", name="Effacer la recherche").click()
    expect(page.locator("[data-static]")).to_be_visible()


def test_each_search_is_a_history_entry_that_back_undoes(open_page, served_site) -> None:
    page = open_page()
    page.goto(served_site + "innovations/")
    _ready(page)
    box = page.get_by_label("Rechercher une innovation")
    box.fill("personnes")
    box.press("Enter")
    expect(page.locator(RESULTS)).to_have_count(3)
    page.get_by_label("Mobilité").check()
    expect(page.locator(RESULTS)).to_have_text(["Relais mobilité de test"])
    page.get_by_label("Trier par").select_option("nom")
    assert _query(page) == {"q": ["personnes"], "thematique": ["Mobilité"], "tri": ["nom"]}
    page.go_back()  # the sort undone
    expect(page.get_by_label("Trier par")).to_have_value("")
    assert _query(page) == {"q": ["personnes"], "thematique": ["Mobilité"]}
    page.go_back()  # the facet unchecked
    expect(page.get_by_label("Mobilité")).not_to_be_checked()
    expect(page.locator(RESULTS)).to_have_count(3)
    page.go_back()  # nothing asked: the full list, the box emptied
    expect(page.locator("[data-static]")).to_be_visible()
    expect(page.get_by_label("Rechercher une innovation")).to_have_value("")
    assert _query(page) == {}
    page.go_forward()
    expect(page.locator(RESULTS)).to_have_count(3)
    # Typing refines one entry rather than adding one per pause.
    page.goto(served_site + "innovations/")
    _ready(page)
    length = page.evaluate("history.length")
    box = page.get_by_label("Rechercher une innovation")
    for word in ("gar", "garag", "garages"):
        box.fill(word)
        page.wait_for_timeout(450)
    expect(page.locator(RESULTS)).to_have_text(["Relais mobilité de test"])
    assert page.evaluate("history.length") == length + 1


@pytest.mark.parametrize(
    ("tri", "titles"),
    [
        (
            "nom",
            ["Atelier des possibles", "Coopérative d’emploi de test", "Relais mobilité de test"],
        ),
        # Newest first; the sheet whose year is unknown comes last, not left out.
        (
            "annee",
            ["Relais mobilité de test", "Atelier des possibles", "Coopérative d’emploi de test"],
        ),
        (
            "preuve",
            ["Atelier des possibles", "Coopérative d’emploi de test", "Relais mobilité de test"],
        ),
    ],
)
def test_results_sort_by_name_year_and_evidence(open_page, served_site, tri, titles) -> None:
    page = open_page()
    page.goto(served_site + "innovations/?q=personnes")
    expect(page.locator(RESULTS)).to_have_count(3)
    page.get_by_label("Trier par").select_option(tri)
    expect(page.locator(RESULTS)).to_have_text(titles)
    assert _query(page)["tri"] == [tri]
    page.reload()
    expect(page.locator(RESULTS)).to_have_text(titles)
    expect(page.get_by_label("Trier par")).to_have_value(tri)


def test_result_cards_show_evidence_stage_territory_and_completeness(
    open_page, served_site
) -> None:
    page = open_page()
    page.goto(served_site + "innovations/?q=personnes&tri=nom")
    cards = page.locator("[data-results] > li .carte-infos")
    expect(cards).to_have_count(3)
    assert [c.locator("li").all_inner_texts() for c in cards.all()] == [
        [
            "Niveau de preuve : 2 sur 5",
            "Palier AIS#Emploi : Évaluation de la transposition",
            "Né à : Parthenay",
            "Fiche complète",
        ],
        ["Niveau de preuve : 1 sur 5", "Né à : Cher", "Fiche à compléter"],
        [
            "Niveau de preuve : non renseigné",
            "Palier AIS#Emploi : Étude de faisabilité",
            "Né à : Ajaccio",
            "Fiche à compléter",
        ],
    ]


def test_completeness_is_a_facet(open_page, served_site) -> None:
    page = open_page()
    page.goto(served_site + "innovations/")
    page.get_by_label("fiche à compléter").check()
    expect(page.locator(RESULTS)).to_have_text(
        ["Coopérative d’emploi de test", "Relais mobilité de test"]
    )
    assert _query(page) == {"completude": ["fiche à compléter"]}


def test_the_page_counts_are_pagefinds_counts(open_page, served_site) -> None:
    """The facets and counts the page shows before any search are those of the index."""
    page = open_page()
    page.goto(served_site + "innovations/")
    shown = page.evaluate(
        """() => { const out = {};
        for (const box of document.querySelectorAll('[data-facets] input')) {
          (out[box.name] ||= {})[box.value] = Number(box.dataset.total);
        } return out; }"""
    )
    page.goto(served_site + "methode/")
    index = pagefind_search(page, served_site, None)["filters"]
    assert shown == {key: index[key] for key, _ in FACETS if key in index}
    assert set(shown) >= {"thematique", "public", "region", "completude"}


def test_facet_data_loads_when_the_reader_reaches_for_the_facets(open_page, served_site) -> None:
    page = open_page()
    filters: list[str] = []
    page.on("request", lambda r: filters.append(r.url) if "/filter/" in r.url else None)
    page.goto(served_site + "innovations/?q=garages")
    expect(page.locator(RESULTS).first).to_be_visible()
    mobility = page.locator("label", has=page.get_by_label("Mobilité"))
    expect(mobility).to_have_text("Mobilité")  # no count known yet within this search
    page.wait_for_load_state("networkidle")
    assert filters == [], "données des facettes chargées sans qu'on les demande"
    page.locator("[data-facets]").hover()
    expect(mobility).to_have_text("Mobilité1")
    expect(page.locator("label", has=page.get_by_label("Choisir un métier"))).to_have_text(
        "Choisir un métier0"
    )
    expect(page.get_by_label("Choisir un métier")).to_be_disabled()
    assert filters


def test_on_a_phone_the_filters_open_in_a_dialog(open_page, served_site) -> None:
    page = open_page(PHONE)
    page.goto(served_site + "innovations/?q=personnes")
    expect(page.locator(RESULTS)).to_have_count(3)
    expect(page.locator("[data-facets]")).to_be_hidden()
    button = page.get_by_role("button", name="Filtres")
    button.click()
    dialog = page.get_by_role("dialog", name="Filtres")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Mobilité").check()
    expect(dialog.get_by_role("button", name="Voir l’innovation")).to_be_visible()
    expect(button).to_have_text("Filtres (1)")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    expect(page.locator(RESULTS)).to_have_text(["Relais mobilité de test"])
    assert _on_screen(page, "[data-results] > li:first-child h3")
    button.click()
    dialog.get_by_role("button", name="Voir l’innovation").click()
    expect(dialog).to_be_hidden()


def test_without_javascript_a_query_lands_on_every_innovation(open_page, served_site) -> None:
    page = open_page(PHONE, javascript=False)
    page.goto(served_site + "innovations/?q=" + quote("garage"))
    notice = page.locator(".sans-js")  # in <noscript>, which Playwright's text search skips
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("La recherche et les filtres demandent JavaScript.")
    expect(
        page.locator("[data-static]").get_by_role("link", name="Relais mobilité de test")
    ).to_be_visible()
    for hidden in ("[data-form]", "[data-facets]", "[data-filtres-bouton]", "[data-tri]"):
        expect(page.locator(hidden)).to_be_hidden()


def test_without_a_search_index_the_list_stays_and_says_why(
    browser: Browser, fixture_site: Path, tmp_path: Path
) -> None:
    """A site served without its index (a preview still indexing): a search in the URL shows
    the full list and says that search is not available, without leaving the page blank."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site, ignore=shutil.ignore_patterns("pagefind"))
    with serve(site, tmp_path) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(base + "innovations/?q=emploi")
        expect(page.locator("[data-count]")).to_have_text(
            "La recherche n’est pas disponible pour le moment : voici la liste des innovations, "
            "par ordre alphabétique."
        )
        expect(page.locator("[data-static]")).to_be_visible()
        expect(page.locator("[data-form]")).to_be_hidden()
        context.close()
