"""What search indexes: the text of each sheet, not what every sheet repeats nor its sources."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.reproducible import SIGNATURE


def _indexed_texts(site: Path) -> dict[str, str]:
    """{page URL: the text Pagefind indexed for it} (a fragment holds that text)."""
    texts = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE), path
        fragment = json.loads(raw[len(SIGNATURE) :])
        texts[fragment["url"]] = fragment["content"]
    return texts


def test_only_the_sheets_are_indexed(fixture_site: Path) -> None:
    assert sorted(_indexed_texts(fixture_site)) == [
        "/innovations/atelier-des-possibles/",
        "/innovations/cooperative-emploi-test/",
        "/innovations/relais-mobilite-test/",
    ]


def test_a_sheet_is_indexed_without_its_sources_and_shared_texts(fixture_site: Path) -> None:
    text = _indexed_texts(fixture_site)["/innovations/atelier-des-possibles/"]
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


def test_every_sheet_holds_the_word_the_explorer_lists_facets_with(fixture_site: Path) -> None:
    """Facets without a query search this word (a null query would load the whole index)."""
    explorer = (fixture_site / "innovations" / "index.html").read_text(encoding="utf-8")
    word = explorer.split('data-toutes="', 1)[1].split('"', 1)[0]
    assert word.isalpha() and word.islower()
    texts = _indexed_texts(fixture_site)
    assert texts and all(word in text.split() for text in texts.values())
    page = (fixture_site / "innovations" / "atelier-des-possibles" / "index.html").read_text()
    assert f"<span hidden>{word}</span>" in page  # in the index, never shown
