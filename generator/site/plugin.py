"""The catalogue as a MkDocs plugin (`plugins: - catalogue: {content: content}` in mkdocs.yml).

MkDocs and Material stay the engine; this plugin reaches them only through the plugin API:

- `on_pre_build` loads and validates the content folder, then builds the model. Errors stop the
  build before MkDocs writes anything (in the preview, the previous pages stay up instead).
- `on_files` adds every page and data file of `site_contents` as a virtual file
  (`File.generated`): nothing is generated inside the repository.
- Generated pages never go through Markdown or YAML: `on_page_read_source` gives MkDocs an
  empty source, `on_page_context` hands the theme the page's finished HTML (rendered from the
  model just then, and dropped by `on_post_page`, so memory does not grow with the catalogue).
- While MkDocs writes the pages, a build makes the open-data files in a forked copy of the
  process (forked.py), and Pagefind indexes the sheets as soon as the last one is written (a
  copy of each is made for it from the page MkDocs writes); `on_post_build` waits for both. The
  preview makes them after its pages, in the background.

In the preview (`mkdocs serve --dirty`, which `python -m generator serve` uses), the plugin is
kept from one build to the next (it has `on_startup`): it re-reads only the content files that
changed and marks as modified only the pages whose key changed, so MkDocs rebuilds just those.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import html
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..check.validate import ContentDirError, ValidationCache, validate_content
from ..diagnostics import Diagnostic, format_text, summary_fr
from ..load.gitdates import last_changed
from ..load.history import HistoryCache, sheet_changes
from ..model import Catalogue, build_catalogue
from .contents import SiteFile, site_contents
from .contribution import Contribution
from .forked import FedJob, ForkedJob, ForkedJobError
from .metadata import page_metadata
from .render.pages import SitePage
from .search import SearchError, SheetIndexer, index_site, remove_working_folders


class CatalogueConfig(base.Config):
    content = c.Type(str, default="content")
    """The content folder, relative to mkdocs.yml."""
    search = c.Type(bool, default=True)
    """Index the sheets with Pagefind after the build."""


class _GeneratedFile(File):
    """A virtual file whose page MkDocs rebuilds in a dirty build only when its key changed.

    A data file made by a function (`SiteFile.lazy`) is made when MkDocs writes it, and its
    content dropped once written: the build holds one such file at a time."""

    changed: bool = True
    source: SiteFile | None = None
    deferred: bool = False  # written after the pages, by `write_deferred`

    def is_modified(self) -> bool:
        return self.changed

    def write_deferred(self) -> None:
        self.deferred = False
        self.copy_file()

    def copy_file(self, dirty: bool = False) -> None:
        if self.deferred or (dirty and not self.is_modified()):
            return
        if self.source is None or not self.source.lazy:
            super().copy_file(dirty)
            return
        content = self.source.content
        self.content_bytes = content.encode("utf-8") if isinstance(content, str) else content
        try:
            super().copy_file(dirty)
        finally:
            self.content_bytes = b""


class _CompiledTemplates(BytecodeCache):
    """Jinja's documented bytecode cache, kept in memory by the plugin. MkDocs makes a new
    template environment at each build: in the preview, the theme's templates are then compiled
    once instead of at every rebuild (Jinja compiles again a template whose source changed)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class BuildReport:
    """What the last build found and made (read by `python -m generator build` and tests)."""

    ok: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalogue: Catalogue | None = None
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    error: str = ""  # why the plugin stopped the build, when it did


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.quiet = False  # True when the caller prints the diagnostics itself
        self._reset()

    def _reset(self) -> None:
        """A new session (build or preview): MkDocs keeps this object across sessions."""
        self.report = BuildReport()
        self._cache = ValidationCache()
        self._content_dir = Path("content")
        self._contents: list[SitePage | SiteFile] | None = None
        self._pages: dict[str, SitePage] = {}
        self._keys: dict[str, str] = {}  # src_uri → key of the page last written
        self._search: Future[None] | None = None
        self._data_job: Future[None] | None = None
        self._background: ThreadPoolExecutor | None = None
        self._written: dict[str, str] = {}  # path → key (or digest) of the data file last written
        self._deferred: list[tuple[_GeneratedFile, str]] = []  # preview: made after the pages
        self._files_job: ForkedJob[dict[str, int]] | None = None  # build: made beside the pages
        self._sizes: dict[str, int] = {}  # open-data files' sizes, kept across preview builds
        self._sheets: list[str] = []  # the sheets' built paths, in writing order
        self._sheets_written = 0
        self._indexing: FedJob[float] | None = None  # a build's search index, fed the sheets
        self._site_dir = Path("site")  # where the build writes (mkdocs.yml, or the caller's)
        self._site_url = ""  # mkdocs.yml's site_url: schemas' $id, template, metadata
        self._contribution = Contribution()  # mkdocs.yml's repo_url and contact address
        self._templates = _CompiledTemplates()  # the theme's templates, compiled once
        self._history: HistoryCache = {}  # what each commit changed in the sheets

    # --- Lifecycle ---------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._reset()
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self._background is not None:
            self._background.shutdown(wait=True)
            self._background = None

    def on_config(self, config: Any) -> Any:
        folder = Path(self.config.content)
        if not folder.is_absolute():
            folder = Path(config.config_file_path or ".").resolve().parent / folder
        self._content_dir = _shown(folder)
        self._site_url = config.site_url or ""
        self._site_dir = Path(config.site_dir)
        self._contribution = Contribution.from_config(config)
        config.extra["liens_contribution"] = self._contribution  # the theme's footer
        return config

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        if self.serving:
            env.bytecode_cache = self._templates
        else:
            # A build makes its own environment and the theme's files do not change during
            # it: Jinja need not look at them again for every page (documented attribute).
            env.auto_reload = False
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self._content_dir))
        return server

    # --- Content -----------------------------------------------------------------------------

    def on_pre_build(self, *, config: Any) -> None:
        if not self.serving and self.config.search:
            # The search index's copy of the process is made now, before the content is read:
            # it shares little with this process, so the pages this one writes to as the
            # build goes on are not kept twice (once more in the copy).
            self._indexing = FedJob(SheetIndexer(Path(config.site_dir)))
        with _collector_paused():
            self._load(config)
        if self._indexing is not None:
            self._indexing.send(list(self._sheets))  # the sheets it will be given
        if self.serving:
            # The collector leaves what exists now alone until the build is over (then it frees
            # the previous build's model, in the background: see _catch_up).
            gc.freeze()

    def _load(self, config: Any) -> None:
        """Validate the content folder, build the model and the list of what the site holds."""
        timings: dict[str, float] = {}
        start = time.perf_counter()
        try:
            # Only the preview validates again: a build keeps no copy of the documents.
            cache = self._cache if self.serving else None
            result = validate_content(self._content_dir, cache=cache)
        except ContentDirError as exc:
            self.report.error = str(exc)
            raise PluginError(str(exc)) from None
        timings["validate"] = time.perf_counter() - start
        self.report = BuildReport(result.ok, result.diagnostics, timings=timings)
        if result.diagnostics and not self.quiet:
            print(format_text(result.diagnostics), file=sys.stderr)
        if not result.ok:
            summary = summary_fr(result.diagnostics)
            if self.serving and self._contents is not None:
                print(f"{summary} Les pages précédentes restent affichées.", file=sys.stderr)
                for page in self._pages.values():
                    self._keys[page.path] = page.key  # nothing to rebuild
                return
            raise PluginError(f"{summary} Le site n'a pas été construit.")
        start = time.perf_counter()
        catalogue = build_catalogue(result.content)
        stamps = self._cache.stamps()
        self._contents = list(
            site_contents(
                catalogue,
                updated=last_changed(self._content_dir),
                stamps=stamps,
                history=sheet_changes(self._content_dir, cache=self._history),
                site_name=config.site_name,
                site_url=self._site_url,
                sizes=self._sizes,
                contribution=self._contribution,
                files_made=self._wait_for_data_files,
            )
        )
        self._pages = {item.path: item for item in self._contents if isinstance(item, SitePage)}
        self._sheets = [
            _built_path(page.path, config.use_directory_urls)
            for page in self._pages.values()
            if page.search
        ]
        self._sheets_written = 0
        self.report.catalogue = catalogue
        self.report.pages = len(self._pages)
        timings["model"] = time.perf_counter() - start

    def on_files(self, files: Files, *, config: Any) -> Files:
        self._deferred = []
        made_beside: list[_GeneratedFile] = []
        for item in self._contents or []:
            if isinstance(item, SitePage):
                generated = _GeneratedFile.generated(config, item.path, content="")
                generated.changed = self._keys.get(item.path) != item.key
            else:
                generated = self._data_file(item, config)
                if generated.deferred and not self.serving:
                    made_beside.append(generated)
            if item.path in files.src_uris:
                files.remove(files.src_uris[item.path])
            files.append(generated)
        if made_beside:
            self._files_job = ForkedJob(lambda: _make_files(made_beside, self._sizes))
        return files

    def _data_file(self, item: SiteFile, config: Any) -> _GeneratedFile:
        """The virtual file of `item`, marked modified when its key (or content) changed.

        A data file made by a function is made after or beside the pages, so that they do not
        wait for it. In the preview, a changed one is made after the pages, in the background
        like search: the page being edited shows up at once (the previous version stays served
        meanwhile). In a build, they are all made in a copy of the process (forked.py) while
        MkDocs writes the pages, on the processor MkDocs leaves idle."""
        if item.lazy:
            generated = _GeneratedFile.generated(config, item.path, content=b"")
            generated.source = item
            key = item.key
        else:
            generated = _GeneratedFile.generated(config, item.path, content=item.content)
            key = _digest(item.content)
        generated.changed = self._written.get(item.path) != key
        # In the preview, a file never written yet is written at once (the first build).
        if item.lazy and generated.changed and (not self.serving or item.path in self._written):
            generated.deferred = True
        if self.serving and generated.deferred:
            self._deferred.append((generated, key))
        elif generated.changed:
            self._written[item.path] = key
        return generated

    def _wait_for_data_files(self) -> None:
        """Wait for the data files a build makes beside the pages (their page shows their
        sizes); stop the build if they could not be made."""
        job, self._files_job = self._files_job, None
        if job is None:
            return
        try:
            self._sizes.update(job.result())
        except ForkedJobError as exc:
            self.report.error = f"les fichiers de données n'ont pas pu être faits : {exc}"
            raise PluginError(self.report.error) from None

    # --- Pages -------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Any, config: Any) -> str | None:
        return "" if page.file.src_uri in self._pages else None

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        site_page = self._pages.get(page.file.src_uri)
        if site_page is not None:
            page.meta["title"] = site_page.title
            # Generated pages have no table of contents and the tabs hold the navigation:
            # Material's documented `hide` meta gives the page the whole width.
            page.meta.setdefault("hide", ["navigation", "toc"])
        return markdown

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        site_page = self._pages.get(page.file.src_uri)
        if site_page is not None:
            body = site_page.body()
            page.meta["title"] = body.title
            if body.description:
                page.meta["description"] = body.description
            page.content = body.html
            title, description = html.unescape(body.title), html.unescape(body.description)
        else:
            title = page.title or config.site_name
            description = page.meta.get("description") or ""
        page.meta["partage"] = page_metadata(
            self.report.catalogue,
            src_uri=page.file.src_uri,
            title=title,
            description=description or config.site_description or "",
            url=page.url,
            site_name=config.site_name,
            site_url=self._site_url,
        )
        return context

    @event_priority(-100)  # last: `output` is then the page as MkDocs writes it
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        site_page = self._pages.get(page.file.src_uri)
        if site_page is not None:
            page.content = ""  # written: the HTML is no longer needed
            self._keys[site_page.path] = site_page.key
            if site_page.search:
                self._copy_for_search(page.file.dest_uri, output)
        return output

    # --- Search ------------------------------------------------------------------------------

    def _copy_for_search(self, dest_uri: str, output: str) -> None:
        """A build hands each sheet to the search index as MkDocs writes it (a copy of the
        process makes Pagefind's copy of it), and Pagefind indexes them while MkDocs writes the
        other pages: the sheets come first."""
        self._sheets_written += 1
        if self._indexing is None:
            return
        self._indexing.send((dest_uri, output))
        if self._sheets_written >= len(self._sheets):
            self._indexing.close()

    def on_post_build(self, *, config: Any) -> None:
        site_dir = Path(config.site_dir)
        self._wait_for_data_files()
        if self.serving:
            self._catch_up(site_dir)
            return
        indexing, self._indexing = self._indexing, None
        if indexing is None:
            return
        waited = time.perf_counter()
        try:  # (sheets written out of order: the index reads from the site those not given)
            # How long Pagefind took (beside the pages), and how long the build waited for it.
            self.report.timings["search"] = indexing.result()
            self.report.timings["search_wait"] = time.perf_counter() - waited
        except (SearchError, ForkedJobError) as exc:
            self.report.error = str(exc)
            raise PluginError(str(exc)) from None
        finally:
            remove_working_folders(site_dir)

    def _catch_up(self, site_dir: Path) -> None:
        """The preview shows the pages at once; in the background, one job after the other: the
        data files, the memory of the previous build, and search catch up a moment later."""
        if self._background is None:
            self._background = ThreadPoolExecutor(1, thread_name_prefix="recherche")
        if self._search is not None:
            self._search.cancel()
        if self._deferred:
            if self._data_job is not None:
                self._data_job.cancel()  # not started yet: this build's job writes newer files
            self._data_job = self._background.submit(self._write_deferred, self._deferred)
            self._deferred = []
        self._background.submit(_collect_garbage)
        if self.config.search and self._sheets:
            self._search = self._background.submit(_index_quietly, site_dir, list(self._sheets))

    def _write_deferred(self, deferred: list[tuple[_GeneratedFile, str]]) -> None:
        for generated, key in deferred:
            if self._written.get(generated.src_uri) == key:
                continue
            generated.write_deferred()
            self._written[generated.src_uri] = key

    def on_build_error(self, *, error: Exception) -> None:
        if self._files_job is not None:
            self._files_job.cancel()
            self._files_job = None
        if self._indexing is not None:  # never leave Pagefind writing into a failed build
            self._indexing.cancel()
            self._indexing = None
            remove_working_folders(self._site_dir)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the content is loaded and linked.

    Nearly every object made then lives on (the model), so the collector's passes over them
    are wasted: they took half of the model's time in the preview. It runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect_garbage() -> None:
    """Free what the previous builds left (their models hold reference cycles)."""
    gc.unfreeze()
    gc.collect()


def _make_files(files: list[_GeneratedFile], sizes: dict[str, int]) -> dict[str, int]:
    """Write the data files `files`; return their sizes (noted in `sizes` as they are made)."""
    for generated in files:
        generated.write_deferred()
    return {
        generated.src_uri: sizes[generated.src_uri]
        for generated in files
        if generated.src_uri in sizes
    }


def _digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha1(data).hexdigest()


def _index_quietly(site_dir: Path, sheets: list[str]) -> None:
    try:
        index_site(site_dir, sheets, detached=True)
    except SearchError as exc:
        print(f"avertissement : {exc}", file=sys.stderr)


def _built_path(src_uri: str, directory_urls: bool) -> str:
    """Where MkDocs writes the page `innovations/x.md`: `innovations/x/index.html`."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def _shown(folder: Path) -> Path:
    """The folder as the user reaches it from the working directory (for file:line:col)."""
    here = Path.cwd()
    return folder.relative_to(here) if folder.is_relative_to(here) else folder
