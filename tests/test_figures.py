"""The figures page: totals, coverage, breakdowns, charts, and the page as a visitor gets it.

The fixture catalogue (tests/fixtures/figures) is built so that every rule shows in a number:
- Parthenay and the Cher are each shared by two innovations: 6 distinct territories, not 8;
- Alpha has an older beneficiaires figure (80) that its newer one (120) replaces, never adds to;
- Bêta's 50 beneficiaires are rounded;
- Gamma's only beneficiaires figure is a rate (47 %): never added to counts;
- Delta's site has no start date; the Ain is a territory no innovation uses.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import add_a_carriers_sheets

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.site.build import build_site
from generator.site.figures import compute as c
from generator.site.figures.charts import BAR_MAX, Bar, bar_chart
from generator.site.figures.site import figures_page, milestone_bar

FIXTURE = Path(__file__).parent / "fixtures" / "figures"
SHIPPED = Path(__file__).resolve().parents[1] / "content"


def load(content_dir: Path) -> Catalogue:
    result = validate_content(content_dir)
    assert result.ok, [str(d) for d in result.errors]
    return build_catalogue(result.content)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load(FIXTURE)


@pytest.fixture(scope="module")
def figures(catalogue: Catalogue) -> c.CatalogueFigures:
    return c.compute(catalogue)


# ---------------------------------------------------------------------------------------------
# Totals and coverage


def test_innovation_totals(figures: c.CatalogueFigures) -> None:
    assert figures.innovations == c.Count(4, 4, 4)
    assert [(s.key, s.value) for s in figures.by_stage] == [
        ("etude-faisabilite", 1),
        ("mobilisation", 0),
        ("accompagnement-transposition", 1),
        ("evaluation", 1),
        (c.NO_STAGE, 1),
    ]
    assert figures.accompanied == ("alpha-emploi", "beta-formation")
    assert figures.content_date == "2024-06-30"


def test_beneficiaires_newest_sourced_figure_per_innovation(figures: c.CatalogueFigures) -> None:
    total = figures.totals["beneficiaires"]
    # Alpha 120 (its 80 of 2019 is replaced) + Bêta 50; Gamma's 47 % is a rate.
    assert total.value == 170
    assert [(x.innovation_id, x.valeur) for x in total.contributions] == [
        ("alpha-emploi", 120),
        ("beta-formation", 50),
    ]
    assert (total.reporting, total.out_of) == (2, 4)
    assert total.not_counts == ("gamma-national",)
    assert [x.innovation_id for x in total.rounded] == ["beta-formation"]
    assert total.dates == ("2020-12", "2022-06")


def test_structures_formees_added(figures: c.CatalogueFigures) -> None:
    total = figures.totals["structures-formees"]
    assert total.value == 17
    assert (total.reporting, total.out_of) == (2, 4)
    assert len(total.rounded) == 1


def test_places_counted_once(catalogue: Catalogue, figures: c.CatalogueFigures) -> None:
    per_innovation = sum(len(i.territories) for i in catalogue.innovations.values())
    assert per_innovation == 8  # what double counting would give
    assert figures.territories == c.Count(6, 4, 4)
    assert figures.departements == c.Count(4, 3, 4)  # 79 once (Parthenay and Deux-Sèvres)
    assert figures.regions == c.Count(4, 3, 4)
    assert figures.sites == c.Count(4, 3, 4)
    assert figures.territories_without_region == ("france",)


def test_breakdowns(figures: c.CatalogueFigures) -> None:
    assert [(s.key, s.value) for s in figures.by_theme] == [
        ("mobilite", 2),
        ("trouver-un-emploi", 2),
        ("numerique", 1),
        ("se-former", 1),
    ]
    assert [(s.key, s.value) for s in figures.by_public] == [
        ("demandeurs-emploi-longue-duree", 2),
        ("demandeurs-emploi", 1),
        ("jeunes", 1),
        ("seniors", 1),
    ]
    assert [(r.code, r.innovations, r.territories, r.departements) for r in figures.by_region] == [
        ("75", 3, ("deux-sevres", "parthenay"), ("79",)),
        ("24", 2, ("cher",), ("18",)),
        ("32", 1, ("lille",), ("59",)),
        ("94", 1, ("ajaccio",), ("2A",)),
    ]
    assert [(s.key, s.value) for s in figures.sites_by_year] == [
        ("2019", 1),
        ("2020", 1),
        ("2021", 1),
        (c.UNKNOWN, 1),
    ]


def test_milestones(figures: c.CatalogueFigures) -> None:
    got = {m.jalon: (m.reached, dict(m.statuses), m.out_of) for m in figures.milestones}
    assert got == {
        "appropriation-3-mois": (2, {"realise": 2, c.NOT_GIVEN: 2}, 4),
        "mise-en-oeuvre-9-mois": (1, {"realise": 1, "prevu": 1, c.NOT_GIVEN: 2}, 4),
        "impact-18-mois": (0, {"en-cours": 1, c.NOT_GIVEN: 3}, 4),
    }


def test_years_are_contiguous(catalogue: Catalogue) -> None:
    rows = c.site_rows(catalogue.innovations.values())
    years = [r.year for r in rows]
    assert years == [2019, 2020, 2021, None]


def test_other_figures_rates_listed_apart(figures: c.CatalogueFigures) -> None:
    found = [(x.innovation_id, x.indicateur, x.valeur, x.unite) for x in figures.other_figures]
    assert found == [
        ("gamma-national", "beneficiaires", 47, "pourcentage"),
        ("gamma-national", "entreprises", 3, "entreprises"),
    ]
    assert figures.unsourced == ()


def test_declared_figures_side_by_side(figures: c.CatalogueFigures) -> None:
    rows = {x.declared.libelle: x for x in figures.comparisons}
    assert len(rows) == 7
    assert figures.declared_unsourced == ()

    selected = rows["innovations sélectionnées depuis le lancement"]
    assert selected.measure is not None and selected.measure.value == 4
    assert "documentées à ce jour" in selected.reasons[0]
    assert "Le catalogue en compte 2 de moins." in selected.reasons
    assert any(
        r.startswith("Dates différentes : chiffre déclaré au 21 avril 2021")
        for r in selected.reasons
    )

    accompanied = rows["innovations accompagnées jusqu’à l’essaimage"]
    assert accompanied.measure is not None and accompanied.measure.value == 2

    benef = rows["demandeurs d’emploi bénéficiaires"]
    assert benef.measure is not None
    assert (benef.measure.value, benef.measure.rounded) == (170, True)
    assert "Le catalogue en compte 330 de moins." in benef.reasons
    assert (
        "Seules 2 des 4 innovations du catalogue donnent ce chiffre avec une source."
        in benef.reasons
    )
    assert "Le total du catalogue comprend des valeurs arrondies." in benef.reasons
    assert any("de décembre 2020 à juin 2022" in r for r in benef.reasons)

    territories = rows["territoires où sont implantées ces structures"]
    assert territories.measure is not None and territories.measure.value == 6
    assert "Les deux chiffres sont égaux." in territories.reasons

    structures = rows["structures qui ont accompagné ces demandeurs d’emploi"]
    assert structures.measure is not None and structures.measure.key == "sites"
    assert structures.reasons[0].startswith("Ce n’est pas la même mesure")

    participants = rows["participants à la journée nationale"]
    assert participants.measure is None
    assert participants.reasons == (c.NO_COUNTERPART,)


def test_undated_declared_figure_says_so(figures: c.CatalogueFigures, catalogue: Catalogue) -> None:
    from dataclasses import replace

    declared = replace(catalogue.programme.chiffres_declares[0], date="")
    reasons = c.reasons(figures, declared)
    assert any(
        r.startswith("Le chiffre déclaré n’est pas daté ; catalogue à jour au") for r in reasons
    )


def test_the_home_page_says_when_a_declared_figure_has_no_date(catalogue: Catalogue) -> None:
    from dataclasses import replace

    from generator.site.render.pages import home_page, site_pages

    list(site_pages(catalogue))  # the pages' URLs, as the site gives them
    figures = catalogue.programme.chiffres_declares
    catalogue.programme.chiffres_declares = [replace(figures[0], date=""), *figures[1:]]
    try:
        html = home_page(catalogue).html
    finally:
        catalogue.programme.chiffres_declares = figures
    notes = re.findall(r'<small class="declare">(.*?)</small>', html, re.S)
    assert len(notes) == len(figures)
    assert ", date non renseignée : " in notes[0]
    assert all("date non renseignée" not in note for note in notes[1:])


# ---------------------------------------------------------------------------------------------
# Phrases and arithmetic


def test_phrases() -> None:
    assert c.coverage(1, 4) == "d’après 1 innovation sur 4"
    assert c.coverage(2, 4) == "d’après 2 innovations sur 4"
    assert c.coverage(1082, 1200) == "d’après 1\u202f082 innovations sur 1\u202f200"
    assert c.at_date("2019-11-28") == "au 28 novembre 2019"
    assert c.at_date("2015-07") == "en juillet 2015"
    assert c.at_date("2015") == "en 2015"
    assert c.at_date("") == "à une date inconnue"
    assert c.dated(["2015", "2019-11-28", "2015"]) == "de 2015 au 28 novembre 2019"
    assert c.dated(["2020-04", "2022-08"]) == "d’avril 2020 à août 2022"
    assert c.dated(["2020-03-01", "2021"]) == "du 1er mars 2020 à 2021"
    assert c.shown_value(20, True) == "environ 20"
    assert c.shown_value(1082, False) == "1\u202f082"


def test_exact_sum() -> None:
    assert c.exact_sum([0.1, 0.2]) == 0.3
    assert c.exact_sum([1.5, 2.5]) == 4 and isinstance(c.exact_sum([1.5, 2.5]), int)
    assert c.exact_sum([]) == 0


def test_empty_catalogue() -> None:
    figures = c.compute(Catalogue({}, {}))
    assert figures.innovations == c.Count(0, 0, 0)
    assert figures.totals["beneficiaires"].value == 0
    assert figures.sites_by_year == ()
    assert figures.comparisons == ()
    assert c.coverage(0, 0) == "aucune innovation dans le catalogue"
    text = figures_page(Catalogue({}, {})).html  # a catalogue just started: the page still renders
    assert "aucun site d’essaimage" in text and "Les chiffres du catalogue" in text


# ---------------------------------------------------------------------------------------------
# Charts


def test_bar_chart_is_an_accessible_static_image() -> None:
    svg = bar_chart(
        [
            Bar("Accompagnement social et professionnel personnalisé", 3, "3"),
            Bar("<script>", 1, "environ 1"),
            Bar("Non renseignée", 0, "0", muted=True),
        ],
        chart_id="essai",
        title="Essai",
    )
    assert svg.startswith('<svg class="graphique-barres" id="essai" role="img"')
    assert 'aria-labelledby="essai-titre"' in svg
    assert (
        '<title id="essai-titre">Essai : Accompagnement social et professionnel personnalisé, 3 ; '
        "&lt;script&gt;, environ 1 ; Non renseignée, 0.</title>"
    ) in svg
    assert "<script>" not in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)%"', svg)]
    assert widths == [BAR_MAX, pytest.approx(BAR_MAX / 3, abs=0.01)]  # no bar for 0
    # A long label wraps instead of running off a phone screen.
    assert ">Accompagnement social et professionnel<" in svg and ">personnalisé<" in svg
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert f"height:{height}px" in svg


# ---------------------------------------------------------------------------------------------
# The page, as built by the real build


BLOCKS = {"p", "li", "td", "th", "tr", "small", "br", "div", "section", "h1", "h2", "h3", "caption"}


class _Page(HTMLParser):
    """Ids, links and visible text of an HTML page (stdlib only)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("figures-site") / "site"
    result = build_site(FIXTURE, site, search=False)
    assert result.ok, [str(d) for d in result.diagnostics]
    return site


