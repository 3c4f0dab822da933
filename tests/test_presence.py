"""Where an innovation is present: born there, carried or run there by one of its `porteurs`,
or swarmed there. A carrier's territory shows on the territory pages and the maps as it does on
the « Mon territoire » pages (tests/test_places.py); figures and open data keep « née ou
essaimée », which they say they count."""

from __future__ import annotations

from pathlib import Path

from helpers import VALID, Content

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.site.contents import site_contents
from generator.site.maps.site import national_figures, sheet_map
from generator.site.render.pages import SitePage

RELAIS = "innovations/relais-mobilite-test.yml"
# The relais (born in Ajaccio, swarmed to Parthenay) gets an operator in the Cher.
RELAIS_CARRIER = "    type_structure: ACI\n    territoire: ajaccio\n"
OPERATOR_IN_THE_CHER = (
    RELAIS_CARRIER
    + '  - nom: "Opérateur de test du Cher"\n    role: operateur\n    territoire: cher\n'
)
# A commune of the Vienne: another département of the Deux-Sèvres' région (Nouvelle-Aquitaine).
POITIERS = """id: poitiers
nom: "Poitiers"
type: commune
codes_cog:
  - "86194"
millesime_cog: 2026
departements:
  - "86"
coordonnees:
  latitude: 46.5802
  longitude: 0.3404
"""


def catalogue_of(content: Content) -> Catalogue:
    result = validate_content(content.root)
    assert result.ok, [d.message for d in result.diagnostics]
    return build_catalogue(result.content)


def with_operator_in_the_cher(tmp_path: Path) -> Catalogue:
    content = Content.copy_of(VALID, tmp_path)
    content.edit(RELAIS, RELAIS_CARRIER, OPERATOR_IN_THE_CHER)
    return catalogue_of(content)


def pages_of(catalogue: Catalogue) -> dict[str, SitePage]:
    return {p.path: p for p in site_contents(catalogue) if isinstance(p, SitePage)}


def test_a_territory_page_lists_the_innovations_carried_or_run_there(tmp_path: Path) -> None:
    pages = pages_of(with_operator_in_the_cher(tmp_path))
    html = pages["territoires/cher.md"].body().html
    carried = html.split('id="portees-ici"')[1].split("</section>")[0]
    assert "Innovations portées ou opérées ici" in carried
    assert "Relais mobilité de test</a>, opérée par Opérateur de test du Cher</li>" in carried
    # born in the Cher, swarmed there, run there: three innovations, on its map too
    assert "(ce territoire, 3 innovations)" in html
    # a territory where no structure carries an innovation has no such section
    assert 'id="portees-ici"' not in pages["territoires/deux-sevres.md"].body().html


def test_a_territory_map_says_same_departement_or_same_region_not_neighbour(
    tmp_path: Path,
) -> None:
    """The places a territory's map adds are in its département or its région, not bordering
    it: the map says which (Pau is not a « territoire voisin » of Niort)."""
    content = Content.copy_of(VALID, tmp_path)
    content.write("territories/poitiers.yml", POITIERS)
    content.edit(RELAIS, RELAIS_CARRIER, RELAIS_CARRIER.replace("ajaccio", "poitiers"))
    pages = pages_of(catalogue_of(content))
    html = pages["territoires/deux-sevres.md"].body().html
    assert 'Poitiers</a> <span class="repere-role">(même région, 1 innovation)' in html
    assert 'Parthenay</a> <span class="repere-role">(même département, 2 innovations)' in html
    assert "territoire voisin" not in html


def test_a_sheet_map_pins_an_operator_as_such(tmp_path: Path) -> None:
    catalogue = with_operator_in_the_cher(tmp_path)
    svg = sheet_map(catalogue.innovations["relais-mobilite-test"])
    assert 'Cher</a> <span class="repere-role">(lieu d’un opérateur, Opérateur de test' in svg


def test_the_national_map_counts_an_innovation_where_a_carrier_runs_it(tmp_path: Path) -> None:
    per_dep = national_figures(with_operator_in_the_cher(tmp_path))
    assert "relais-mobilite-test" in per_dep["18"]


def test_figures_and_open_data_keep_born_or_swarmed(tmp_path: Path) -> None:
    """A carrier's territory does not become a territory « où une innovation est née ou a
    essaimé », which the figures, the home page and the open data count."""
    catalogue = with_operator_in_the_cher(tmp_path)
    relais = catalogue.innovations["relais-mobilite-test"]
    assert "18" not in relais.departements
    assert "cher" in {t.id for t in relais.present_territories}
    cher = catalogue.territories["cher"]
    assert relais not in cher.innovations and relais in cher.present_innovations


def test_the_home_page_counts_an_innovation_in_the_regions_where_it_is_carried(
    tmp_path: Path,
) -> None:
    before = pages_of(catalogue_of(Content.copy_of(VALID, tmp_path / "a")))["index.md"]
    after = pages_of(with_operator_in_the_cher(tmp_path / "b"))["index.md"]
    link = '<a href="territoires/#region-24">Centre-Val de Loire</a> <small>{}</small>'
    assert link.format(2) in before.body().html
    assert link.format(3) in after.body().html
