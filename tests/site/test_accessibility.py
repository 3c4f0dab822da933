"""Accessibility in a real browser: axe-core, keyboard navigation, text alternatives of maps/charts.

axe-core comes with the PyPI package axe-playwright-python (the `test` extra); the pages are the
fixture catalogue served under /depot/, at a desktop width and at a phone width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

WIDTHS = {"bureau": 1280, "telephone": 390}
SEVERE = ("serious", "critical")
RESULT_LINKS = "[data-results] h3 a"
READY = "[data-explorateur][data-pret]"  # the explorer's script has loaded the index


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ModuleNotFoundError:
        pytest.fail(
            "axe-playwright-python manque : pip install -e '.[test]' (il apporte axe-core)."
        )
    return Axe()


def _open(browser: Browser, width: int) -> tuple[Page, object]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context.new_page(), context


# --- axe-core -----------------------------------------------------------------------------------

PAGES = {
    "accueil": "",
    "explorateur": "innovations/",
    "fiche": "innovations/atelier-des-possibles/",
    "territoire": "territoires/parthenay/",
    "carte": "carte/",
    "chiffres": "chiffres/",
    "comparer": "comparer/",
    "lieu": "departements/79/",
    "thematique": "thematiques/trouver-un-emploi/",
    "thematiques": "thematiques/",
}


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}) : {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {', '.join(map(str, node['target']))} : {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_axe_finds_no_serious_violation(
    browser: Browser, axe, served_site: str, fixture_site: Path, path: str, width: int
) -> None:
    if not (fixture_site / path / "index.html").is_file():
        pytest.skip(f"la page {path} n'existe pas encore")
    page, context = _open(browser, width)
    try:
        if path == PAGES["explorateur"]:  # audit the explorer as used: a search and its results
            page.goto(served_site + path + "?q=formations")
            expect(page.locator(RESULT_LINKS).first).to_be_visible()
        else:
            page.goto(served_site + path)  # waits for "load": the theme's scripts have run
        violations = axe.run(page).response["violations"]
    finally:
        context.close()
    severe = [v for v in violations if v["impact"] in SEVERE]
    assert severe == [], f"axe ({width} px, /{path}) :\n{_report(severe)}"


# --- Keyboard -----------------------------------------------------------------------------------

FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || "").trim().slice(0, 40),
    href: e.getAttribute("href"), inResults: !!e.closest("[data-results]"),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
    shadow: s.boxShadow !== "none",
    onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < innerWidth && r.top < innerHeight,
  };
}"""


