"""Touch targets on a phone (WCAG 2.5.8): on every kind of page, at 390 px, with and without
JavaScript, each link, button or field is at least 24 × 24 CSS px, or far enough from the others
that a 24 px circle centred on it touches no other target (nor another small target's circle).
A link inline in a sentence, in the sentence's own type size, is exempt, as WCAG allows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import VALID, build_copy, serve
from playwright.sync_api import Browser

from generator.geo import geodata

PHONE = {"width": 390, "height": 844}
PAGES = {
    "accueil": "",
    "explorateur": "innovations/",
    "fiche": "innovations/atelier-des-possibles/",
    "territoire": "territoires/parthenay/",
    "carte": "carte/",
    "chiffres": "chiffres/",
    "comparer": "comparer/?ids=atelier-des-possibles,relais-mobilite-test",
    "departement": "departements/79/",
    "thematique": "thematiques/trouver-un-emploi/",
}
SWARMED = 10  # communes of Deux-Sèvres added as swarming sites: a long list of territories


def _edit(content: Path) -> None:
    """The fixture catalogue, with one innovation swarmed to ten more communes of one
    département: the figures page then lists a région's many territories in one cell."""
    in_deux_sevres = (c for c in geodata.communes() if c.departement == "79" and c.lat is not None)
    communes = list(itertools.islice(in_deux_sevres, SWARMED))
    sites = ""
    for n, c in enumerate(communes):
        ident = f"commune-{c.code}"
        (content / "territories" / f"{ident}.yml").write_text(
            f"# Test fixture: real place, fictional description.\nid: {ident}\n"
            f'nom: "{c.nom}"\ntype: commune\ncodes_cog:\n  - "{c.code}"\nmillesime_cog: 2026\n'
            f'departements:\n  - "79"\ncoordonnees:\n  latitude: {c.lat}\n  longitude: {c.lon}\n',
            encoding="utf-8",
        )
        sites += (
            f'  - structure: "Garage de test numéro {n + 1}"\n    territoire: {ident}\n'
            f'    date_debut: "2022-01"\n    source: fiche-test\n'
        )
    relais = content / "innovations" / "relais-mobilite-test.yml"
    text = relais.read_text(encoding="utf-8")
    assert text.count("essaimage:\n") == 1
    relais.write_text(text.replace("essaimage:\n", "essaimage:\n" + sites), encoding="utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_copy(VALID, tmp_path_factory.mktemp("cibles"), edit=_edit, search=True)
    with serve(site, tmp_path_factory.mktemp("cibles-servies")) as url:
        yield url


# Every target of the page that fails WCAG 2.5.8: {text, size, near} for each.
CROWDED = """() => {
  const controls = "a[href], button, summary, select, input:not([type=hidden]), label";
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;  // visually hidden (read aloud only)
    if (!e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    if (e.closest("[hidden], dialog:not([open])")) return false;
    const folded = e.parentElement.closest("details:not([open])");
    return !folded || folded.querySelector(":scope > summary").contains(e);
  };
  // A label is the target of the field it holds; a label holding none is no target.
  const targets = [...document.querySelectorAll(controls)].filter(shown).filter((e) =>
    e.tagName === "LABEL" ? e.querySelector("input, select") : !e.matches("label *"));
  const blockOf = (e) => {
    let b = e.parentElement;
    while (getComputedStyle(b).display.startsWith("inline")) b = b.parentElement;
    return b;
  };
  // Inline in a sentence: in the flow of its text, at its size, among more words than links
  // (a list of links, « A, B, C », is no sentence).
  const inSentence = (e) => {
    const style = getComputedStyle(e);
    if (style.display !== "inline" || style.verticalAlign !== "baseline") return false;
    const block = blockOf(e);
    if (parseFloat(style.fontSize) < 0.95 * parseFloat(getComputedStyle(block).fontSize)) return false;
    const copy = block.cloneNode(true);
    const links = copy.querySelectorAll("a[href], button");
    links.forEach((l) => l.remove());
    const words = (copy.textContent.match(/\\p{L}{2,}/gu) || []).length;
    return words >= 3 && words >= 2 * links.length;
  };
  const boxes = targets.map((e) => {
    const r = e.getBoundingClientRect();
    return { e, x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height,
      cx: r.x + scrollX + r.width / 2, cy: r.y + scrollY + r.height / 2 };
  });
  const small = new Set(boxes.filter((t) => (t.w < 24 || t.h < 24) && !inSentence(t.e)));
  const gap = (t, o) => Math.hypot(Math.max(o.x - t.cx, 0, t.cx - o.x - o.w),
    Math.max(o.y - t.cy, 0, t.cy - o.y - o.h));
  const failing = [];
  for (const t of small) {
    const near = boxes.filter((o) => !o.e.contains(t.e) && !t.e.contains(o.e) && (small.has(o)
      ? Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24 : gap(t, o) < 12));
    if (near.length) failing.push({
      text: (t.e.textContent || t.e.getAttribute("aria-label") || "").trim().slice(0, 40),
      size: `${Math.round(t.w)} × ${Math.round(t.h)}`,
      near: (near[0].e.textContent || "").trim().slice(0, 40) });
  }
  return failing;
}"""


@pytest.mark.parametrize("script", [True, False], ids=["avec-js", "sans-js"])
def test_on_a_phone_no_target_is_too_small_and_too_close_to_another(
    browser: Browser, base: str, script: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=script)
    page = context.new_page()
    failing = {}
    try:
        for name, path in PAGES.items():
            page.goto(base + path, wait_until="networkidle")  # the page's scripts have drawn it
            found = page.evaluate(CROWDED)
            if found:
                failing[name] = found
    finally:
        context.close()
    assert failing == {}, "\n".join(
        f"/{PAGES[name]} : « {t['text']} » ({t['size']} px) trop près de « {t['near']} »"
        for name, found in failing.items()
        for t in found
    )
