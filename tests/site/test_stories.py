"""Four carrier stories (issue 15), each validated, built, and checked on the pages, the counts
and the open data. The catalogue is tests/fixtures/stories (fictional):

1. `fiche-inconnue-test`: no source names the carrier nor the home territory;
2. `hors-programme-test`: never went through AIS#Emploi, with figures (248 people, a cost, ETP);
3. `essaimage-taux-test`: an AIS#Emploi innovation with a new site that has its own figures,
   one of them a rate (47 %);
4. `zero-chomeur-test`: sites that are a QPV, and an area of two QPVs in two communes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import build_copy
from helpers import Content

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.site.figures.compute import compute

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = validate_content(STORIES)
    assert result.ok and not result.diagnostics, [str(d) for d in result.diagnostics]
    return build_catalogue(result.content)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy(STORIES, tmp_path_factory.mktemp("stories"))


def page(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def identity(html: str, label: str) -> str:
    """The text of one line of a sheet's identity card."""
    found = re.search(rf"<dt[^>]*>{label}</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert found, label
    return text_of(found.group(1)).strip()


def rows(site: Path, name: str) -> dict[str, dict[str, str]]:
    text = (site / "donnees" / f"{name}.csv").read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    return {
        r.get("id") or r.get("innovation", "") + "/" + r.get("territoire", ""): r for r in table
    }


def catalogue_json(site: Path) -> dict:
    return json.loads((site / "donnees" / "catalogue.json").read_text(encoding="utf-8"))


# --- Story 1: unknown carrier and home territory ----------------------------------------------


def test_unknown_carrier_and_territory_say_so_on_the_sheet(site: Path) -> None:
    html = page(site, "innovations/fiche-inconnue-test")
    assert identity(html, "Porté par") == "non renseigné"
    assert identity(html, "Né à") == "non renseigné"
    assert "Fiche à compléter :" in html and "contact" in html
    assert 'data-pagefind-filter="completude">fiche à compléter<' in html
    # the source read through a copy says so
    assert "Lire une copie" in html and "pas l’original" in html


def test_unknown_territory_is_never_counted_mapped_or_exported(
    site: Path, catalogue: Catalogue
) -> None:
    figures = compute(catalogue)
    # 5 places: Parthenay, Tourcoing, France, the metropolitan site, the Quartier Sud QPV
    assert figures.territories.value == 5
    assert figures.territories.reporting == 3  # the unknown sheet gives none
    assert "<svg" not in page(site, "innovations/fiche-inconnue-test").split('id="essaimage"')[1]
    row = rows(site, "innovations")["fiche-inconnue-test"]
    assert row["porteurs"] == "" and row["territoire_origine"] == ""
    assert row["territoire_origine_nom"] == ""
    doc = next(i for i in catalogue_json(site)["innovations"] if i["id"] == "fiche-inconnue-test")
    assert "porteurs" not in doc and "territoire_origine" not in doc
    # no territory appears that no file describes
    assert len(rows(site, "territoires")) == len(list((STORIES / "territories").glob("*.yml")))


def test_empty_required_field_hint_says_what_to_write(tmp_path: Path) -> None:
    content = Content.copy_of(STORIES, tmp_path)
    content.edit(
        "innovations/fiche-inconnue-test.yml", 'nom: "Parcours d’immersion de test"', "nom:"
    )
    (problem,) = content.validate()
    assert problem.code == "valeur-vide"
    assert "Écrivez la valeur après « nom: »" in problem.hint
    assert "supprimez" not in problem.hint.lower() and "retirez" not in problem.hint.lower()


# --- Story 2: an innovation outside AIS#Emploi -------------------------------------------------


def test_outside_innovation_is_not_presented_as_ais(site: Path) -> None:
    html = page(site, "innovations/hors-programme-test")
    assert identity(html, "Programme") == "Fonds régional de test [source]"
    assert "Parcours AIS#Emploi" not in html and 'id="parcours"' not in html
    text = text_of(html)
    assert "248 personnes" in text
    assert "9 500 euros" in text.replace("\u202f", " ") and "Couvre : Encadrement" in text
    assert "1,5 ETP" in text and "date inconnue" in text


def test_outside_innovation_stays_out_of_the_programme_comparisons(
    site: Path, catalogue: Catalogue
) -> None:
    figures = compute(catalogue)
    # the catalogue's own total counts every sheet (100 + 248)…
    assert figures.totals["beneficiaires"].value == 348
    # …but beside the programme's declared 1,000 stand only its own innovations' figures
    (comparison,) = [c for c in figures.comparisons if c.declared.indicateur == "beneficiaires"]
    assert comparison.measure is not None and comparison.measure.value == 100
    assert comparison.measure.out_of == 3  # the three AIS#Emploi sheets
    # and says which sheets it counts
    assert "fiches passées par AIS#Emploi" in comparison.measure.label
    assert "AIS#Emploi" not in figures.measure("beneficiaires").label
    row = rows(site, "innovations")["hors-programme-test"]
    assert (row["programme"], row["programme_nom"], row["palier_atteint"]) == (
        "autre",
        "Fonds régional de test",
        "",
    )


# --- Story 3: a new swarming site with its own figures, one a rate -----------------------------


def test_site_figures_live_on_the_site(site: Path, catalogue: Catalogue) -> None:
    html = page(site, "innovations/essaimage-taux-test")
    part = html[html.index("Chiffres du site : Nouveau site de test à Tourcoing") :]
    part = part[: part.index("</table>")]
    assert "47 %" in text_of(part) and "ce site" in part and "30 personnes" in text_of(part)
    assert "tête de réseau nationale, depuis 2016" in text_of(html)
    # neither the site's 30 people nor its rate enter a total
    figures = compute(catalogue)
    contributions = {
        c.innovation_id: c.valeur for c in figures.totals["beneficiaires"].contributions
    }
    assert contributions["essaimage-taux-test"] == 100
    assert all(c.valeur != 47 for c in figures.other_figures)
    doc = next(i for i in catalogue_json(site)["innovations"] if i["id"] == "essaimage-taux-test")
    (rate,) = [f for f in doc["essaimage"][0]["chiffres"] if f["unite"] == "pourcentage"]
    assert rate["valeur"] == 47


# --- Story 4: a QPV and an area of two QPVs in two communes ------------------------------------


def test_qpv_and_multi_commune_sites_are_drawn_as_they_are(site: Path) -> None:
    html = page(site, "innovations/zero-chomeur-test")
    svg = html[html.index('class="carte carte-fiche"') :]
    svg = svg[: svg.index("</figure>")]
    titles = re.findall(r'<a class="repere[^"]*" href="[^"]*" style="[^"]*" title="([^"]*)"', svg)
    # the metropolitan site is drawn as its two neighbourhoods, not as a commune
    assert any("Quartier Ouest" in t for t in titles) and any("Quartier Nord" in t for t in titles)
    assert not any(t.startswith("Loos") or t.startswith("Tourcoing") for t in titles)
    zone = page(site, "territoires/site-metropole-test")
    assert "Zone composée de plusieurs communes ou quartiers" in zone
    assert identity(zone, "Composé de").startswith("Quartier Ouest (QPV de test), Loos")
    qpv = page(site, "territoires/qpv-quartier-sud-test")
    assert identity(qpv, "Code du quartier prioritaire") == "QP059998"
    nord = page(site, "territoires/qpv-quartier-nord-test")
    assert identity(nord, "Code du quartier prioritaire") == "non renseigné"


def test_qpv_and_multi_commune_sites_are_counted_once(site: Path, catalogue: Catalogue) -> None:
    figures = compute(catalogue)
    sites = [r for r in figures.site_rows if r.innovation_id == "zero-chomeur-test"]
    assert sorted(r.territoire_id for r in sites) == [
        "qpv-quartier-sud-test",
        "site-metropole-test",
    ]
    assert figures.departements.value == 2  # 59 once (both sites, both communes), 79
    territoires = rows(site, "territoires")
    assert territoires["site-metropole-test"]["type"] == "zone"
    assert territoires["qpv-quartier-sud-test"]["type"] == "qpv"
    docs = {t["id"]: t for t in catalogue_json(site)["territoires"]}
    assert docs["site-metropole-test"]["composantes"] == [
        "qpv-quartier-ouest-test",
        "qpv-quartier-nord-test",
    ]
    assert docs["qpv-quartier-sud-test"]["code_qpv"] == "QP059998"


def test_a_part_of_a_site_names_the_site_instead_of_saying_nothing_swarmed(site: Path) -> None:
    """A quarter listed in a site's `composantes` has no swarming site of its own: its page says
    which site it is part of and what swarmed there, and the territories list says « partie
    de » instead of « aucune innovation »."""
    nord = page(site, "territoires/qpv-quartier-nord-test")
    assert "Site de test de la métropole (Loos et Tourcoing)" in identity(nord, "Fait partie de")
    text = text_of(nord)
    assert "Aucune innovation du catalogue n’a essaimé sur ce territoire" not in text
    assert "il fait partie d’un territoire où une innovation a essaimé" in text
    assert "Territoire zéro chômeur de test" in text
    listing = text_of(page(site, "territoires"))
    assert "Quartier prioritaire de la politique de la ville (QPV) · partie de Site de test" in (
        listing
    )
