"""The whole build: validate → model → pages → MkDocs → search (Pagefind), then swap into place.

Nothing is written unless the content is valid, and the previous site stays in place until the
new one is complete (built in a temporary folder beside it, then renamed).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .model import Catalogue, build_catalogue
from .search import SEARCH_BODY, SearchError, index_site
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


def generate_docs(catalogue: Catalogue, docs_dir: Path, content_dir: Path) -> int:
    """Write every generated page and asset into docs_dir; returns the number of pages."""
    from .gitdates import last_changed
    from .maps import site as maps_site
    from .render.pages import all_pages

    count = 0
    hooks = maps_site.page_hooks(catalogue)
    for relative, text in all_pages(catalogue, updated=last_changed(content_dir), **hooks):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
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


def sheet_pages(site_dir: Path) -> list[str]:
    """The sheets of a built site (paths relative to it), the pages search indexes."""
    marker = SEARCH_BODY.encode()
    return sorted(
        page.relative_to(site_dir).as_posix()
        for page in Path(site_dir).glob("innovations/*/index.html")
        if marker in page.read_bytes()
    )


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
    try:
        docs, out = work / "docs", work / "site"
        pages = generate_docs(catalogue, docs, content_dir)
        timings["generate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with build_date(content_dir):  # SOURCE_DATE_EPOCH: the content's date, not today's
            run_mkdocs(config_file, docs, out, site_url)
        timings["mkdocs"] = time.perf_counter() - t0
        if search:
            t0 = time.perf_counter()
            try:
                index_site(out, sheet_pages(out))
            except SearchError as exc:
                raise BuildError(str(exc)) from exc
            timings["search"] = time.perf_counter() - t0
        _swap(out, site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(True, result.diagnostics, catalogue, pages, timings)


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
