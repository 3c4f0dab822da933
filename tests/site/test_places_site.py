"""« Mon territoire » in the built site: a page per département and région, the commune box."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from generator.geo import geodata


def test_every_departement_and_region_page_is_built(fixture_site: Path) -> None:
    for code in geodata.departements():
        page = fixture_site / "departements" / code.lower() / "index.html"
        assert page.exists(), code
    for code in geodata.regions():
        assert (fixture_site / "regions" / code.lower() / "index.html").exists(), code
    html = (fixture_site / "departements" / "2b" / "index.html").read_text(encoding="utf-8")
    assert "Haute-Corse" in html and "Corse-du-Sud (2A)" in html
    assert "Pas encore présentes" in html and "<svg" in html


def test_place_names_use_the_typographic_apostrophe(fixture_site: Path) -> None:
    """The reference files write « Côte-d'Or »; the site writes French as everywhere else."""
    for code, name in geodata.regions().items():
        html = (fixture_site / "regions" / code.lower() / "index.html").read_text("utf-8")
        for dep in geodata.departements_of_region(code):
            assert "'" not in geodata.departements()[dep].nom
        assert "'" not in name
        assert f"<h1>{name}</h1>" in html
    html = (fixture_site / "departements" / "21" / "index.html").read_text(encoding="utf-8")
    assert "Côte-d’Or" in html and "Côte-d'Or" not in html


def test_the_maps_departement_table_leads_to_each_departements_page(fixture_site: Path) -> None:
    html = (fixture_site / "carte" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('id="par-departement"') : html.index('id="par-territoire"')]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">[^<]*\((\w+)\)</a></th>', table)
    assert rows and len(rows) == table.count('<th scope="row">')
    for href, code in rows:
        assert href == f"../departements/{code.lower()}/"
        assert (fixture_site / "departements" / code.lower() / "index.html").exists()
    # the map's shapes are not links: the page does not say they are
    assert "Cliquez sur un département" not in html


def test_commune_box_opens_the_page_of_the_communes_departement(
    browser: Browser, served_site: str
) -> None:
    page = browser.new_page()
    page.goto(served_site + "territoires/")
    box = page.get_by_label("Trouver ma commune (nom ou code INSEE)")
    box.fill("parthen")
    expect(page.locator("[data-commune-resultats] a").first).to_have_text("Parthenay (79202)")
    box.press("Enter")
    page.wait_for_url(served_site + "departements/79/")
    expect(page.locator("h1")).to_have_text("Deux-Sèvres")

    page.goto(served_site)
    box = page.get_by_label("Trouver ma commune (nom ou code INSEE)")
    box.fill("2A004")  # Ajaccio, by its INSEE code
    expect(page.locator("[data-commune-resultats] a").first).to_have_text("Ajaccio (2A004)")
    page.locator("[data-commune-resultats] a").first.click()
    page.wait_for_url(served_site + "departements/2a/")
    expect(page.locator("h1")).to_have_text("Corse-du-Sud")

    # a name several communes share, in different départements: the reader chooses
    page.goto(served_site)
    box = page.get_by_label("Trouver ma commune (nom ou code INSEE)")
    box.fill("Saint-Denis")
    box.press("Enter")
    expect(page.locator("[data-commune-resultats]")).to_contain_text("choisissez la vôtre")
    found = page.locator("[data-commune-resultats] a")
    expect(found.first).to_be_focused()
    assert page.url == served_site
    names = found.all_inner_texts()
    assert len({n for n in names if n.startswith("Saint-Denis (")}) > 1, names

    page.goto(served_site)
    page.get_by_label("Trouver ma commune (nom ou code INSEE)").fill("zzzz")
    expect(page.locator("[data-commune-resultats]")).to_contain_text("Aucune commune trouvée")
    page.close()


def test_without_javascript_the_list_of_departements_is_there(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site)
    expect(page.locator("[data-commune]")).to_be_hidden()
    page.get_by_text("Choisir un département dans la liste").click()
    page.get_by_role("link", name="Vienne (86)").click()
    page.wait_for_url(served_site + "departements/86/")
    expect(page.locator("#proches")).to_contain_text("Deux-Sèvres (79)")
    context.close()
