"""Every internal link of the built site leads somewhere: a file of the site, an anchor of a page.

Links to other hosts are not checked here (the tests never use the network): the scheduled
workflow .github/workflows/liens.yml checks the addresses cited in the content.
"""

from __future__ import annotations

import os
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import build_copy

# Attributes holding an address the browser follows or loads.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
ID_ATTRIBUTES = ("id", "name")


@pytest.fixture(scope="module")
def shipped_site(shipped_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ (as shipped, then with additions) built once for this module, with its search index."""
    return build_copy(shipped_content, tmp_path_factory.mktemp("shipped-links"), search=True)


class _Collector(HTMLParser):
    """The addresses a page points to, and the anchors (id, name) it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, address)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                self.links.append((tag, value))
            elif name == "srcset":
                self.links.extend(
                    (tag, part.split()[0]) for part in value.split(",") if part.strip()
                )
            if name in ID_ATTRIBUTES:
                self.anchors.add(value)

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector


@cache
def _anchors(path: Path) -> frozenset[str]:
    """Anchors of an HTML page or of an SVG file (its id= and name= attributes)."""
    return frozenset(_parse(path).anchors)


# The path of the site's address (mkdocs.yml's site_url), where GitHub Pages serves it.
SITE_PATH = urlsplit(
    yaml.safe_load((Path(__file__).parents[2] / "mkdocs.yml").read_text(encoding="utf-8"))[
        "site_url"
    ]
).path

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _target(site: Path, page: Path, path: str) -> Path:
    """The file an address path designates (a folder means its index.html)."""
    if path.startswith(SITE_PATH):  # 404.html: absolute paths under mkdocs.yml's site_url
        path = "/" + path.removeprefix(SITE_PATH)
    base = (
        PurePosixPath("/")
        if path.startswith("/")
        else PurePosixPath("/", page.parent.relative_to(site).as_posix())
    )
    parts: list[str] = []
    for part in (base / path.lstrip("/")).parts[1:]:
        if part == "..":
            if not parts:
                return site / ".." / "hors-du-site"
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = site.joinpath(*parts)
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def _problems(site: Path, page: Path, address: str) -> list[str]:
    address = address.strip()
    split = urlsplit(address)
    if split.scheme or split.netloc or address.startswith("//"):
        return []  # another host, or mailto:, tel: … — not a file of the site
    path, fragment = unquote(split.path), unquote(split.fragment)
    target = _target(site, page, path) if path else page
    if not target.is_file():
        return [f"{address!r} : fichier absent ({os.path.relpath(target, site)})"]
    if fragment and target.suffix in (".html", ".svg") and fragment not in _anchors(target):
        return [f"{address!r} : ancre #{fragment} absente de {target.relative_to(site)}"]
    return []


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted([*site.rglob("*.html"), *site.rglob("*.svg")]):
        for _tag, address in _parse(page).links:
            broken += [f"{page.relative_to(site)} : {p}" for p in _problems(site, page, address)]
    for sheet in sorted(site.glob("assets/*.css")):  # the project's own style sheets
        for match in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            address = match.group(2)
            if not address.startswith(("data:", "#")):
                broken += [
                    f"{sheet.relative_to(site)} : {p}" for p in _problems(site, sheet, address)
                ]
    return broken


@pytest.mark.parametrize("which", ["fixture_site", "shipped_site"])
def test_every_internal_link_and_anchor_resolves(
    which: str, request, shipped_content: Path
) -> None:
    # shipped_content: the shipped site is built as shipped, then with a carrier's additions
    site: Path = request.getfixturevalue(which)
    broken = _broken_links(site)
    assert broken == [], f"{len(broken)} liens cassés :\n" + "\n".join(broken[:40])


def test_the_crawl_sees_svg_references_and_anchors(fixture_site: Path) -> None:
    """The crawl really follows `<use href="…svg#id">`, cross-page anchors and folder links."""
    sheet = fixture_site / "innovations" / "atelier-des-possibles" / "index.html"
    links = [address for _tag, address in _parse(sheet).links]
    assert any(re.fullmatch(r"(\.\./)+assets/carte-fond\.svg#\w+", a) for a in links)
    assert any(a.startswith("../../territoires/") and a.endswith("/") for a in links)
    figures = fixture_site / "chiffres" / "index.html"
    assert any("#" in a and not a.startswith("#") for _t, a in _parse(figures).links)


def test_the_crawl_reports_what_is_broken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "fond.svg").write_text('<svg><g id="d18"/></svg>')
    (site / "index.html").write_text('<h2 id="haut">x</h2><a name="ancien"></a>')
    (site / "a" / "index.html").write_text(
        '<a href="../">ok</a><a href="../#haut">ok</a><a href="../index.html#ancien">ok</a>'
        '<svg><use href="../assets/fond.svg#d18"/></svg><a href="https://example.org/x">ok</a>'
        '<a href="mailto:x@example.org">ok</a><a href="#">ok</a>'
        '<a href="../b/">cassé</a><a href="../#bas">cassé</a>'
        '<svg><use href="../assets/fond.svg#d99"/></svg><img src="image.png">'
        '<a href="../../../etc/passwd">hors</a>'
    )
    broken = "\n".join(_broken_links(site))
    assert broken.count("a/index.html") == 5, broken
    for expected in ("'../b/'", "#bas", "#d99", "image.png", "passwd"):
        assert expected in broken
