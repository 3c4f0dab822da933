"""The SVG maps: well-formed, light, linked, labelled, escaped, accessible."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

from generator.geo import geodata
from generator.site.maps import projection, render
from generator.site.maps.render import (
    NEUTRAL,
    ROLES,
    MapPoint,
    base_map_svg,
    class_ranges,
    locator_map,
    national_map,
)

NS = "{http://www.w3.org/2000/svg}"
BASE = "../../assets/carte-fond.svg"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def commune_point(code: str, role: str = "voisin", label: str = "", count: int = 0) -> MapPoint:
    commune = geodata.commune(code)
    assert commune is not None
    return MapPoint(
        name=commune.nom,
        url=f"/territoires/{code}/",
        role=role,
        label=label,
        departement=commune.departement,
        lon=commune.lon,
        lat=commune.lat,
        count=count,
    )


@pytest.fixture(scope="module")
def full_national() -> str:
    """The heaviest national map: every département valued and linked, many points."""
    deps = geodata.departements()
    values = {code: (n * 7) % 40 for n, code in enumerate(deps)}
    links = {code: f"/territoires/departement-{code.lower()}/" for code in deps}
    points = [
        commune_point(code, count=n % 6)
        for n, code in enumerate(["79202", "18033", "37261", "59350", "69266", "75113", "97411"])
    ]
    return national_map(values, links, points * 20)


def link_titles(root: ET.Element) -> dict[str, str]:
    return {a.get("href", ""): (a.findtext(f"{NS}title") or "") for a in root.iter(f"{NS}a")}


def test_national_map_is_well_formed_and_light(full_national: str) -> None:
    parse(full_national)
    raw = full_national.encode("utf-8")
    assert len(raw) < 150_000
    assert len(gzip.compress(raw)) < 50_000


def test_national_map_scales_to_a_phone(full_national: str) -> None:
    root = parse(full_national)
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    assert root.get("width") is None and root.get("height") is None


def test_national_map_is_named_for_assistive_technologies(full_national: str) -> None:
    root = parse(full_national)
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    title = ids[root.get("aria-labelledby")]
    desc = ids[root.get("aria-describedby")]
    assert title.tag == f"{NS}title" and title.text
    assert desc.tag == f"{NS}desc" and "départements" in (desc.text or "")


def test_no_script_no_external_resource(full_national: str) -> None:
    for svg in (full_national, base_map_svg(), locator_map([commune_point("79202")], BASE)):
        assert "<script" not in svg and "javascript:" not in svg
        assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in svg and "@import" not in svg and "url(" not in svg


def test_each_linked_departement_has_its_link_and_a_title_with_name_and_count() -> None:
    values = {"79": 12, "86": 1, "75": 3}
    links = {"79": "/territoires/deux-sevres/", "86": "/territoires/vienne/"}
    root = parse(national_map(values, links, []))
    titles = link_titles(root)
    assert titles["/territoires/deux-sevres/"] == "Deux-Sèvres (79) : 12 innovations"
    assert titles["/territoires/vienne/"] == "Vienne (86) : 1 innovation"
    # Without a link, a département is not clickable but still says its count.
    assert len(titles) == 2
    path_titles = [p.findtext(f"{NS}title") for p in root.iter(f"{NS}path")]
    assert "Paris (75) : 3 innovations" in path_titles
    assert "Cher (18) : 0 innovation" in path_titles


def departement_fills(root: ET.Element) -> dict[str, str]:
    """Fill of each département shape, keyed by the code read in its title."""
    fills = {}
    for el in root.iter():
        title = el.findtext(f"{NS}title")
        if not title or el.tag not in (f"{NS}a", f"{NS}path"):
            continue
        match = re.search(r"\((\w+)\) :", title)
        if not match:
            continue
        path = el if el.tag == f"{NS}path" else el.find(f"{NS}path")
        if path is not None:
            fills.setdefault(match.group(1), path.get("fill", ""))
    return fills


def test_choropleth_colours_grow_with_the_count_and_zero_is_neutral() -> None:
    values = {"01": 1, "02": 2, "03": 4, "04": 9, "05": 30, "06": 1, "07": 2, "08": 5}
    values |= {"09": 12, "10": 3, "11": 7, "12": 20}
    root = parse(national_map(values, {}, []))
    fills = departement_fills(root)
    assert len(fills) == 101
    assert fills["18"] == NEUTRAL
    assert fills["01"] == fills["06"] != NEUTRAL
    ordered = [fills[c] for c in sorted(values, key=values.get)]
    distinct = list(dict.fromkeys(ordered))
    assert len(distinct) == 5
    assert distinct == [c for c in render.SCALE_COLOURS if c in distinct]
    # The legend explains every colour used.
    legend_fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert set(distinct) | {NEUTRAL} <= legend_fills


def test_points_are_linked_circles_with_a_title() -> None:
    points = [commune_point("79202", count=3), commune_point("97411", label="2 innovations")]
    root = parse(national_map({}, {}, points))
    titles = link_titles(root)
    assert titles["/territoires/79202/"] == "Parthenay : 3 innovations"
    assert titles["/territoires/97411/"] == "Saint-Denis : 2 innovations"
    circles = [a.find(f"{NS}circle") for a in root.iter(f"{NS}a")]
    assert all(c is not None for c in circles)
    # Saint-Denis is drawn in the Réunion inset.
    reunion = next(a for a in root.iter(f"{NS}a") if a.get("href") == "/territoires/97411/")
    circle = reunion.find(f"{NS}circle")
    assert circle is not None
    bx, by, bw, bh = projection.frame_for("974").box or (0, 0, 0, 0)
    assert bx < float(circle.get("cx", -1)) < bx + bw
    assert by < float(circle.get("cy", -1)) < by + bh


HOSTILE = 'L\'Île <b>"&amp;" & <script>'


def test_user_text_is_escaped_everywhere() -> None:
    hostile_url = '/t/?a=1&b="2"<x>'
    point = MapPoint(
        name=HOSTILE, url=hostile_url, role="origine", label="<2015>", departement="79"
    )
    national = national_map({"79": 1}, {"79": hostile_url}, [point])
    locator = locator_map([point], 'fond.svg?v="1"&x=<y>')
    for svg in (national, locator):
        root = parse(svg)  # would raise on unescaped text
        assert "<script>" not in svg and "<b>" not in svg
        titles = [t.text or "" for t in root.iter(f"{NS}title")]
        assert any(HOSTILE in t for t in titles)
        assert hostile_url in {a.get("href") for a in root.iter(f"{NS}a")}
    use = parse(locator).find(f".//{NS}use")
    assert use is not None and use.get("href") == 'fond.svg?v="1"&x=<y>#fond'


def test_locator_map_references_the_shared_background_instead_of_inlining_it() -> None:
    places = [
        commune_point("79202", "origine", "2015"),
        commune_point("18033", "essaimage", "2018"),
        commune_point("37261", "essaimage", "2019"),
        commune_point("97411", "essaimage", "2021"),
        commune_point("75113", "essaimage", "2020"),
    ]
    svg = locator_map(places, BASE)
    root = parse(svg)
    assert f'href="{BASE}#fond"' in svg
    assert len(svg.encode("utf-8")) < 6_000
    longest_path = max((len(p.get("d", "")) for p in root.iter(f"{NS}path")), default=0)
    assert longest_path < 100  # markers only, no département shape
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox", ""))


def test_base_map_holds_every_departement_with_an_id() -> None:
    svg = base_map_svg()
    root = parse(svg)
    ids = {el.get("id") for el in root.iter()}
    assert "fond" in ids
    assert {f"d{code}" for code in geodata.departements()} <= ids
    assert {"z75", "z92", "z93", "z94"} <= ids
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} <= texts


def marker_signature(element: ET.Element) -> tuple[str, str]:
    shape = element[-1]
    return shape.tag, shape.get("fill", "")


def test_locator_roles_have_distinct_markers_links_titles_and_a_legend() -> None:
    places = [
        commune_point("79202", "origine", "2015"),
        commune_point("18033", "essaimage", "2018"),
        commune_point("37261", "courant"),
        commune_point("86194", "voisin", "Nom d’une innovation voisine"),
    ]
    root = parse(locator_map(places, BASE))
    links = {a.get("href"): a for a in root.iter(f"{NS}a")}
    assert set(links) == {p.url for p in places}
    signatures = set()
    for place in places:
        link = links[place.url]
        title = link.findtext(f"{NS}title") or ""
        assert place.name in title and ROLES[place.role].lower() in title
        assert place.label in title
        signatures.add(marker_signature(link))
    assert len(signatures) == 4
    legend = {t.text for t in root.iter(f"{NS}text")}
    assert set(ROLES.values()) <= legend


def test_locator_legend_lists_only_the_roles_present() -> None:
    root = parse(locator_map([commune_point("79202", "origine")], BASE))
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert ROLES["origine"] in texts
    assert ROLES["essaimage"] not in texts and ROLES["voisin"] not in texts


def test_a_departement_place_is_highlighted_from_the_shared_file_and_marked() -> None:
    place = MapPoint(
        name="Vienne", url="/t/vienne/", role="essaimage", departement="86", kind="departement"
    )
    root = parse(locator_map([place], BASE))
    uses = [u.get("href") for u in root.iter(f"{NS}use")]
    assert f"{BASE}#d86" in uses
    link = next(root.iter(f"{NS}a"))
    assert link.get("href") == "/t/vienne/"


def test_a_region_place_highlights_all_its_departements() -> None:
    place = MapPoint(
        name="Corse", url="/t/corse/", role="origine", departement="", kind="region", region="94"
    )
    root = parse(locator_map([place], BASE))
    uses = {u.get("href") for u in root.iter(f"{NS}use")}
    assert {f"{BASE}#d2A", f"{BASE}#d2B"} <= uses
    assert len(list(root.iter(f"{NS}a"))) == 1


def test_zoomed_locator_frames_the_places() -> None:
    places = [commune_point("69266", "courant"), commune_point("69123", "voisin")]
    full = parse(locator_map(places, BASE))
    zoomed = parse(locator_map(places, BASE, zoom=True))

    def inner_view_width(root: ET.Element) -> float:
        inner = root.find(f"{NS}svg")
        assert inner is not None
        return float(inner.get("viewBox", "").split()[2])

    assert inner_view_width(full) == projection.VIEWBOX[0]
    assert inner_view_width(zoomed) < projection.VIEWBOX[0] / 3


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="role"):
        locator_map([commune_point("79202", "inconnu")], BASE)


def test_class_ranges_are_contiguous_and_cover_every_positive_value() -> None:
    assert class_ranges([0, 0]) == []
    assert class_ranges([1, 1, 2]) == [(1, 1), (2, 2)]
    assert class_ranges([1, 2, 7, 40]) == [(1, 1), (2, 2), (3, 7), (8, 40)]
    values = [1] * 40 + [2] * 20 + [3] * 10 + list(range(4, 60))
    ranges = class_ranges(values)
    assert 2 <= len(ranges) <= 5
    assert ranges[0][0] == 1 and ranges[-1][1] == 59
    for (_, high), (low, _) in zip(ranges, ranges[1:], strict=False):
        assert low == high + 1
