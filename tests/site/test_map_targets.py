"""Maps read and tapped in Chromium: pins big enough to tap, named, listed, overseas and
Corsica shown, and a sheet's map that never says more than its sheet about its home."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import VALID, build_copy, serve
from playwright.sync_api import Browser, Page, expect

from generator.geo import geodata
from generator.site.maps import projection
from generator.site.maps.pathdata import bbox, decode_path

WIDTHS = (390, 1280)
REUNION = """# Test fixture: real place, fictional description.
id: saint-denis-reunion
nom: "Saint-Denis de La Réunion"
type: commune
codes_cog:
  - "97411"
millesime_cog: 2026
departements:
  - "974"
coordonnees:
  latitude: -20.8823
  longitude: 55.4504
"""
REUNION_SITE = """  - structure: "Garage de test de La Réunion"
    territoire: saint-denis-reunion
    date_debut: "2021-01"
    source: fiche-test
"""


def _edit(content: Path) -> None:
    """The fixture catalogue, plus an overseas swarming site and a sheet whose home is unknown."""
    (content / "territories" / "saint-denis-reunion.yml").write_text(REUNION, encoding="utf-8")
    relais = content / "innovations" / "relais-mobilite-test.yml"
    text = relais.read_text(encoding="utf-8")
    relais.write_text(text.replace("essaimage:\n", "essaimage:\n" + REUNION_SITE), "utf-8")
    cooperative = content / "innovations" / "cooperative-emploi-test.yml"
    text = cooperative.read_text(encoding="utf-8")
    assert "territoire_origine: cher\n" in text
    cooperative.write_text(text.replace("territoire_origine: cher\n", ""), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy(VALID, tmp_path_factory.mktemp("cartes"), edit=_edit)


@pytest.fixture(scope="module")
def base(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(site, tmp_path_factory.mktemp("cartes-servies")) as url:
        yield url


MAP_PAGES = [
    "carte/",
    "innovations/atelier-des-possibles/",
    "innovations/relais-mobilite-test/",
    "innovations/cooperative-emploi-test/",
    "territoires/parthenay/",
    "territoires/ajaccio/",
]

GEOMETRY = """() => [...document.querySelectorAll("figure.carte")].map((fig) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height }; };
  return {
    frame: box(fig.querySelector(".carte-cadre")),
    svg: box(fig.querySelector(".carte-cadre > svg")),
    pins: [...fig.querySelectorAll(".carte-cadre .repere")].map((a) => ({
      ...box(a), link: a.tagName === "A", href: a.getAttribute("href"),
      number: a.firstChild.textContent.trim(), title: a.getAttribute("title"),
      cls: a.className })),
    links: [...fig.querySelectorAll("a")].map((a) => ({ ...box(a), text: a.textContent })),
    items: [...fig.querySelectorAll("ol.reperes > li")].map((li) => ({
      id: li.id, number: li.firstChild.textContent.trim(),
      places: [...li.querySelectorAll(".reperes-lieux a")].map((a) => a.textContent.trim()) })),
  };
})"""


def _maps(browser: Browser, url: str, width: int) -> list[dict]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate(GEOMETRY)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_map_target_is_at_least_24px_and_no_pin_hides_another(
    browser: Browser, base: str, width: int
) -> None:
    problems = []
    for path in MAP_PAGES:
        (found,) = _maps(browser, base + path, width)
        assert found["pins"], path
        for link in found["links"]:
            if link["w"] < 24 or link["h"] < 24:
                problems.append(f"/{path} {link['text']!r} : {link['w']:.0f}×{link['h']:.0f} px")
        pins = found["pins"]
        for n, a in enumerate(pins):
            for b in pins[n + 1 :]:
                if (
                    a["x"] < b["x"] + b["w"]
                    and b["x"] < a["x"] + a["w"]
                    and a["y"] < b["y"] + b["h"]
                    and b["y"] < a["y"] + a["h"]
                ):
                    problems.append(f"/{path} : repères {a['number']} et {b['number']} se couvrent")
            frame = found["frame"]
            inside = (
                frame["x"] <= a["x"]
                and a["x"] + a["w"] <= frame["x"] + frame["w"]
                and frame["y"] <= a["y"]
                and a["y"] + a["h"] <= frame["y"] + frame["h"]
            )
            if not inside:
                problems.append(f"/{path} : repère {a['number']} hors de la carte")
    assert problems == [], "\n".join(problems)


def test_every_pin_is_named_by_its_places_and_listed(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page: Page = context.new_page()
        for path in MAP_PAGES:
            page.goto(base + path)
            (found,) = page.evaluate(GEOMETRY)
            items = {item["number"]: item for item in found["items"]}
            assert [p["number"] for p in found["pins"]] == list(items), path
            for pin in found["pins"]:
                assert pin["link"], path
                places = items[pin["number"]]["places"]
                assert places, (path, pin["number"])
                # the name a screen reader gives: the number read on the pin, then the places
                link = page.locator(".carte-cadre a.repere").nth(int(pin["number"]) - 1)
                expect(link).to_have_accessible_name(
                    re.compile(
                        "^"
                        + re.escape(pin["number"] + " : ")
                        + "".join(f"(?=.*{re.escape(place)})" for place in places)
                    )
                )
                if len(places) > 1:  # a shared pin opens its entry in the list
                    assert pin["href"] == f"#{items[pin['number']]['id']}"
    finally:
        context.close()


def _units_to_px(found: dict) -> tuple[float, float, float]:
    """Scale and origin (CSS px) of a full-France map's SVG units."""
    svg = found["svg"]
    return svg["w"] / projection.VIEWBOX[0], svg["x"], svg["y"]


