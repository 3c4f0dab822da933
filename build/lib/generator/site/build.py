"""`python -m generator build`: MkDocs builds the site (the catalogue plugin does the rest) into a
folder beside the target, which then replaces the target in one rename.

Nothing is written unless the content is valid, and the previous site stays in place until the
new one is complete.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Catalogue

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = PROJECT_ROOT / "mkdocs.yml"
PLUGIN = "catalogue"


class BuildError(Exception):
    """The site could not be built (the message is French and meant for the user)."""


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalogue: Catalogue | None = None
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _french_logging() -> None:
    """MkDocs' own messages, prefixed in French; only warnings and errors."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(getattr(h, "_catalogue", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("MkDocs (%(levelname)s) : %(message)s"))
        handler._catalogue = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def load_site_config(
    config_file: Path, content_dir: Path, site_dir: Path, *, site_url: str | None, search: bool
):
    """MkDocs' configuration with the catalogue plugin pointed at `content_dir`."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    overrides: dict[str, object] = {"site_dir": str(site_dir), "strict": True}
    if site_url:
        overrides["site_url"] = site_url
    try:
        config = load_config(str(config_file), **overrides)
    except (ConfigurationError, OSError) as exc:
        raise BuildError(f"la configuration MkDocs « {config_file} » est invalide : {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort
        raise BuildError(f"la configuration MkDocs « {config_file} » est invalide.") from exc
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise BuildError(
            f"la configuration MkDocs « {config_file} » n'active pas le plugin « {PLUGIN} » "
            "(ajoutez-le sous « plugins: »)."
        )
    plugin.config.content = str(content_dir.resolve())
    plugin.config.search = search
    plugin.quiet = True
    return config, plugin


def check_site_dir(site_dir: Path, content_dir: Path, config_file: Path) -> None:
    """Refuse a site folder whose replacement would delete the content or the project."""
    site, content = site_dir.resolve(), content_dir.resolve()
    project = config_file.resolve().parent
    if site == content or site.is_relative_to(content) or content.is_relative_to(site):
        raise BuildError(
            f"le dossier du site « {site_dir} » contient le contenu ou est dedans : il serait "
            "effacé. Choisissez un autre dossier avec --site-dir (par exemple site)."
        )
    if site == project or project.is_relative_to(site) or site == Path(site.anchor):
        raise BuildError(
            f"le dossier du site « {site_dir} » contient le projet : il serait effacé. "
            "Choisissez un dossier à part avec --site-dir (par exemple site)."
        )
    if site.exists() and not site.is_dir():
        raise BuildError(f"« {site_dir} » existe et n'est pas un dossier : choisissez-en un autre.")
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
        raise BuildError(
            f"le dossier « {site_dir} » n'est pas vide et ne contient pas de site construit "
            "(pas d'index.html) : il ne sera pas remplacé. Choisissez un dossier vide ou "
            "nouveau avec --site-dir."
        )


@contextlib.contextmanager
def _build_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time per site folder; what an interrupted build left is removed then.

    The lock is held on the folder that holds the site (no lock file is left behind): builds
    started together wait for each other instead of crashing in the final swap.
    """
    parent = site_dir.parent
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks, builds are not serialised
        fcntl = None  # type: ignore[assignment]
    handle = os.open(parent, os.O_RDONLY) if fcntl is not None else None
    try:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        for stale in parent.glob(f".{site_dir.name}-build-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        old = parent / f".{site_dir.name}-old"
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        yield
    finally:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def build_site(
    content_dir: Path,
    site_dir: Path,
    *,
    site_url: str | None = None,
    config_file: Path = DEFAULT_CONFIG,
    search: bool = True,
) -> BuildResult:
    """Validate and build. On invalid content, returns the diagnostics and writes nothing."""
    from ..check.validate import discover

    discover(content_dir)  # ContentDirError before anything else
    check_site_dir(site_dir, content_dir, config_file)
    site_dir = site_dir.resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(site_dir):
            return _build_beside(content_dir, site_dir, site_url, config_file, search)
    except PermissionError as exc:
        raise BuildError(
            f"impossible d'écrire dans « {exc.filename or site_dir.parent} » : vérifiez les droits "
            "du dossier, ou choisissez-en un autre avec --site-dir."
        ) from None


def _build_beside(
    content_dir: Path, site_dir: Path, site_url: str | None, config_file: Path, search: bool
) -> BuildResult:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from ..check.validate import ContentDirError
    from .reproducible import build_date

    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        out = work / "site"
        config, plugin = load_site_config(
            config_file, content_dir, out, site_url=site_url, search=search
        )
        _french_logging()
        start = time.perf_counter()
        try:
            with build_date(content_dir):  # SOURCE_DATE_EPOCH: the content's date, not today's
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
        except (MkDocsException, SystemExit) as exc:
            report = plugin.report
            if not report.ok and report.diagnostics:
                return BuildResult(False, report.diagnostics, timings=report.timings)
            if report.error:
                raise BuildError(report.error) from exc
            if isinstance(exc, SystemExit):
                raise BuildError(
                    "MkDocs a signalé des avertissements en mode strict (voir ci-dessus)."
                ) from exc
            raise BuildError(f"MkDocs a refusé de construire le site : {exc}") from exc
        except ContentDirError:
            raise
        report = plugin.report
        timings = dict(report.timings)
        timings["total"] = time.perf_counter() - start
        _swap(out, site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(True, report.diagnostics, report.catalogue, report.pages, timings)


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
