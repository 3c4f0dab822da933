"""Maps in the built site: on the national page, on every sheet and every territory page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import build_copy

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def shipped_site(shipped_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ (as shipped, then with additions), built without its search index."""
    return build_copy(shipped_content, tmp_path_factory.mktemp("shipped"))


def _figures(html: str) -> list[str]:
    """The maps of a page: the HTML of each <figure class="carte …"> up to its caption."""
    return re.findall(r'<figure class="carte[^"]*"[^>]*>(.*?)<figcaption', html, re.S)


def _svgs(html: str) -> list[ET.Element]:
    """The SVG drawing of each map of a page, parsed as XML."""
    return [ET.fromstring(re.search(r"<svg.*</svg>", fig, re.S).group(0)) for fig in _figures(html)]


def _links(figure: str) -> list[tuple[str, str]]:
    """(href, title) of every pin of a map, and of every place link of its list."""
    pins = re.findall(r'<a class="repere[^"]*" href="([^"]*)"[^>]*title="([^"]*)"', figure)
    listed = re.findall(r'<ol class="reperes".*?</ol>', figure, re.S)
    places = re.findall(r'<a href="([^"]*)">([^<]*)</a>', listed[0]) if listed else []
    return [(unescape(h), unescape(t)) for h, t in pins + places]


def _map_of(html: str) -> str:
    maps = _figures(html)
    assert len(maps) == 1, "one map expected"
    _svgs(html)  # the drawing is well-formed XML
    return maps[0]


def test_every_sheet_maps_its_home_and_its_swarming_sites(shipped_site: Path) -> None:
    for yml in (shipped_site.parent / "content" / "innovations").glob("*.yml"):
        html = (shipped_site / "innovations" / yml.stem / "index.html").read_text()
        in_page = set(re.findall(r'href="(\.\./\.\./territoires/[^"#]+/)"', html))
        # every territory the sheet links to that can be placed is on its map
        placeable = {t for t in in_page if t != "../../territoires/france/"}
        if not placeable:  # no known place (unknown territory): no map, nothing invented
            assert "carte-fiche" not in html, yml.stem
            continue
        targets = {href for href, _ in _links(_map_of(html))}
        # an area made of several places is drawn as its parts
        drawn = set()
        for link in placeable:
            ident = link.rstrip("/").rsplit("/", 1)[-1]
            data = yaml.safe_load(
                (shipped_site.parent / "content" / "territories" / f"{ident}.yml").read_text()
            )
            parts = data.get("composantes") or [ident]
            drawn |= {f"../../territoires/{part}/" for part in parts}
        assert drawn <= targets, (yml.stem, drawn - targets)


def test_every_territory_page_has_its_map(shipped_site: Path) -> None:
    for yml in (shipped_site.parent / "content" / "territories").glob("*.yml"):
        html = (shipped_site / "territoires" / yml.stem / "index.html").read_text()
        if yml.stem == "france":
            assert "carte-situation" not in html  # the whole country: nothing to locate
            continue
        titles = [title for _, title in _links(_map_of(html))]
        assert titles, yml.stem


def test_national_map_shows_and_links_every_shipped_territory(shipped_site: Path) -> None:
    html = (shipped_site / "carte" / "index.html").read_text()
    svg = _map_of(html)
    links = _links(svg)
    hrefs = {href for href, _ in links}
    for yml in (shipped_site.parent / "content" / "territories").glob("*.yml"):
        page = f"../territoires/{yml.stem}/"
        assert f'href="{page}"' in html, f"{yml.stem} is not linked from carte/"
        text = yml.read_text()
        if "type: commune" in text or "type: arrondissement" in text or "groupement" in text:
            assert page in hrefs, f"{yml.stem} has no point on the national map"
    assert any(title.startswith("Parthenay") for _, title in links)
    # the text alternative: one table row per département with innovations
    assert "Innovations par département" in html and "Deux-Sèvres (79)" in html


def test_maps_make_no_request_elsewhere_and_stay_small(shipped_site: Path) -> None:
    sheet = (shipped_site / "innovations" / "vita-air" / "index.html").read_text()
    svg = re.search(r'<figure class="carte[^"]*"[^>]*>(.*?)<figcaption', sheet, re.S).group(1)
    assert 'href="../../assets/carte-fond.svg#' in svg
    assert len(svg.encode()) < 8000, "a sheet's map must not inline the background"
    national = (shipped_site / "carte" / "index.html").read_text()
    national_svg = re.search(
        r'<figure class="carte[^"]*"[^>]*>(.*?)<figcaption', national, re.S
    ).group(1)
    assert len(national_svg.encode()) < 150_000
    assert (shipped_site / "assets" / "carte-fond.svg").is_file()
