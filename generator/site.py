"""The whole build: validate → model → pages → MkDocs → Pagefind, then swap into place.

Nothing is written unless the content is valid, and the previous site stays in place until the
new one is complete (built in a temporary folder beside it, then renamed).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .model import Catalogue, build_catalogue
from .validate import validate_content

ASSETS = Path(__file__).parent / "assets"
PROJECT_ROOT = Path(__file__).parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "mkdocs.yml"


class BuildError(Exception):
    """The site could not be built (the message is French and meant for the user)."""


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalogue: Catalogue | None = None
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)


Extra = Callable[[Catalogue, Path], None]


def _extras() -> list[Extra]:
    """Generators of extra files (maps background, figures, open data), each optional."""
    extras: list[Extra] = []
    for module_name in (
        "generator.maps.site",
        "generator.figures.site",
        "generator.export",
        "generator.fieldref",
    ):
        try:
            module = __import__(module_name, fromlist=["write"])
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        extras.append(module.write)
    return extras


# Pagefind indexes only the part of a page marked with this attribute (the sheets' <article>).
SEARCH_BODY = "data-pagefind-body"
# The site's language (theme.language in mkdocs.yml): Pagefind stems words in this language.
# tests/site/test_hardening.py checks that indexing these pages gives the site's own index.
SEARCH_LANGUAGE = "fr"
# Each `data-pagefind-sort` key of the sheets and the metadata field that holds the same text
# (templates/innovation.html puts both on the <h1>): needed to merge indexes built in batches.
SEARCH_SORTS = {"nom": "title"}


def _search_page(relative: str, text: str) -> tuple[str, str]:
    """(path in the site, HTML file) of a generated page, for the search indexer alone.

    The body is the page's own HTML block, the same as in the built site, whose URL the path
    gives (`innovations/x.md` is served at `innovations/x/`).
    """
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 3) + 5 :]
    stem = relative.removesuffix(".md")
    path = f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
    html = (
        f'<!doctype html>\n<html lang="{SEARCH_LANGUAGE}"><head><meta charset="utf-8"></head>'
        f"<body>\n{text}</body></html>\n"
    )
    return path, html


class SearchBatches:
    """Writes the pages that search indexes as HTML files, in batch folders of equal size.

    `on_batch(folder)` is called as soon as a batch is complete (and for the last one by
    `close`), so that Pagefind indexes it while the build goes on: `all_pages` yields the
    sheets first. Batches bound Pagefind's memory (see search_index).
    """

    def __init__(self, folder: Path, pages: int, on_batch: Callable[[Path], None]) -> None:
        from .search_index import BATCH_PAGES, batch_size

        self.folder = folder
        self.size = batch_size(pages, BATCH_PAGES)
        self.on_batch = on_batch
        self.batches: list[Path] = []
        self.in_batch = 0

    def add(self, relative: str, text: str) -> None:
        if self.in_batch in (0, self.size):  # none open (a handed-over batch stays closed)
            self.close()
            self.batches.append(self.folder / str(len(self.batches)))
        path, html = _search_page(relative, text)
        target = self.batches[-1] / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.in_batch += 1

    def close(self) -> None:
        """Hand over the batch being written, if any."""
        if self.in_batch:
            self.in_batch = 0
            self.on_batch(self.batches[-1])


def generate_docs(
    catalogue: Catalogue,
    docs_dir: Path,
    content_dir: Path,
    search: SearchBatches | None = None,
) -> int:
    """Write every generated page and asset into docs_dir; returns the number of pages.

    With `search`, the pages that search indexes are also written there, batch by batch: the
    last batch is closed as soon as the first other page comes.
    """
    from .gitdates import last_changed
    from .maps import site as maps_site
    from .render.pages import all_pages

    count = 0
    hooks = maps_site.page_hooks(catalogue)
    for relative, text in all_pages(catalogue, updated=last_changed(content_dir), **hooks):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if search is not None:
            if SEARCH_BODY in text:
                search.add(relative, text)
            else:
                search.close()
        count += 1
    if search is not None:
        search.close()
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True)
    for extra in _extras():
        extra(catalogue, docs_dir)
    return count


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, object] = {
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "strict": True,
    }
    if site_url:
        overrides["site_url"] = site_url
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(getattr(h, "_catalogue", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("MkDocs (%(levelname)s) : %(message)s"))
        handler._catalogue = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    try:
        config = load_config(str(config_file), **overrides)
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs a refusé de construire le site : {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort in strict mode
        raise BuildError(
            "MkDocs a signalé des avertissements en mode strict (voir ci-dessus)."
        ) from exc


def _search_command(*arguments: str) -> None:
    """Run `python -m generator.search_index …` (its own process: see there)."""
    sorts = [f"--sort={key}={field}" for key, field in SEARCH_SORTS.items()]
    command = [sys.executable, "-m", "generator.search_index", *arguments, *sorts]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if done.returncode != 0:
        raise BuildError((done.stderr or done.stdout).strip())


def run_pagefind(site_dir: Path) -> None:
    """Index the sheets of a built site into site_dir/pagefind (French stemming, filters)."""
    from . import search_index

    batch = str(search_index.BATCH_PAGES)
    _search_command(
        "site", str(Path(site_dir).resolve()), "--body", SEARCH_BODY, "--pages-per-batch", batch
    )


def index_batch(folder: Path) -> None:
    """Index one batch of search pages (folder/pagefind)."""
    from .search_index import SearchIndexError
    from .search_index import index_batch as index

    try:
        index(folder)
    except SearchIndexError as exc:
        raise BuildError(str(exc)) from exc


def finish_search(batches: list[Path], site_dir: Path) -> None:
    """Put the indexed batches together into site_dir/pagefind, normalised."""
    _search_command("finish", str(site_dir.resolve()), *(str(b.resolve()) for b in batches))


def build_site(
    content_dir: Path,
    site_dir: Path,
    *,
    site_url: str | None = None,
    config_file: Path = DEFAULT_CONFIG,
    search: bool = True,
) -> BuildResult:
    """Validate and build. On invalid content, returns the diagnostics and writes nothing."""
    from .reproducible import build_date

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    result = validate_content(content_dir)
    timings["validate"] = time.perf_counter() - t0
    if not result.ok:
        return BuildResult(False, result.diagnostics, timings=timings)
    t0 = time.perf_counter()
    catalogue = build_catalogue(result.content)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    indexing: list[Future[float]] = []
    try:
        docs, out, search_dir = work / "docs", work / "site", work / "recherche"

        def index(batch: Path) -> None:  # Pagefind, another process, works while we go on
            indexing.append(_background.submit(_timed, index_batch, batch))

        batches = SearchBatches(search_dir, len(catalogue.innovations), index) if search else None
        pages = generate_docs(catalogue, docs, content_dir, batches)
        timings["generate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if batches is not None and batches.batches:  # else no sheet yet: no index
            indexed = list(indexing)

            def merge(folder: Path) -> None:
                for job in indexed:
                    job.result()  # a batch Pagefind failed on stops here, with its message
                finish_search(batches.batches, folder)

            indexing.append(_background.submit(_timed, merge, search_dir))
        with build_date(content_dir):  # SOURCE_DATE_EPOCH: the content's date, not today's
            run_mkdocs(config_file, docs, out, site_url)
        timings["mkdocs"] = time.perf_counter() - t0
        if indexing:
            timings["search"] = sum(job.result() for job in indexing)
            (search_dir / "pagefind").rename(out / "pagefind")
        _swap(out, site_dir)
    finally:
        wait(indexing)  # before removing the folders they read and write
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(True, result.diagnostics, catalogue, pages, timings)


_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recherche")


def _timed(function: Callable[[Path], None], argument: Path) -> float:
    start = time.perf_counter()
    function(argument)
    return time.perf_counter() - start


def _swap(new: Path, target: Path) -> None:
    """Replace target by new with two renames, so a reader never sees a half-written site."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old.exists() and not target.exists():
            old.rename(target)  # put the previous site back
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
