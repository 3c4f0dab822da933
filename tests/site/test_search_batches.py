"""A search index built in batches (to bound Pagefind's memory) is the index of all the pages."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cbor2
import pytest
from conftest import VALID, build_copy, serve
from playwright.sync_api import Browser, expect

from generator import search_index
from generator.model import build_catalogue
from generator.reproducible import SIGNATURE
from generator.site.build import SEARCH_BODY, SEARCH_SORTS, SearchBatches, generate_docs
from generator.validate import validate_content

ROOT = Path(__file__).resolve().parents[2]


def _load(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE), path
    payload = raw[len(SIGNATURE) :]
    return json.loads(payload) if path.suffix == ".pf_fragment" else cbor2.loads(payload)


def _pages(postings: list, urls: list[str]) -> dict[str, tuple]:
    """{URL: (word positions, metadata positions)} from a list of (page gap, …) postings."""
    found, number = {}, 0
    for rank, (gap, *positions) in enumerate(postings):
        number = gap if rank == 0 else number + gap
        found[urls[number]] = tuple(tuple(p) for p in positions)
    return found


def readable_index(pagefind: Path) -> dict:
    """What an index tells a browser, with pages named by their URL instead of their number."""
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    view = {}
    for language, info in entry["languages"].items():
        meta = _load(pagefind / f"pagefind.{info['hash']}.pf_meta")
        fragments = [_load(pagefind / "fragment" / f"{name}.pf_fragment") for name, _ in meta[1]]
        urls = [fragment["url"] for fragment in fragments]
        words = {}
        for _, _, name in meta[2]:
            for word, postings, variants in _load(pagefind / "index" / f"{name}.pf_index")[0]:
                assert word not in words, f"« {word} » dans deux morceaux de l'index"
                words[word] = (
                    _pages(postings, urls),
                    {variant: _pages(more, urls) for variant, more in variants},
                )
        filters = {}
        for name, file_hash in meta[3]:
            _, values = _load(pagefind / "filter" / f"{file_hash}.pf_filter")
            filters[name] = {value: sorted(urls[n] for n in pages) for value, pages in values}
        view[language] = {
            "version": meta[0],
            "page_count": info["page_count"],
            "pages": {url: (f, count) for url, f, (_, count) in zip(urls, fragments, meta[1])},
            "words": words,
            "filters": filters,
            "sorts": {key: [urls[n] for n in pages] for key, pages in meta[4]},
            "fields": meta[5],
        }
    return view


@pytest.fixture(scope="module")
def search_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search pages of a synthetic catalogue of 23 sheets (varied words, accents, facets)."""
    base = tmp_path_factory.mktemp("lots")
    content = base / "content"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), "23", str(content)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = validate_content(content)
    assert result.ok
    batches = SearchBatches(base / "search", 23, lambda batch: None)
    generate_docs(build_catalogue(result.content), base / "docs", content, batches)
    assert len(batches.batches) == 1
    return batches.batches[0]


def _indexed(search_pages: Path, target: Path, batch_pages: int) -> Path:
    site = target / "site"
    shutil.copytree(search_pages, site)
    search_index.index_site(site, SEARCH_SORTS, SEARCH_BODY, batch_pages)
    return site / "pagefind"


