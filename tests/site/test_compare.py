"""Compare: the address holds the choice, the columns come from one small file per sheet."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect

IDS = ["relais-mobilite-test", "atelier-des-possibles", "cooperative-emploi-test"]


def test_one_small_file_per_sheet_and_no_file_with_the_whole_catalogue(
    fixture_site: Path,
) -> None:
    files = sorted((fixture_site / "comparer" / "fiches").glob("*.json"))
    assert [f.stem for f in files] == sorted(IDS)
    facts = json.loads((fixture_site / "comparer" / "fiches" / f"{IDS[1]}.json").read_text())
    assert facts["nom"] == "Atelier des possibles"
    assert all(set(c) >= {"libelle", "valeur", "unite"} for c in facts["chiffres"])


def test_the_compare_address_round_trips_and_shows_three_sheets(
    browser: Browser, served_site: str
) -> None:
    page = browser.new_page()
    page.goto(f"{served_site}comparer/?ids={','.join(IDS)}")
    heads = page.locator("table.comparaison thead th a")
    expect(heads).to_have_count(3)
    expect(heads.first).to_have_text("Relais mobilité de test")
    assert page.url.endswith("?ids=" + ",".join(IDS))
    rows = page.locator("table.comparaison tbody th").all_inner_texts()
    assert {"Pour qui", "Ce qu’elle coûte", "Niveau de preuve", "Chiffres"} <= set(rows)

    # a fourth cannot be added; removing one frees a place and the address follows
    expect(page.get_by_label("Ajouter une innovation")).to_be_disabled()
    page.get_by_role("button", name="Retirer Atelier des possibles").click()
    expect(heads).to_have_count(2)
    assert page.url.endswith(f"?ids={IDS[0]},{IDS[2]}")
    page.get_by_label("Ajouter une innovation").select_option(IDS[1])
    page.get_by_role("button", name="Ajouter").click()
    expect(heads).to_have_count(3)
    assert page.url.endswith(f"?ids={IDS[0]},{IDS[2]},{IDS[1]}")

    # the address sent by e-mail opens the same choice
    other = browser.new_page()
    other.goto(page.url)
    expect(other.locator("table.comparaison thead th a")).to_have_text(
        ["Relais mobilité de test", "Coopérative d’emploi de test", "Atelier des possibles"]
    )
    other.close()
    page.close()


def test_a_sheet_links_to_the_comparison_and_without_javascript_a_table_shows_every_sheet(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}innovations/{IDS[1]}/")
    page.get_by_role("link", name="Comparer avec d’autres innovations").click()
    page.wait_for_url(f"{served_site}comparer/?ids={IDS[1]}")
    expect(page.locator("table.faits-cles tbody tr")).to_have_count(3)
    expect(page.locator("[data-choix]")).to_be_hidden()
    context.close()
