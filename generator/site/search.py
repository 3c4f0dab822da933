"""Search: Pagefind's CLI run over the built sheets, in bundles that keep its memory bounded.

Pagefind keeps every page it reads in memory until it writes its index (about 0.4 MB per
synthetic sheet: 1.9 GB for 5,000). Up to `BUNDLE_PAGES` sheets, one Pagefind run indexes them
all into `pagefind/0/`. Above, the sheets are split into several bundles, each indexed by its
own Pagefind run into `pagefind/<n>/`; the explorer loads bundle 0 and adds the others with
Pagefind's documented multisite search (`mergeIndex`), which merges results and sums filter
counts. `pagefind/bundles.json` lists the bundles, and the filter every search must add.

Two documented behaviours of Pagefind would make a split index answer differently from one
index; each bundle is built so that they do not:

* Sorting: a sorted search over merged indexes "will first sort each index, and then zip them
  together". The sheets are dealt to the bundles in the order of the sort the explorer uses
  (`SEARCH_SORT`): the sheet ranked r goes to bundle r mod B, at rank r // B there; zipping the
  bundles' sorted lists back together gives the order of all the sheets.
* Words: when no indexed word starts with a searched word, Pagefind searches the longest
  indexed word the searched word starts with (« parthenay » becomes « par »). A word found in
  one bundle only would thus match unrelated sheets of every other bundle. So each bundle also
  indexes a vocabulary page holding every word of the sheets, tagged with the filter
  `VOCABULARY_FILTER`, which every search excludes (`bundles.json` gives that filter).

`bundles.json` also lists the sigles (vocabulary « sigle »), that the explorer searches as whole
words (assets/recherche.js).

Pagefind reads a copy of each sheet made for it (search_text.py): elided words split from their
article (« d’insertion » is found by « insertion »), each sigle with its expansion. The site
serves the sheets as built.

Only Pagefind's documented interfaces are used (its CLI and its options, its JavaScript API in
the browser); nothing here reads or writes Pagefind's files.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

from ..schema import vocabulary
from .search_text import SEARCH_BODY, indexed_page

# The site's language (theme.language in mkdocs.yml): Pagefind stems words in this language.
SEARCH_LANGUAGE = "fr"
# The `data-pagefind-sort` key the explorer sorts by (templates/innovation.html, on the <h1>).
SEARCH_SORT = "nom"
# Most sheets one Pagefind run indexes (its memory grows with them: ~0.4 MB per sheet).
BUNDLE_PAGES = 1500
# The folder of the search bundles in the site, and the file listing them for the explorer.
SEARCH_DIR = "pagefind"
BUNDLES_FILE = "bundles.json"
# Filter (key, value) of the vocabulary page of a split index, and its path in each bundle.
VOCABULARY_FILTER = ("vocabulaire", "oui")
VOCABULARY_PAGE = "recherche-vocabulaire/index.html"

# Prefix of the working folders of the copies Pagefind reads, inside the site (dotted: MkDocs
# does not publish them).
WORK_PREFIX = ".recherche-"

_SORT_VALUE = re.compile(
    rf"""data-pagefind-sort=["']{SEARCH_SORT}["'][^>]*>([^<]*)<""".encode(), re.IGNORECASE
)


class SearchError(Exception):
    """The search index could not be built (the message is French and meant for the user)."""