@pytest.fixture(scope="module")
def html(built: Path) -> str:
    return (built / "chiffres" / "index.html").read_text(encoding="utf-8")


def _tiles(html: str) -> dict[str, tuple[str, str, list[str]]]:
    """label -> (href, shown value, notes) of the totals' tiles."""
    section = html[html.index('<section id="totaux">') :]
    section = section[: section.index("</section>")]
    out = {}
    for href, shown, label, rest in re.findall(
        r'<li><a class="total" href="([^"]+)"><strong>([^<]+)</strong> ([^<]+)</a>(.*?)</li>',
        section,
    ):
        out[label] = (href, shown, re.findall(r"<small>([^<]+)</small>", rest))
    return out


def test_built_page_totals_and_coverage(html: str) -> None:
    tiles = _tiles(html)
    assert tiles == {
        "innovations décrites": (
            "#innovations",
            "4",
            ["catalogue à jour au 30 juin 2024", "dont 2 accompagnées jusqu’à l’essaimage"],
        ),
        "demandeurs d’emploi bénéficiaires": (
            "#detail-beneficiaires",
            "environ 170",
            [
                "d’après 2 innovations sur 4",
                "chiffres de décembre 2020 à juin 2022",
                "comprend une valeur arrondie",
            ],
        ),
        "structures formées à une méthode": (
            "#detail-structures-formees",
            "environ 17",
            [
                "d’après 2 innovations sur 4",
                "chiffres de 2021 à 2022",
                "comprend une valeur arrondie",
            ],
        ),
        "sites d’essaimage": ("#sites", "4", ["d’après 3 innovations sur 4"]),
        "territoires distincts": (
            "#territoires",
            "6",
            ["d’après 4 innovations sur 4", "chacun compté une fois"],
        ),
        "départements": ("#territoires", "4", ["d’après 3 innovations sur 4"]),
        "régions": ("#territoires", "4", ["d’après 3 innovations sur 4"]),
    }