def test_an_index_built_in_batches_is_the_index_of_all_pages(
    search_pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = readable_index(_indexed(search_pages, tmp_path / "entier", 100))
    monkeypatch.setattr(search_index, "CHUNK_BYTES", 3000)  # many chunks, words across them
    batched = _indexed(search_pages, tmp_path / "lots", 6)  # 4 batches of 6, 6, 6 and 5
    merged = readable_index(batched)
    assert set(merged) == set(whole) == {"fr"}
    merged, whole = merged["fr"], whole["fr"]
    assert merged["page_count"] == whole["page_count"] == 23
    for part in ("version", "pages", "filters", "sorts", "fields"):
        assert merged[part] == whole[part], part
    assert merged["words"].keys() == whole["words"].keys()
    different = [w for w in whole["words"] if merged["words"][w] != whole["words"][w]]
    assert different == [], f"positions différentes pour {different[:5]}"
    assert any(variants for _, variants in merged["words"].values()), "aucun mot accentué"
    chunks = sorted(batched.glob("index/*.pf_index"))
    assert len(chunks) > 10
    assert not (tmp_path / "lots" / ".site-lots").exists(), "lots laissés sur le disque"


def test_each_word_is_in_the_chunk_its_prefix_points_to(
    search_pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser loads the chunk whose [from, to] range holds a word (or its prefix)."""
    monkeypatch.setattr(search_index, "CHUNK_BYTES", 3000)
    pagefind = _indexed(search_pages, tmp_path, 6)
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _load(pagefind / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    previous_to = ""
    for start, end, name in meta[2]:
        assert previous_to < start, (previous_to, start)
        for word, _, _ in _load(pagefind / "index" / f"{name}.pf_index")[0]:
            assert start <= word, (start, word)
            assert word <= end or word.startswith(end), (word, end)
        previous_to = end
    assert len(meta[2]) > 10


def test_pages_whose_fragment_names_collide_in_two_batches_stay_apart(
    search_pages: Path, tmp_path: Path
) -> None:
    """Fragment files are named by 7 hex digits of their hash: two batches may pick the same
    name for different pages (one chance in 20 at 5,000 pages). Both pages stay found."""
    pages = sorted(search_pages.rglob("*.html"))
    batches = []
    for number, group in enumerate((pages[:10], pages[10:])):
        batch = tmp_path / f"lot-{number}"
        for page in group:
            target = batch / page.relative_to(search_pages)
            target.parent.mkdir(parents=True)
            shutil.copyfile(page, target)
        search_index.index_batch(batch)
        batches.append(batch)
    metas = []
    for batch in batches:
        entry = json.loads((batch / "pagefind" / "pagefind-entry.json").read_text())
        metas.append(batch / "pagefind" / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    first, second = _load(metas[0]), _load(metas[1])
    taken, renamed = first[1][0][0], second[1][0][0]
    fragments = batches[1] / "pagefind" / "fragment"
    (fragments / f"{renamed}.pf_fragment").rename(fragments / f"{taken}.pf_fragment")
    second[1][0][0] = taken
    metas[1].write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(second)))

    site = tmp_path / "site"
    site.mkdir()
    search_index.finish(batches, site, SEARCH_SORTS)
    merged = readable_index(site / "pagefind")["fr"]
    assert sorted(merged["pages"]) == sorted(
        "/" + page.parent.relative_to(search_pages).as_posix() + "/" for page in pages
    )


def test_two_builds_in_batches_give_the_same_index(tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "BATCH_PAGES", 1)
        sites = [build_copy(VALID, tmp_path / str(n), search=True) for n in range(2)]
    files = [
        {p.relative_to(site).as_posix(): p.read_bytes() for p in site.glob("pagefind/**/*.*")}
        for site in sites
    ]
    assert files[0] == files[1]
    assert any(name.startswith("pagefind/index/") for name in files[0])


@pytest.fixture(scope="module")
def batched_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture catalogue built with one sheet per batch, served under /depot/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "BATCH_PAGES", 1)
        site = build_copy(VALID, tmp_path_factory.mktemp("site-par-lots"), search=True)
    with serve(site, tmp_path_factory.mktemp("servi-par-lots")) as url:
        yield url


def test_the_explorer_searches_an_index_built_in_batches(
    browser: Browser, batched_site: str
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(batched_site + "innovations/")
    box = page.get_by_label("Rechercher une innovation")
    box.fill("formations")  # one sheet says « formation »: found by its stem
    box.press("Enter")
    expect(page.locator("[data-results] h3 a")).to_have_count(1)
    assert page.locator("[data-results] h3 a").all_inner_texts() == ["Atelier des possibles"]
    box.fill("")
    box.press("Enter")
    page.get_by_label(
        "Trouver un emploi"
    ).check()  # a facet alone: every such sheet, sorted by name
    results = page.locator("[data-results] h3 a")
    expect(results).not_to_have_count(0)
    names = results.all_inner_texts()
    assert names == sorted(names) and len(names) >= 2, names
    page.close()
    assert errors == []


def test_a_batch_handed_over_to_the_indexer_gets_no_more_pages(tmp_path: Path) -> None:
    """Pages that search indexes after other pages start a new batch: Pagefind may already be
    reading the one handed over."""
    handed: list[tuple[Path, int]] = []
    batches = SearchBatches(
        tmp_path, 10, lambda b: handed.append((b, len(list(b.rglob("*.html")))))
    )
    page = f"<article {SEARCH_BODY}><h1>Fiche</h1></article>"
    for name in ("a", "b"):
        batches.add(f"innovations/{name}.md", page)
    batches.close()  # a page without search body came
    batches.add("innovations/c.md", page)
    batches.close()
    assert [count for _, count in handed] == [2, 1]
    assert [len(list(b.rglob("*.html"))) for b, _ in handed] == [2, 1]