def bundle_count(pages: int, most: int = BUNDLE_PAGES) -> int:
    """How many bundles hold `pages` sheets with at most `most` in each."""
    return max(1, -(-pages // max(1, most)))


class SearchCopies:
    """The copies of the sheets Pagefind reads (search_text.py), made one sheet at a time.

    A build hands each sheet over as MkDocs writes it (`add`), so that Pagefind can start as
    soon as the last one is written; `index_site` makes the copies it was not given from the
    built pages. The copies live in a working folder inside the site (removed by `discard`,
    by `index_site`, or at the latest when the program ends), with the words of every sheet
    (a split index's vocabulary) and the text each sheet is sorted by.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.folder: Path | None = None  # made with the first copy
        self.sort_keys: dict[str, str] = {}
        self.words: dict[str, None] = {}
        self._cleanup: weakref.finalize | None = None

    def add(self, page: str, raw: bytes) -> None:
        """The copy of the built page `page` (its path in the site), whose HTML is `raw`."""
        if self.folder is None:
            # Inside the site (never beside it, in a project folder); dotted: not published.
            self.folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=self.site_dir))
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        copy = indexed_page(raw)
        target = self.folder / "fiches" / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy.html)
        self.words.update(dict.fromkeys(copy.text.split()))
        found = _SORT_VALUE.search(raw)
        text = "" if found is None else found.group(1).decode("utf-8", "replace")
        self.sort_keys[page] = " ".join(html.unescape(text).split())

    def add_built(self, page: str) -> None:
        """The copy of `page`, read from the built site."""
        try:
            raw = (self.site_dir / page).read_bytes()
        except OSError as exc:
            raise SearchError(f"page à indexer introuvable : {page} ({exc.strerror})") from exc
        self.add(page, raw)

    def discard(self) -> None:
        if self._cleanup is not None:
            self._cleanup()


class SheetIndexer:
    """The search index of a build, fed the sheets as MkDocs writes them (a `forked.Worker`).

    It is given first the list of the build's sheets (a list), then each sheet as it is
    written (`(page, html)`), of which it makes the copy; `finish()` runs Pagefind over them
    and says how long that took. A sheet it was not given is read from the built site; without
    sheets there is no index."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = Path(site_dir)
        self.sheets: list[str] = []
        self.copies = SearchCopies(self.site_dir)

    def take(self, item: list[str] | tuple[str, str]) -> None:
        if isinstance(item, list):
            self.sheets = item
            return
        page, text = item
        self.copies.add(page, text.encode("utf-8"))

    def finish(self) -> float:
        start = time.perf_counter()
        if self.sheets:
            index_site(self.site_dir, self.sheets, copies=self.copies)
        else:
            self.copies.discard()
        return time.perf_counter() - start


def remove_working_folders(site_dir: Path) -> None:
    """Remove what a stopped indexing left of its copies in the site (a copy of the process
    killed before it could clean up)."""
    for folder in Path(site_dir).glob(f"{WORK_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)


def index_site(
    site_dir: Path,
    pages: Sequence[str],
    *,
    bundle_pages: int | None = None,
    detached: bool = False,
    copies: SearchCopies | None = None,
) -> None:
    """Index the built HTML pages `pages` (paths relative to site_dir, e.g.
    'innovations/vita-air/index.html', the sheets) into site_dir/pagefind/…

    One bundle per `bundle_pages` sheets at most (BUNDLE_PAGES by default), in
    site_dir/pagefind/0/, 1/…, listed in site_dir/pagefind/bundles.json. Any previous index is
    replaced; without pages there is no index. `copies` holds the copies already made of some
    pages (a build makes them as it writes the sheets); the others are made from the built
    pages. The copies are removed at the end. Raises SearchError on failure. `detached`
    (the preview's background indexing): Pagefind runs in its own session, so that Ctrl+C in
    the terminal stops the preview without interrupting it half-way (and its traceback).
    """
    site_dir = Path(site_dir).resolve()
    target = site_dir / SEARCH_DIR
    copies = SearchCopies(site_dir) if copies is None else copies
    try:
        shutil.rmtree(target, ignore_errors=True)
        if not pages:
            return
        most = BUNDLE_PAGES if bundle_pages is None else bundle_pages
        count = bundle_count(len(pages), most)
        for page in pages:
            if page not in copies.sort_keys:
                copies.add_built(page)
        assert copies.folder is not None
        sheets = copies.folder / "fiches"
        keys = copies.sort_keys
        ranked = sorted(pages, key=lambda page: (keys[page], page))
        bundles = [ranked[n::count] for n in range(count)]  # dealt in sort order: see above
        target.mkdir(parents=True)
        if count == 1:
            _index_bundle(sheets, target / "0", detached)
        for number, bundle in enumerate(bundles if count > 1 else []):
            folder = copies.folder / str(number)
            for page in bundle:
                _link(sheets / page, folder / page)
            vocabulary_page = folder / VOCABULARY_PAGE
            vocabulary_page.parent.mkdir(parents=True)
            vocabulary_page.write_text(_vocabulary_page(copies.words), encoding="utf-8")
            _index_bundle(folder, target / str(number), detached)
            shutil.rmtree(folder, ignore_errors=True)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # no half index: the explorer keeps its list
        raise
    finally:
        copies.discard()
    listing: dict[str, object] = {"bundles": [f"{number}/" for number in range(count)]}
    # The sigles the explorer searches as whole words (assets/recherche.js).
    listing["sigles"] = sorted(str(sigle) for sigle in vocabulary("sigle"))
    if count > 1:
        key, value = VOCABULARY_FILTER
        listing["filters"] = {"not": {key: value}}  # every search leaves the vocabulary out
    (target / BUNDLES_FILE).write_text(json.dumps(listing) + "\n", encoding="utf-8")


def _link(source: Path, copy: Path) -> None:
    copy.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, copy)
    except OSError:
        shutil.copyfile(source, copy)


def _vocabulary_page(words: dict[str, None]) -> str:
    key, value = VOCABULARY_FILTER
    text = html.escape(" ".join(words), quote=False)
    return (
        f'<!doctype html>\n<html lang="{SEARCH_LANGUAGE}"><head><meta charset="utf-8"></head>'
        f'<body><main {SEARCH_BODY} data-pagefind-filter="{key}:{value}">'
        f"<p>{text}</p></main></body></html>\n"
    )


def _index_bundle(folder: Path, output: Path, detached: bool = False) -> None:
    """One Pagefind run over the pages of `folder` (copies made for it), into `output`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-path",
        str(output),
        "--force-language",
        SEARCH_LANGUAGE,
        "--silent",
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=folder,
            start_new_session=detached and os.name != "nt",
        )
    except OSError as exc:
        raise SearchError(f"Pagefind n'a pas pu être lancé : {exc}") from exc
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        details = (done.stderr or done.stdout).strip()
        raise SearchError(
            "l'indexation de la recherche (Pagefind) a échoué"
            + (f" :\n{details}" if details else ".")
        )


def sheet_pages(site_dir: Path) -> list[str]:
    """The sheets of a built site (paths relative to it): the pages search indexes."""
    marker = SEARCH_BODY.encode()
    return sorted(
        page.relative_to(site_dir).as_posix()
        for page in Path(site_dir).glob("innovations/*/index.html")
        if marker in page.read_bytes()
    )