def test_built_page_reads_as_expected(html: str) -> None:
    page = _Page()
    page.feed(html)
    text = page.plain
    # Declared beside computed, the gap explained in words.
    assert "demandeurs d’emploi bénéficiaires 500 21 avril 2021" in text
    assert "Le catalogue en compte 330 de moins." in text
    # The detail of a total: what was added, and what was not.
    assert "Demandeurs d’emploi bénéficiaires : environ 170" in text
    assert (
        "car donné en taux, en montant ou dans une autre unité qu’un compte : Gamma national."
        in text
    )
    assert "Total d’après 2 innovations sur 4 environ 170" in text
    assert "part des personnes touchées en emploi six mois après 47 % 2023" in text
    # Rounding rule stated; the older figure of Alpha is nowhere added.
    assert "le total n’est pas arrondi" in text
    assert "250" not in text and "1\u202f169" not in text
    # Breakdowns and their data tables.
    assert (
        "Innovations par thématique" in text and "Sites d’essaimage par année de démarrage" in text
    )
    assert "Appropriation (3 mois) 2 sur 2" in " ".join(
        re.findall(r"<title[^>]*>([^<]*)</title>", html)
    ).replace(",", "")
    assert html.count('role="img"') == 6
    assert "Année non renseignée (1)" in text


