"""The figures page stays the same size as the catalogue grows: its lists of sites and of growth
series stop, count the rest right and say where it is. The catalogue is the valid fixture whose
sheet with swarming sites also declares counts of territories, copied many times."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import INNOVATION, VALID
from test_growth import DECLARED, load

from generator.french import number_fr
from generator.model import Catalogue
from generator.site.figures.compute import compute
from generator.site.figures.growth import growth_series
from generator.site.figures.site import figures_page

BASE = "atelier-des-possibles"


def grown(tmp_path: Path, copies: int) -> Catalogue:
    """The fixture, its sheet with sites given declared counts, then `copies` copies of it."""
    content = tmp_path / f"content-{copies}"
    shutil.copytree(VALID, content)
    sheet = content / INNOVATION
    text = sheet.read_text(encoding="utf-8").replace("\nchiffres:\n", "\n" + DECLARED, 1)
    sheet.write_text(text, encoding="utf-8")
    for k in range(1, copies + 1):
        copy = text.replace(f"id: {BASE}", f"id: atelier-copie-{k:03}").replace(
            'nom: "Atelier des possibles"', f'nom: "Atelier copie {k:03}"'
        )
        assert copy != text
        (sheet.parent / f"atelier-copie-{k:03}.yml").write_text(copy, encoding="utf-8")
    return load(content)


def _section(html: str, ident: str) -> str:
    part = html[html.index(f'<section id="{ident}">') :]
    return part[: part.index("</table>")]


def test_the_lists_of_sites_and_growth_series_stop_and_count_the_rest(tmp_path: Path) -> None:
    catalogue = grown(tmp_path, 40)
    sites = compute(catalogue).sites.value
    growths = len(growth_series(catalogue))
    assert growths == 41 and sites > 80
    html = figures_page(catalogue, limit=6, sites_limit=10, growth_limit=3).html

    listed = _section(html, "sites")
    assert len(re.findall(r'<tr><th scope="row">', listed)) == 10
    rest = f"… et {number_fr(sites - 10)} autres sites : voir les fiches des innovations ou le "
    assert rest + "tableau complet en données ouvertes" in listed
    assert '<a href="../donnees/sites.csv">sites.csv</a>' in listed
    assert '<a href="../donnees/catalogue.xlsx">catalogue.xlsx</a>' in listed

    growth = html[html.index('<section id="croissance">') : html.index('<section id="paliers">')]
    assert len(re.findall(r'<section id="croissance-atelier', growth)) == 3  # year by year
    others = _section(html, "croissance-autres")
    assert len(re.findall(r'<tr><th scope="row">', others)) == 6  # one row each
    assert f"… et {growths - 3 - 6} autres innovations : leurs sites" in others
    assert f"{growths} innovations publient ce chiffre" in growth
    # Every row still says where its number comes from.
    assert others.count("Rapport fictif d’évaluation 2019") == 6


def test_the_figures_page_does_not_grow_with_the_catalogue(tmp_path: Path) -> None:
    small = figures_page(grown(tmp_path, 30)).html
    large = figures_page(grown(tmp_path, 90)).html
    assert len(large) < 1.05 * len(small), (len(small), len(large))
    # The totals are the whole catalogue's, on the page of either size.
    assert "<strong>93</strong> innovations décrites" in large
