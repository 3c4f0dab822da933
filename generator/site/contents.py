"""What the site contains: one list of every generated page and data file, built from the model.

`site_contents` is the only place that knows the whole site. It returns data, not files: the
MkDocs plugin hands each item to MkDocs as a virtual file, tests read them directly. Pages are
rendered only when asked (`SitePage.body()`), so the site's memory stays flat as it grows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..contribute.fieldref import TEMPLATES, reference_markdown
from ..contribute.scaffold import template
from ..load.history import Change
from ..model import Catalogue
from . import export, spreadsheet
from .compare import PAGE_SIZE as COMPARE_PAGE_SIZE
from .compare import compare_file_keys, compare_files, compare_pages
from .contribution import Contribution
from .datapackage import DATAPACKAGE_PATH, datapackage_json
from .figures.compute import newest_content_date
from .figures.site import TITLE as FIGURES_TITLE
from .figures.site import figures_page
from .maps import site as maps_site
from .maps.render import BASE_MAP_FILENAME, base_map_svg
from .metadata import absolute
from .news import news_contents
from .places import commune_files, place_pages
from .render.explorer import PAGE_SIZE, explorer_pages
from .render.facet_pages import facet_pages
from .render.pages import SitePage, catalogue_key, site_pages

ASSETS = Path(__file__).parent / "assets"
# Pages written in Markdown by the project itself (never contributors' text): MkDocs' docs_dir.
STATIC_PAGES = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class SiteFile:
    """A file published as it is (data, schemas, assets), or a Markdown page of the project's.

    `data` is the content, or a function making it when the file is written (the open-data
    files: made one at a time, and in the preview after the pages). A file made by a function
    has a `key` that changes whenever its content may (see SitePage.key).
    """

    path: str
    data: str | bytes | Callable[[], str | bytes]
    key: str = ""

    @property
    def lazy(self) -> bool:
        return callable(self.data)

    @property
    def content(self) -> str | bytes:
        return self.data() if callable(self.data) else self.data


def _measured(path: str, make: Callable[[], str | bytes], sizes: dict[str, int]):
    """`make`, noting the size of what it makes in `sizes` (the open-data page shows it)."""

    def made() -> str | bytes:
        content = make()
        sizes[path] = len(content.encode("utf-8") if isinstance(content, str) else content)
        return content

    return made


def site_contents(
    catalogue: Catalogue,
    *,
    updated: dict[str, str] | None = None,
    stamps: dict[str, str] | None = None,
    history: dict[str, list[Change]] | None = None,
    site_name: str = "Innovations pour l’emploi",
    site_url: str = "",
    sizes: dict[str, int] | None = None,
    contribution: Contribution | None = None,
    explorer_page_size: int = PAGE_SIZE,
    compare_page_size: int = COMPARE_PAGE_SIZE,
    files_made: Callable[[], None] | None = None,
) -> Iterator[SitePage | SiteFile]:
    """Every page and file the site adds to the static pages of STATIC_PAGES, sheets first.

    `updated` ({content path: date of its last commit}) dates the sheets; `stamps` ({content
    path: fingerprint}) make the pages' keys (see SitePage.key); `history` ({content path: its
    last changes}, from git) feeds each sheet's history, the Nouveautés page and its feed;
    `site_url` (mkdocs.yml) makes the schemas' `$id`, the template's `$schema` line and
    robots.txt absolute; `sizes` ({path: bytes}) keeps the open-data files' sizes from one
    build to the next (the preview makes them after its pages: their page shows the sizes of
    the files last made); `contribution` (mkdocs.yml) gives each sheet its links to
    propose a correction; `explorer_page_size` is how many sheets each page of the explorer
    lists (innovations/, innovations/page/2/…), `compare_page_size` how many rows each page of
    the comparison's key-facts table has (comparer/, comparer/page/2/…); `files_made` is
    called before the open-data page reads the sizes of the files (a build makes them beside
    the pages: see plugin.py).
    """
    sizes = {} if sizes is None else sizes
    updated = updated or {}
    stamps = stamps or {}
    history = history or {}
    yield from site_pages(
        catalogue,
        updated=updated,
        stamps=stamps,
        history=history,
        contribution=contribution,
        **maps_site.page_hooks(catalogue),
    )
    everything = catalogue_key(stamps, updated)
    yield from explorer_pages(
        catalogue,
        page_size=explorer_page_size,
        key=everything,
        stamp=lambda path: stamps.get(path, everything),
    )
    yield from facet_pages(
        catalogue,
        page_size=explorer_page_size,
        stamp=lambda path: stamps.get(path, everything),
    )
    yield SitePage(
        "carte/index.md",
        "Carte des innovations",
        lambda: maps_site.national_page(catalogue),
        everything,
    )
    yield from place_pages(catalogue)
    yield from compare_pages(
        catalogue,
        page_size=compare_page_size,
        key=everything,
        stamp=lambda path: stamps.get(path, everything),
    )
    for item in news_contents(catalogue, history, site_name):
        yield item if isinstance(item, SitePage) else SiteFile(*item)
    compare_keys = compare_file_keys(catalogue, lambda path: stamps.get(path, everything))
    yield from (
        SiteFile(path, make, compare_keys.get(path, everything))
        for path, make in compare_files(catalogue).items()
    )
    yield SitePage("chiffres/index.md", FIGURES_TITLE, lambda: figures_page(catalogue), everything)
    data: dict[str, Callable[[], str | bytes]] = dict(export.files(catalogue, site_url=site_url))
    data[DATAPACKAGE_PATH] = lambda: datapackage_json()[1]
    data[spreadsheet.PATH] = lambda: spreadsheet.workbook(catalogue, newest_content_date(catalogue))
    makers = {path: _measured(path, make, sizes) for path, make in sorted(data.items())}
    yield from (SiteFile(path, make, everything) for path, make in makers.items())

    def data_sizes() -> dict[str, int]:
        if files_made is not None:
            files_made()
        return {
            path: sizes[path] if path in sizes else _size(make()) for path, make in makers.items()
        }

    yield SitePage(
        f"{export.DATA_DIR}/index.md",
        "Données ouvertes",
        lambda: export.data_page(catalogue, data_sizes()),
        everything,
    )
    yield SiteFile(f"assets/{BASE_MAP_FILENAME}", base_map_svg())
    yield from (SiteFile(path, text) for path, text in commune_files().items())
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            yield SiteFile(f"assets/{asset.name}", asset.read_bytes())
    yield SiteFile("contribuer/reference.md", reference_markdown())
    for kind, ident in TEMPLATES.items():
        schema = absolute(site_url, f"{export.SCHEMAS_DIR}/{kind}.schema.json") if site_url else ""
        yield SiteFile(f"contribuer/modele-{kind}.yml", template(kind, ident, schema_url=schema))
    yield SiteFile("robots.txt", robots_txt(site_url))


def _size(content: str | bytes) -> int:
    return len(content.encode("utf-8") if isinstance(content, str) else content)


def robots_txt(site_url: str) -> str:
    """Every page may be indexed; the sitemap's address when the site has one."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {absolute(site_url, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"
