"""The growth of a swarming, year by year, beside the declared counts (figures page).

Built on a copy of the valid fixture given declared counts of territories; the invariants are
also checked on every fixture catalogue and on the shipped content, as properties that any
valid catalogue has (never on the shipped content's particular numbers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INNOVATION, VALID, Content

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.site.figures.growth import growth, growth_series
from generator.site.figures.site import figures_page

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = Path(__file__).resolve().parents[1] / "content"

DECLARED = """chiffres:
  - indicateur: territoires
    unite: territoires
    libelle: "territoires où l’atelier est proposé"
    valeur: 4
    date: "2016-06"
    source: rapport-test-2019
  - indicateur: territoires
    unite: territoires
    libelle: "territoires où l’atelier est proposé"
    valeur: 9
    date: "2019-09"
    source: rapport-test-2019
"""


def load(root: Path) -> Catalogue:
    result = validate_content(root)
    assert result.ok, [str(d) for d in result.errors]
    return build_catalogue(result.content)


@pytest.fixture
def declared(content: Content) -> Catalogue:
    text = content.read(INNOVATION)
    content.write(INNOVATION, text.replace("\nchiffres:\n", "\n" + DECLARED, 1))
    return load(content.root)


def test_growth_counts_sites_by_year_beside_declared_counts(declared: Catalogue) -> None:
    g = growth(declared.innovations["atelier-des-possibles"])
    assert g is not None
    rows = {y.year: (y.new, y.cumulative, [f.valeur for f in y.declared]) for y in g.years}
    # The fixture's two sites started in 2017 (Cher) and 2018 (Ajaccio).
    assert rows == {2016: (0, 0, [4]), 2017: (1, 1, []), 2018: (1, 2, []), 2019: (0, 2, [9])}
    assert g.sites == 2 and g.undated == 0 and g.latest.valeur == 9
    assert round(g.coverage, 4) == round(2 / 9, 4)


def test_growth_counts_an_undated_site_apart(content: Content) -> None:
    text = content.read(INNOVATION).replace("\nchiffres:\n", "\n" + DECLARED, 1)
    content.write(INNOVATION, text.replace('    date_debut: "2018-03"\n', "", 1))
    g = growth(load(content.root).innovations["atelier-des-possibles"])
    assert g is not None and g.undated == 1 and g.sites == 2
    assert [y.year for y in g.years] == [2016, 2017, 2019] and g.years[-1].cumulative == 1


def test_no_growth_without_a_declared_count(content: Content) -> None:
    """The fixture's sheet has sites and figures, but no dated count of territories."""
    assert growth(load(content.root).innovations["atelier-des-possibles"]) is None


def test_figures_page_shows_the_growth_table(declared: Catalogue) -> None:
    body = figures_page(declared).html
    assert 'id="croissance"' in body and 'href="#croissance"' in body
    section = body[body.index('id="croissance-atelier-des-possibles"') :]
    section = section[: section.index("</section>")]
    assert "Le catalogue décrit 2 sites, soit 22\u00a0% des 9 territoires" in section
    assert "Rapport fictif d’évaluation 2019" in section  # each declared count with its source
    assert section.count("<tr>") == 5  # head + 2016, 2017, 2018, 2019


@pytest.mark.parametrize(
    "root", [VALID, FIXTURES / "figures", SHIPPED], ids=["valid", "figures", "shipped"]
)
def test_growth_series_add_up_on_any_valid_catalogue(root: Path) -> None:
    catalogue = load(root)
    for g in growth_series(catalogue):
        assert sum(y.new for y in g.years) + g.undated == g.sites
        assert (g.years[-1].cumulative if g.years else 0) + g.undated == g.sites
        assert g.official + g.without_official <= g.sites
        innovation = catalogue.innovations[g.innovation_id]
        if innovation.essaimage_par_texte_officiel:  # the validation rule guarantees it
            assert all(
                (s.source is not None and s.source.type == "texte-officiel")
                or s.sans_texte_officiel
                for s in innovation.essaimage
            )
