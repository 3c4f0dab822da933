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


def generate_docs(
    catalogue: Catalogue,
    docs_dir: Path,
    content_dir: Path,
    search_dir: Path | None = None,
    on_search_pages: Callable[[], None] | None = None,
) -> int:
    """Write every generated page and asset into docs_dir; returns the number of pages.

    With search_dir, the pages that search indexes are also written there as HTML files, and
    on_search_pages is called once they all are: `all_pages` yields them first, so that they
    can be indexed while the other pages are written and MkDocs builds the site.
    """
    from .gitdates import last_changed
    from .maps import site as maps_site
    from .render.pages import all_pages

    count = 0
    pending = on_search_pages

    def search_pages_written() -> None:
        nonlocal pending
        if pending is not None:
            pending, call = None, pending
            call()

    hooks = maps_site.page_hooks(catalogue)
    for relative, text in all_pages(catalogue, updated=last_changed(content_dir), **hooks):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if search_dir is not None and SEARCH_BODY in text:
            path, html = _search_page(relative, text)
            (search_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (search_dir / path).write_text(html, encoding="utf-8")
        elif count:
            search_pages_written()
        count += 1
    search_pages_written()
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


def run_pagefind(site_dir: Path) -> None:
    """Index the sheets of site_dir into site_dir/pagefind (French stemming, filters).

    Runs `generator.search_index` in its own process: Pagefind in batches of at most
    `search_index.BATCH_PAGES` sheets, merged, then normalised to be reproducible.
    """
    from . import search_index

    command = [sys.executable, "-m", "generator.search_index", str(Path(site_dir).resolve())]
    command += ["--body", SEARCH_BODY, "--pages-per-batch", str(search_index.BATCH_PAGES)]
    command += [f"--sort={key}={field}" for key, field in SEARCH_SORTS.items()]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if done.returncode != 0:
        raise BuildError((done.stderr or done.stdout).strip())


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
    indexing: Future[float] | None = None
    try:
        docs, out, search_dir = work / "docs", work / "site", work / "recherche"

        def index() -> None:  # Pagefind, another process, works while the build goes on
            nonlocal indexing
            if search_dir.is_dir():  # else no sheet yet: nothing to search, no index
                indexing = _background.submit(_timed, run_pagefind, search_dir)

        pages = generate_docs(
            catalogue, docs, content_dir, search_dir if search else None, index if search else None
        )
        timings["generate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with build_date(content_dir):  # SOURCE_DATE_EPOCH: the content's date, not today's
            run_mkdocs(config_file, docs, out, site_url)
        timings["mkdocs"] = time.perf_counter() - t0
        if indexing is not None:
            timings["search"] = indexing.result()
            (search_dir / "pagefind").rename(out / "pagefind")
        _swap(out, site_dir)
    finally:
        if indexing is not None:
            wait([indexing])  # before removing the folder it reads and writes
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
