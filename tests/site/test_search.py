"""Search split into several Pagefind bundles (to bound its memory) answers as one bundle does."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import ROOT, VALID, explorer_answer, pagefind_search, serve
from playwright.sync_api import Browser, Page

from generator.site import search
from generator.site.build import BuildError, build_site
from generator.site.search import SearchError, index_site, sheet_pages

SHEETS = 23


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic catalogue of 23 sheets (varied words, accents, facets), built without search."""
    base = tmp_path_factory.mktemp("synthetique")
    content = base / "content"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(SHEETS), str(content)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = build_site(content, base / "site", search=False)
    assert result.ok
    return base / "site"


@pytest.fixture(scope="module")
def served(synthetic_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The synthetic site indexed as one bundle and as four (6, 6, 6 and 5 sheets), served."""
    urls = {}
    with contextlib.ExitStack() as stack:
        for name, most in (("un", None), ("quatre", 6)):
            site = tmp_path_factory.mktemp(f"site-{name}") / "site"
            shutil.copytree(synthetic_site, site)
            index_site(site, sheet_pages(site), bundle_pages=most)
            urls[name] = stack.enter_context(serve(site, tmp_path_factory.mktemp(f"servi-{name}")))
        yield urls


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield p
    context.close()
    assert errors == [], errors


def test_the_split_index_has_several_bundles_and_every_sheet(served: dict, page: Page) -> None:
    word = "formation"
    whole = pagefind_search(page, served["un"], word)
    split_page = page.context.new_page()
    split = pagefind_search(split_page, served["quatre"], word)
    assert whole["results"], "« formation » ne trouve rien"
    assert sorted(r["url"] for r in split["results"]) == sorted(r["url"] for r in whole["results"])
    vocabulary, _ = search.VOCABULARY_FILTER  # the split index's own, left out of every search
    assert {k: v for k, v in split["filters"].items() if k != vocabulary} == whole["filters"]
    # Each sheet is found through the bundle it is in, with its own title and text.
    assert {r["url"]: (r["title"], r["content"]) for r in split["results"]} == {
        r["url"]: (r["title"], r["content"]) for r in whole["results"]
    }


def _queries(page: Page, base: str) -> list[str]:
    """Explorer URLs: words (one stemmed), facets alone (sorted by name), facets and words."""
    facets = pagefind_search(page, base, None)["filters"]
    themes = sorted(facets["thematique"], key=lambda v: -facets["thematique"][v])
    publics = sorted(facets["public"], key=lambda v: -facets["public"][v])
    return [
        urlencode({"q": "formation"}),
        urlencode({"q": "formations"}),
        urlencode({"q": "accompagnement entreprises"}),
        urlencode({"thematique": themes[0]}),
        urlencode([("thematique", themes[0]), ("thematique", themes[1])]),
        urlencode({"thematique": themes[0], "public": publics[0]}),
        urlencode({"public": publics[-1]}),
        urlencode({"q": "emploi", "thematique": themes[1]}),
        urlencode({"q": "motintrouvable"}),
    ]


def test_the_explorer_answers_the_same_from_one_bundle_or_four(served: dict, page: Page) -> None:
    queries = _queries(page, served["un"])
    sorted_by_name = 0
    for query in queries:
        whole = explorer_answer(page, served["un"], query)
        split = explorer_answer(page, served["quatre"], query)
        assert split["count"] == whole["count"], query
        assert split["facets"] == whole["facets"], query
        if "q=" in query:  # ranked by relevance: each bundle weighs words by its own pages
            assert sorted(split["titles"]) == sorted(whole["titles"]), query
        else:  # facets alone: sorted by name, across the bundles too
            assert split["titles"] == whole["titles"], query
            assert whole["titles"] == sorted(whole["titles"]), query
            sorted_by_name += len(whole["titles"]) > 10
    assert sorted_by_name, "aucune liste triée de plus de 10 fiches"


def test_bundles_are_no_bigger_than_asked(synthetic_site: Path, tmp_path: Path) -> None:
    """Every sheet is indexed once, in bundles of at most the size asked, listed for the
    explorer; a new index replaces the previous one."""
    site = tmp_path / "site"
    shutil.copytree(synthetic_site, site)
    pages = sheet_pages(site)
    assert len(pages) == SHEETS
    index_site(site, pages, bundle_pages=6)
    index_site(site, pages, bundle_pages=10)
    bundles = sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir())
    assert bundles == ["0", "1", "2"]
    assert search.bundle_count(SHEETS, 10) == 3
    assert search.bundle_count(SHEETS, 1500) == 1
    assert search.bundle_count(0) == 1


def test_without_sheets_there_is_no_index(tmp_path: Path) -> None:
    (tmp_path / "pagefind" / "0").mkdir(parents=True)
    index_site(tmp_path, [])
    assert not (tmp_path / "pagefind").exists()


def test_a_pagefind_failure_stops_the_build_with_a_french_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    page = site / "innovations" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="fr"><body><article data-pagefind-body>x</article></body></html>')
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a Pagefind that fails
    with pytest.raises(SearchError, match="Pagefind"):
        index_site(site, ["innovations/x/index.html"])
    with pytest.raises(SearchError, match="introuvable"):
        index_site(site, ["innovations/absente/index.html"])
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "dossier de travail laissé"
    assert [p.name for p in site.iterdir()] == ["innovations"], "index à moitié écrit laissé"


def test_a_search_error_becomes_a_build_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(site_dir, pages, **options):
        raise SearchError("l'indexation de la recherche (Pagefind) a échoué : simulé")

    monkeypatch.setattr(search, "index_site", fail)
    with pytest.raises(BuildError, match="simulé"):
        build_site(VALID, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_word_of_a_single_sheet_finds_it_alone_in_a_split_index(
    served: dict, synthetic_site: Path, page: Page
) -> None:
    """Pagefind searches a word no page of a bundle starts with as a shorter word of that bundle
    (« parthenay » as « par »): each bundle knows every word, so the other bundles find nothing."""
    titles = [
        (synthetic_site / p).read_text(encoding="utf-8").split('data-pagefind-sort="nom">')[1]
        for p in sheet_pages(synthetic_site)
    ]
    words = sorted({w for t in titles for w in t.split("<")[0].split() if len(w) >= 7})
    rare = []
    for word in words:
        found = pagefind_search(page, served["un"], word)["results"]
        if 1 <= len(found) <= 2:
            rare.append((word, sorted(r["url"] for r in found)))
    assert len(rare) >= 3, "pas assez de mots rares dans les noms des fiches"
    split_page = page.context.new_page()
    for word, urls in rare:
        found = pagefind_search(split_page, served["quatre"], word)["results"]
        assert sorted(r["url"] for r in found) == urls, word
