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


def parse(html: str) -> ET.Element:
    """A map's HTML (well-formed: its SVG, its pins, its legend and list) as XML."""
    return ET.fromstring(f"<carte>{html}</carte>")


def svg_of(root: ET.Element) -> ET.Element:
    svg = root.find(f".//{NS}svg")
    assert svg is not None
    return svg


def pins_of(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if (e.get("class") or "").split()[:1] == ["repere"]]


def listed(root: ET.Element) -> dict[str, list[tuple[str, str]]]:
    """Number → (href, text) of the places of each entry of the list of pins."""
    out = {}
    for li in root.iter("li"):
        if li.get("id"):
            number = (li[0].text or "").strip()
            out[number] = [(a.get("href", ""), a.text or "") for a in li.iter("a")]
    return out


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
    """The heaviest national map: every département valued, many points."""
    deps = geodata.departements()
    values = {code: (n * 7) % 40 for n, code in enumerate(deps)}
    points = [
        commune_point(code, count=n % 6)
        for n, code in enumerate(["79202", "18033", "37261", "59350", "69266", "75113", "97411"])
    ]
    return national_map(values, points * 20)


def test_national_map_is_well_formed_and_light(full_national: str) -> None:
    parse(full_national)
    raw = full_national.encode("utf-8")
    assert len(raw) < 150_000
    assert len(gzip.compress(raw)) < 50_000


def test_national_map_scales_to_a_phone(full_national: str) -> None:
    svg = svg_of(parse(full_national))
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox", ""))
    assert svg.get("width") is None and svg.get("height") is None


def test_national_map_is_named_for_assistive_technologies(full_national: str) -> None:
    svg = svg_of(parse(full_national))
    ids = {el.get("id"): el for el in svg.iter() if el.get("id")}
    assert svg.get("role") == "img"
    title = ids[svg.get("aria-labelledby")]
    desc = ids[svg.get("aria-describedby")]
    assert title.tag == f"{NS}title" and title.text
    assert desc.tag == f"{NS}desc" and "départements" in (desc.text or "")


def test_no_script_no_external_resource(full_national: str) -> None:
    for svg in (full_national, base_map_svg(), locator_map([commune_point("79202")], BASE)):
        assert "<script" not in svg and "javascript:" not in svg
        assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in svg and "@import" not in svg and "url(" not in svg


def test_departements_are_drawn_not_linked_and_say_their_count() -> None:
    root = parse(national_map({"79": 12, "86": 1, "75": 3}, []))
    svg = svg_of(root)
    assert list(svg.iter(f"{NS}a")) == [] and list(root.iter("a")) == []
    path_titles = [p.findtext(f"{NS}title") for p in svg.iter(f"{NS}path")]
    assert "Deux-Sèvres (79) : 12 innovations" in path_titles
    assert "Vienne (86) : 1 innovation" in path_titles
    assert "Cher (18) : 0 innovation" in path_titles


def departement_fills(root: ET.Element) -> dict[str, str]:
    """Fill of each département shape, keyed by the code read in its title."""
    fills = {}
    for path in root.iter(f"{NS}path"):
        match = re.search(r"\((\w+)\) :", path.findtext(f"{NS}title") or "")
        if match:
            fills.setdefault(match.group(1), path.get("fill", ""))
    return fills


def test_choropleth_colours_grow_with_the_count_and_zero_is_neutral() -> None:
    values = {"01": 1, "02": 2, "03": 4, "04": 9, "05": 30, "06": 1, "07": 2, "08": 5}
    values |= {"09": 12, "10": 3, "11": 7, "12": 20}
    html = national_map(values, [])
    fills = departement_fills(parse(html))
    assert len(fills) == 101
    assert fills["18"] == NEUTRAL
    assert fills["01"] == fills["06"] != NEUTRAL
    ordered = [fills[c] for c in sorted(values, key=values.get)]
    distinct = list(dict.fromkeys(ordered))
    assert len(distinct) == 5
    assert distinct == [c for c in render.SCALE_COLOURS if c in distinct]
    # The legend, in the page's text, explains every colour used.
    swatches = set(re.findall(r'class="carte-pastille" style="background:(#\w+)"', html))
    assert set(distinct) | {NEUTRAL} <= swatches


def test_points_are_numbered_pins_linked_named_and_listed() -> None:
    points = [commune_point("79202", count=3), commune_point("97411", label="2 innovations")]
    root = parse(national_map({}, points))
    pins = {a.get("href"): a for a in pins_of(root)}
    assert pins["/territoires/79202/"].get("title") == "Parthenay (3 innovations)"
    assert pins["/territoires/97411/"].get("title") == "Saint-Denis (2 innovations)"
    entries = listed(root)
    for pin in pins.values():
        number = (pin.text or "").strip()
        hidden = "".join(pin.itertext())
        assert hidden.startswith(f"{number} : ") and pin.get("title") in hidden
        assert entries[number] == [(pin.get("href"), pin.get("title", "").split(" (")[0])]
    # Saint-Denis is pinned in the Réunion inset.
    style = pins["/territoires/97411/"].get("style", "")
    x, y = (float(v) for v in re.findall(r"--[xy]:([\d.]+)%", style))
    bx, by, bw, bh = projection.frame_for("974").box or (0, 0, 0, 0)
    width, height = projection.VIEWBOX
    assert bx < x * width / 100 < bx + bw and by < y * height / 100 < by + bh