def test_built_page_every_link_resolves(built: Path, html: str) -> None:
    page = _Page()
    page.feed(html)
    base = "http://site.test/chiffres/"
    checked = 0
    for href in page.links:
        if href.startswith(("http://", "https://")) and not href.startswith("http://site.test"):
            continue
        assert not href.startswith("/"), f"absolute link breaks under a project path: {href}"
        url = urlsplit(urljoin(base, href))
        if url.path == "/chiffres/" and url.fragment:
            assert url.fragment in page.ids, f"no anchor for {href}"
        target = built / url.path.lstrip("/")
        if url.path.endswith("/"):
            target = target / "index.html"
        assert target.exists(), f"{href} -> {target}"
        checked += 1
    assert checked > 40


def test_every_number_of_a_breakdown_links_somewhere(html: str) -> None:
    for section in ("paliers", "thematiques", "publics", "regions", "annees", "evaluation"):
        part = html[html.index(f'<section id="{section}">') :]
        part = part[: part.index("</section>")]
        cells = re.findall(r'<td class="nombre" data-label="[^"]+">(.*?)</td>', part)
        assert cells, section
        assert all(cell.startswith("<a href=") or cell == "0" for cell in cells), section


def test_page_size_stays_linear(catalogue: Catalogue) -> None:
    """Each innovation's name appears a bounded number of times, not once per breakdown value."""
    text = figures_page(catalogue).html
    for innovation in catalogue.innovations.values():
        assert text.count(f">{innovation.nom}</a>") <= 2 + len(innovation.essaimage) + sum(
            1 for f in innovation.chiffres
        )