def _tab_until(page: Page, wanted, limit: int = 60) -> list[dict]:
    """Press Tab until `wanted(focused)`; return every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            continue
        seen.append(focused)
        if wanted(focused):
            return seen
    raise AssertionError(
        f"introuvable au clavier après {limit} tabulations : "
        + ", ".join(f"{f['tag']}#{f['id']} {f['text']!r}" for f in seen[-8:])
    )


def _invisible(stops: list[dict], *, on_screen: bool) -> list[str]:
    return [
        f"{f['tag']}#{f['id']} {f['text']!r}"
        for f in stops
        if not (f["outline"] or f["shadow"]) or (on_screen and not f["onScreen"])
    ]


def test_the_explorer_works_with_the_keyboard_alone(browser: Browser, served_site: str) -> None:
    page, context = _open(browser, WIDTHS["bureau"])
    try:
        page.goto(served_site + "innovations/")
        expect(page.locator(READY)).to_have_count(1)
        stops = _tab_until(page, lambda f: f["id"] == "recherche-q")
        page.keyboard.type("formations")
        page.keyboard.press("Enter")
        expect(page.locator(RESULT_LINKS)).to_have_count(1)
        stops += _tab_until(page, lambda f: f["inResults"] and f["tag"] == "a")
        assert stops[-1]["text"] == "Atelier des possibles"
        assert _invisible(stops, on_screen=True) == [], "focus invisible sur ces éléments"
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Atelier des possibles")
    finally:
        context.close()


def test_on_a_phone_every_tab_stop_before_the_search_box_is_on_screen(
    browser: Browser, served_site: str
) -> None:
    page, context = _open(browser, WIDTHS["telephone"])
    try:
        page.goto(served_site + "innovations/")
        expect(page.locator(READY)).to_have_count(1)
        stops = _tab_until(page, lambda f: f["id"] == "recherche-q")
        assert _invisible(stops, on_screen=True) == [], "focus hors de l'écran"
    finally:
        context.close()


def test_on_a_phone_the_menu_opens_with_the_keyboard(browser: Browser, served_site: str) -> None:
    page, context = _open(browser, WIDTHS["telephone"])
    try:
        page.goto(served_site + "innovations/")
        menu = page.get_by_role("button", name="Menu")
        menu.focus()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        drawer = page.locator(".md-sidebar--primary")
        expect(drawer.get_by_role("link", name="Territoires").first).to_be_visible()
        menu.focus()
        page.keyboard.press(" ")  # Space, as on any button: closes it again
        expect(menu).to_have_attribute("aria-expanded", "false")
    finally:
        context.close()


def test_the_first_tab_stop_skips_to_the_content(browser: Browser, served_site: str) -> None:
    page, context = _open(browser, WIDTHS["bureau"])
    try:
        page.goto(served_site + "innovations/")
        expect(page.locator(READY)).to_have_count(1)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS)
        assert first and first["href"] and first["href"].startswith("#"), first
        assert first["onScreen"] and (first["outline"] or first["shadow"])
        page.keyboard.press("Enter")
        stops = _tab_until(page, lambda f: f["id"] == "recherche-q", limit=3)
        assert len(stops) <= 2
    finally:
        context.close()


# --- Text alternatives of maps and charts -------------------------------------------------------

ALTERNATIVES = """() => {
  const text = (e) => (e ? e.textContent : "").replace(/\\s+/g, " ").trim();
  const nameOf = (svg) => {
    const ids = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const labelled = ids.map((id) => text(document.getElementById(id))).join(" ").trim();
    return labelled || svg.getAttribute("aria-label") || text(svg.querySelector(":scope > title"));
  };
  const article = document.querySelector("article") || document.body;
  const outside = article.cloneNode(true);
  outside.querySelectorAll("figure.carte, .graphique svg").forEach((f) => f.remove());
  const rest = text(outside);
  const maps = [...article.querySelectorAll("figure[class^='carte'], figure.carte")].map((fig) => {
    const svg = fig.querySelector("svg");
    const entries = [...fig.querySelectorAll("a.repere")].map((a) => a.getAttribute("title") || "");
    const places = [...fig.querySelectorAll("ol.reperes a")].map(text);
    const tableAfter = [...article.querySelectorAll("table")].some(
      (t) => fig.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    return {
      cls: fig.className, role: svg && svg.getAttribute("role"), name: svg ? nameOf(svg) : "",
      caption: text(fig.querySelector("figcaption")), tableAfter, entries, places,
    };
  });
  const charts = [...article.querySelectorAll(".graphique")].map((box) => {
    const svg = box.querySelector("svg");
    return {
      id: svg && svg.id, role: svg && svg.getAttribute("role"), name: svg ? nameOf(svg) : "",
      labels: svg ? [...svg.querySelectorAll("text")].map(text).join(" ") : "",
      rows: [...box.querySelectorAll("table tbody th[scope=row]")].map(text),
    };
  });
  const unnamed = [...article.querySelectorAll("svg")]
    .filter((s) => !s.parentElement.closest("svg"))
    .filter((s) => s.getAttribute("aria-hidden") !== "true" && !nameOf(s))
    .map((s) => s.outerHTML.slice(0, 80));
  return { maps, charts, rest, unnamed };
}"""

POINTER = re.compile(r"ci-dessous|sous la carte|tableau|liste", re.I)


def _pages_with_figures(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        if '<figure class="carte' in text or 'class="graphique"' in text:
            pages.append(html.parent.relative_to(site).as_posix().removeprefix("."))
    return [p + "/" if p else "" for p in pages]


def test_every_map_and_chart_has_a_text_alternative(
    browser: Browser, served_site: str, fixture_site: Path
) -> None:
    paths = _pages_with_figures(fixture_site)
    assert {"carte/", "innovations/atelier-des-possibles/", "territoires/parthenay/"} <= set(paths)
    page, context = _open(browser, WIDTHS["bureau"])
    problems: list[str] = []
    maps = charts = 0
    try:
        for path in paths:
            page.goto(served_site + path)
            found = page.evaluate(ALTERNATIVES)
            rest = found["rest"]
            problems += [f"/{path} : SVG sans nom accessible : {s}" for s in found["unnamed"]]
            for m in found["maps"]:
                maps += 1
                where = f"/{path} {m['cls']}"
                if m["role"] not in ("img", "group") or not m["name"]:
                    problems.append(f"{where} : carte sans rôle ni titre")
                if not (m["tableAfter"] or POINTER.search(m["caption"])):
                    problems.append(
                        f"{where} : ni tableau après la carte, ni légende qui y renvoie"
                    )
                if len(m["places"]) < len(m["entries"]):
                    problems.append(f"{where} : repères sans liste qui les nomme")
                if any(not entry.strip() for entry in m["entries"]):
                    problems.append(f"{where} : repère de la carte sans titre")
                for label in m["places"]:
                    if label not in rest:
                        problems.append(f"{where} : « {label} » absent du texte hors de la carte")
            for c in found["charts"]:
                charts += 1
                where = f"/{path} graphique {c['id']}"
                if c["role"] != "img" or not c["name"]:
                    problems.append(f"{where} : sans role=img ni titre")
                if not c["rows"]:
                    problems.append(f"{where} : pas de tableau des données")
                labels = " ".join(c["labels"].split())
                problems += [
                    f"{where} : « {row} » dans le tableau mais pas dans le graphique"
                    for row in c["rows"]
                    if row not in labels
                ]
    finally:
        context.close()
    assert maps >= 3
    assert problems == [], "\n".join(problems)