def test_places_closer_than_a_pin_share_one_pin_that_opens_the_list() -> None:
    # Paris 13e and Paris 14e touch: on a phone they cannot have a pin each.
    points = [commune_point("75113", count=1), commune_point("75114", count=1)]
    root = parse(national_map({}, points))
    (pin,) = pins_of(root)
    (number, places), *_ = listed(root).items()
    assert pin.get("href") == f"#{pin.get('href', '')[1:]}" and pin.text == number
    assert root.find(f".//li[@id='{pin.get('href', '')[1:]}']") is not None
    assert [href for href, _ in places] == ["/territoires/75113/", "/territoires/75114/"]


HOSTILE = 'L\'Île <b>"&amp;" & <script>'


def test_user_text_is_escaped_everywhere() -> None:
    hostile_url = '/t/?a=1&b="2"<x>'
    point = MapPoint(
        name=HOSTILE, url=hostile_url, role="origine", label="<2015>", departement="79"
    )
    national = national_map({"79": 1}, [point])
    locator = locator_map([point], 'fond.svg?v="1"&x=<y>')
    for html in (national, locator):
        root = parse(html)  # would raise on unescaped text
        assert "<script>" not in html and "<b>" not in html
        assert any(HOSTILE in (a.get("title") or "") for a in pins_of(root))
        assert hostile_url in {a.get("href") for a in root.iter("a")}
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
    html = locator_map(places, BASE)
    svg = svg_of(parse(html))
    assert f'href="{BASE}#fond"' in html
    assert len(html.encode("utf-8")) < 6_000
    longest_path = max((len(p.get("d", "")) for p in svg.iter(f"{NS}path")), default=0)
    assert longest_path < 100  # no département shape
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", svg.get("viewBox", ""))


def test_base_map_holds_every_departement_with_an_id() -> None:
    svg = base_map_svg()
    root = ET.fromstring(svg)
    ids = {el.get("id") for el in root.iter()}
    assert "fond" in ids
    assert {f"d{code}" for code in geodata.departements()} <= ids
    assert {"z75", "z92", "z93", "z94"} <= ids
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} <= texts


def test_locator_roles_have_distinct_pins_links_names_and_list_entries() -> None:
    places = [
        commune_point("79202", "origine", "2015"),
        commune_point("18033", "essaimage", "2018"),
        commune_point("37261", "courant"),
        commune_point("13055", "voisin", "Nom d’une innovation voisine"),
        commune_point("59350", "porteur", "Association de test"),
    ]
    root = parse(locator_map(places, BASE))
    pins = {a.get("href"): a for a in pins_of(root)}
    assert set(pins) == {p.url for p in places}
    styles = set()
    for place in places:
        pin = pins[place.url]
        name = pin.get("title") or ""
        assert place.name in name and ROLES[place.role].lower() in name
        assert place.label in name and name in "".join(pin.itertext())
        styles.add(pin.get("class"))
    assert len(styles) == 5
    # the list gives the places in role order: this territory, then the home…
    first = listed(root)["1"]
    assert first == [("/territoires/37261/", "Tours")]


def test_a_departement_place_is_highlighted_from_the_shared_file_and_pinned() -> None:
    place = MapPoint(
        name="Vienne", url="/t/vienne/", role="essaimage", departement="86", kind="departement"
    )
    root = parse(locator_map([place], BASE))
    uses = [u.get("href") for u in root.iter(f"{NS}use")]
    assert f"{BASE}#d86" in uses
    (pin,) = pins_of(root)
    assert pin.get("href") == "/t/vienne/"


def test_a_region_place_highlights_all_its_departements() -> None:
    place = MapPoint(
        name="Corse", url="/t/corse/", role="origine", departement="", kind="region", region="94"
    )
    root = parse(locator_map([place], BASE))
    uses = {u.get("href") for u in root.iter(f"{NS}use")}
    assert {f"{BASE}#d2A", f"{BASE}#d2B"} <= uses
    assert len(pins_of(root)) == 1


def test_zoomed_locator_frames_the_places() -> None:
    places = [commune_point("69266", "courant"), commune_point("69264", "voisin")]
    full = parse(locator_map(places, BASE))
    zoomed = parse(locator_map(places, BASE, zoom=True))

    def inner_view_width(root: ET.Element) -> float:
        inner = svg_of(root).find(f"{NS}svg")
        assert inner is not None
        return float(inner.get("viewBox", "").split()[2])

    assert inner_view_width(full) == projection.VIEWBOX[0]
    assert inner_view_width(zoomed) < projection.VIEWBOX[0] / 3
    # Villeurbanne and Villefranche: one pin on all France, one each once zoomed in
    assert len(pins_of(full)) == 1 and len(pins_of(zoomed)) == 2


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