def _row_counts(html: str) -> list[int]:
    """Data rows of each table body (a group of a list) of the lists of innovations, sites and
    figures added up (the charts' tables are bounded by their vocabularies)."""
    lists = html[html.index('<section id="detail">') : html.index('<section id="territoires">')]
    bodies = [part.split("</tbody>")[0] for part in lists.split("<tbody")[1:]]
    return [len(re.findall(r"<tr><th scope=\"row\">", body)) for body in bodies]


def test_long_lists_stop_and_say_where_the_rest_is(catalogue: Catalogue) -> None:
    """Past the limit, a list shows the limit and counts and links the rest: the page does not
    grow with the catalogue. (The fixture's lists are short: a limit of 1 shows it.)"""
    full, short = figures_page(catalogue).html, figures_page(catalogue, limit=1).html
    assert max(_row_counts(full)) > 1
    assert max(_row_counts(short)) == 1
    assert sum(_row_counts(short)) < sum(_row_counts(full))
    detail = short[short.index('<section id="detail">') : short.index('<section id="innovations">')]
    assert re.search(r"… et \d+ autres? lignes? : voir les <a href=\"../donnees/\">", detail)
    for section in ("totaux", "detail", "innovations", "sites", "territoires", "methode"):
        assert f'<section id="{section}">' in short, section
    assert "… et " not in full  # below the limit, everything is listed


@pytest.fixture(params=["livre", "livre-et-ajouts"])
def shipped_catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Catalogue:
    """content/ as shipped, then with a carrier's valid additions (see helpers)."""
    content = tmp_path / "content"
    shutil.copytree(SHIPPED, content)
    if request.param == "livre-et-ajouts":
        add_a_carriers_sheets(content)
    return load(content)


def test_shipped_content_renders(shipped_catalogue: Catalogue) -> None:
    catalogue = shipped_catalogue
    text = figures_page(catalogue).html
    assert "Les chiffres du catalogue" in text
    figures = c.compute(catalogue)
    assert figures.innovations.value == len(catalogue.innovations)
    assert figures.territories.value == len(
        {t.id for i in catalogue.innovations.values() for t in i.territories}
    )


