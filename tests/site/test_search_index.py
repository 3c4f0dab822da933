"""What search indexes: the text of each sheet, not what every sheet repeats nor its sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pagefind_search
from playwright.sync_api import Browser


def _every_sheet_word(site: Path) -> str:
    explorer = (site / "innovations" / "index.html").read_text(encoding="utf-8")
    return explorer.split('data-toutes="', 1)[1].split('"', 1)[0]


@pytest.fixture(scope="module")
def indexed(fixture_site: Path, served_site: str, browser: Browser) -> dict[str, str]:
    """{page URL: the text search found it by}, from Pagefind's JS API in Chromium: the search
    for the word every sheet hides finds every indexed page (URLs under /depot/)."""
    page = browser.new_page()
    found = pagefind_search(page, served_site, _every_sheet_word(fixture_site))["results"]
    page.close()
    return {r["url"].removeprefix("/depot"): r["content"] for r in found}


def test_only_the_sheets_are_indexed(indexed: dict[str, str]) -> None:
    assert sorted(indexed) == [
        "/innovations/atelier-des-possibles/",
        "/innovations/cooperative-emploi-test/",
        "/innovations/relais-mobilite-test/",
    ]


def test_a_sheet_is_indexed_without_its_sources_and_shared_texts(
    fixture_site: Path, indexed: dict[str, str]
) -> None:
    text = indexed["/innovations/atelier-des-possibles/"]
    page = (fixture_site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    # What the sheet says about itself is searchable…
    for words in ("Atelier des possibles", "Réunir les employeurs", "groupe de comparaison"):
        assert words in page and words in text, words
    # …not its sources, nor what every sheet repeats (evidence scale, outline, labels).
    for words in (
        "Rapport fictif",
        "évaluations indépendantes confirment",
        "Fiche méthode · innovation pour l’emploi",
        "Sommaire",
        "Dernière mise à jour",
        "Porté par",  # the labels of the sheet's identity card
        "Parcours AIS#Emploi",
    ):
        assert words in page and words not in text, words


def test_every_sheet_holds_the_word_the_explorer_lists_facets_with(
    fixture_site: Path, indexed: dict[str, str]
) -> None:
    """Facets without a query search this word (a null query would load the whole index)."""
    word = _every_sheet_word(fixture_site)
    assert word.isalpha() and word.islower()
    sheets = list((fixture_site / "innovations").glob("*/index.html"))
    assert len(indexed) == len(sheets) == 3
    assert all(word in text.split() for text in indexed.values())
    page = (fixture_site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    assert f"<span hidden>{word}</span>" in page  # in the index, never shown