def _centre(pin: dict) -> tuple[float, float]:
    return pin["x"] + pin["w"] / 2, pin["y"] + pin["h"] / 2


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["carte/", "innovations/relais-mobilite-test/"])
def test_overseas_and_corsica_are_drawn_and_pinned_where_they_are(
    browser: Browser, base: str, path: str, width: int
) -> None:
    (found,) = _maps(browser, base + path, width)
    k, ox, oy = _units_to_px(found)
    by_name = {p["title"].split(" (")[0]: p for p in found["pins"] if p["title"]}
    # Saint-Denis is pinned inside the Réunion inset
    x, y, w, h = projection.frame_for("974").box or (0, 0, 0, 0)
    cx, cy = _centre(by_name["Saint-Denis de La Réunion"])
    assert ox + x * k < cx < ox + (x + w) * k and oy + y * k < cy < oy + (y + h) * k
    # Ajaccio is pinned on Corse-du-Sud, which is drawn whole inside the map
    x0, y0, x1, y1 = bbox(decode_path(geodata.departements()["2A"].path))
    cx, cy = _centre(by_name["Ajaccio"])
    assert ox + x0 * k < cx < ox + x1 * k and oy + y0 * k < cy < oy + y1 * k
    svg = found["svg"]
    for code in ("2A", "2B", "971", "972", "973", "974", "976"):
        x0, y0, x1, y1 = bbox(decode_path(geodata.departements()[code].path))
        assert x1 <= projection.VIEWBOX[0] and y1 <= projection.VIEWBOX[1], code
        assert ox + x1 * k <= svg["x"] + svg["w"] + 0.5, code


def _home_link(html: str) -> str | None:
    born = re.search(r"<dt[^>]*>Né à</dt><dd>(.*?)</dd>", html, re.S)
    assert born, "the sheet says where the innovation was born"
    link = re.match(r'<a href="([^"]+)"', born.group(1))
    return link.group(1) if link else None


def test_a_sheets_map_pins_as_home_only_the_sheets_home_territory(site: Path) -> None:
    seen_unknown = seen_known = False
    for sheet in sorted((site / "innovations").glob("*/index.html")):
        html = sheet.read_text(encoding="utf-8")
        figure = re.search(r'<figure class="carte carte-fiche".*?</figure>', html, re.S)
        if not figure:
            continue
        homes = set(re.findall(r'<a class="repere r-origine" href="([^"]+)"', figure.group(0)))
        listed = set(
            re.findall(r'<span class="repere-num r-origine"', figure.group(0))
        )  # a shared pin whose first place is the home
        home = _home_link(html)
        if home is None:
            seen_unknown = True
            assert not homes and not listed, sheet
            assert "territoire d’origine" not in figure.group(0).split("</svg>")[-1], sheet
        else:
            seen_known = True
            assert homes <= {home} and (homes or listed), sheet
    assert seen_unknown and seen_known


def test_an_unknown_home_puts_no_home_on_the_map_but_keeps_the_carriers_place(
    site: Path,
) -> None:
    html = (site / "innovations" / "cooperative-emploi-test" / "index.html").read_text("utf-8")
    assert _home_link(html) is None
    figure = html[html.index('<figure class="carte carte-fiche"') :]
    figure = figure[: figure.index("</figure>")]
    assert "r-origine" not in figure
    assert re.search(r'<a class="repere r-porteur" href="\.\./\.\./territoires/cher/"', figure)
    assert "territoire d’origine non renseigné" in figure