def test_every_anchor_of_the_figures_page_exists_even_with_gaps_between_years(
    tmp_path: Path,
) -> None:
    """Sites started in 2020 and 2026 only: the years between are drawn with no site, and
    link nowhere (they once linked to lists #sites-annee-2021… that did not exist)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    add_a_carriers_sheets(content)
    text = figures_page(load(content)).html
    ids = set(re.findall(r'id="([^"]+)"', text))
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert {"sites-annee-2020", "sites-annee-2026"} <= targets
    assert targets <= ids, sorted(targets - ids)


# ---------------------------------------------------------------------------------------------
# Unknown stays unknown: never shown, drawn or added as 0


def _section(html: str, anchor: str) -> str:
    part = html[html.index(f'<section id="{anchor}">') :]
    return part[: part.index("</section>")]


def test_a_sheet_listing_no_site_reads_non_renseigne_in_the_innovations_table(html: str) -> None:
    """Gamma lists no site: its number of sites is unknown, not 0."""
    rows = re.findall(
        r'<a href="[^"]+">([^<]+)</a></th>.*?<td[^>]*data-label="Sites d’essaimage">([^<]*)</td>',
        _section(html, "innovations"),
        re.S,
    )
    assert dict(rows) == {
        "Alpha emploi": "2",
        "Bêta formation": "1",
        "Delta Corse": "1",
        "Gamma national": "non renseigné",
    }


def test_the_home_page_says_how_many_sheets_its_sites_total_rests_on(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    assert (
        "<strong>4</strong> sites d’essaimage décrits : des structures qui ont repris une "
        "innovation, d’après 3 innovations sur 4 (l’autre fiche ne renseigne pas ses sites)"
    ) in text


def test_milestones_no_sheet_documents_draw_no_bar(tmp_path: Path) -> None:
    """Sites described, none with a milestone: no « 0 sur 4 » bar, no table of blanks."""
    catalogue = load(FIXTURE)
    for innovation in catalogue.innovations.values():
        for site in innovation.essaimage:
            site.jalons = []
    part = _section(figures_page(catalogue).html, "evaluation")
    assert "<svg" not in part and "<table" not in part and " sur " not in part
    assert (
        "Aucune fiche ne renseigne encore l’état de ces jalons : pour les 4 sites d’essaimage "
        "décrits, on ne sait pas s’ils ont été atteints."
    ) in part
    assert (
        "aucun site d’essaimage" not in part
    )  # there are sites: only their milestones are unknown


def test_milestone_bars_count_only_sites_whose_result_is_known(html: str) -> None:
    """The denominator is the sites reached or not reached: planned, under way or not given
    is not a failure. Alpha, Bêta and Delta: 3 months reached twice (2 not given), 9 months
    reached once (once planned), 18 months only under way."""
    title = re.search(r'<title id="graphique-jalons-titre">([^<]*)</title>', html)
    assert title is not None
    assert title.group(1) == (
        "Part des sites ayant atteint chaque jalon, parmi ceux au résultat connu : "
        "Appropriation (3 mois), 2 sur 2 ; Mise en œuvre (9 mois), 1 sur 1 ; "
        "Impact (18 mois), aucun résultat connu."
    )
    half = milestone_bar(
        c.MilestoneCount(
            "impact-18-mois", 1, (("realise", 1), ("non-realise", 1), (c.NOT_GIVEN, 5)), 7
        )
    )
    assert (half.shown, half.value, half.muted) == ("1 sur 2", 0.5, False)
    svg = bar_chart([half], chart_id="essai", title="Essai", scale=1)
    assert re.findall(r'<rect [^>]*width="([0-9.]+)%"', svg) == [f"{BAR_MAX / 2:g}"]


def test_a_figure_in_another_unit_reads_with_its_libelle_never_autre_unite(
    tmp_path: Path,
) -> None:
    """A figure counted in no listed unit (« autre ») shows its value beside its libellé, on
    the figures page and on its sheet."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    sheet = content / "innovations" / "gamma-national.yml"
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace(
            "chiffres:\n",
            "chiffres:\n"
            "  - indicateur: autre\n"
            "    unite: autre\n"
            '    libelle: "voix pour la proposition de loi"\n'
            "    valeur: 96\n"
            '    date: "2023"\n'
            "    source: site-gamma\n",
            1,
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = build_site(content, site, search=False)
    assert result.ok, [str(d) for d in result.diagnostics]
    for page in ("chiffres/index.html", "innovations/gamma-national/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "voix pour la proposition de loi" in text, page
        assert '<td class="nombre" data-label="Valeur">96</td>' in text, page
        assert "96 autre unité" not in text, page


def test_breakdown_links_lead_to_static_pages_and_carry_the_explorer_filter(
    built: Path, html: str
) -> None:
    """Without JavaScript a theme, public or région leads to its own page; with it, liens.js
    sends the same link to the explorer filtered on that value."""
    expected = {"thematiques": "thematique", "publics": "public", "regions": "region"}
    for section, facet in expected.items():
        links = re.findall(
            r'<a href="([^"]+)" data-filtre-explorateur="([^"]+)">', _section(html, section)
        )
        rows = re.findall(r'<tr><th scope="row">', _section(html, section))
        assert links and len(links) == len(rows), section
        for href, explorer in links:
            assert "?" not in href and href.startswith(f"../{section}/"), href
            assert (built / "chiffres" / href / "index.html").resolve().is_file(), href
            assert explorer.startswith(f"../innovations/?{facet}="), explorer
    assert "?region=" not in re.sub(r'data-filtre-explorateur="[^"]+"', "", html)
