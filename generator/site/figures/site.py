"""The `chiffres/` page: the catalogue's figures, computed at build time, with charts and tables.

`compute` does the arithmetic; this module only lays the result out. Every number links to
where it comes from: a list on this page (innovations, sites, territories, the figures added up),
or the explorer filtered on a value. Each list stops after LIST_LIMIT rows (the sites after
SITES_LIMIT, the newest first; the growth series after GROWTH_LIMIT tables, the largest first),
counting the rest and pointing to the open data, the explorer or the sheets for it: the page's
size does not grow with the catalogue (listing everything made it 27 MB at 5,000 sheets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

from ...french import number_fr, plural
from ...geo import geodata
from ...model import MILESTONE_ORDER, Catalogue, Innovation, label
from .. import spreadsheet
from ..export import DATA_DIR, SITES
from ..places import region_url
from ..render.pages import PageBody, page, region_name, render
from ..render.urls import facet_url, innovation_url, rel, territory_url
from .charts import Bar, bar_chart
from .compute import (
    NO_STAGE,
    NOT_GIVEN,
    STATUS_ORDER,
    UNKNOWN,
    CatalogueFigures,
    MilestoneCount,
    SiteRow,
    Total,
    compute,
    coverage,
    dated,
    sheet_site_count,
    shown_value,
)
from .growth import Growth, growth_series

URL = "chiffres/"
TITLE = "Les chiffres du catalogue"


@dataclass
class Tile:
    shown: str
    label: str
    href: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One row of a chart's data table."""

    label: str
    shown: str
    href: str  # a page readable without JavaScript (or an anchor of this page)
    extra: list[tuple[str, str]] = field(default_factory=list)  # more (shown, href) cells
    # The explorer filtered on the same value, where `assets/liens.js` sends the link instead
    # when JavaScript runs ("" when `href` is already the only destination).
    filter_href: str = ""


@dataclass
class Chart:
    id: str
    title: str
    intro: str
    svg: Markup
    head: list[str]
    rows: list[Row]
    note: str = ""
    empty: str = ""  # said instead of the chart when it has no row ("" for the default)


# Rows shown in each list (or group of a list) of the page; the rest is counted and linked.
LIST_LIMIT = 20
# Swarming sites listed (the newest first), in all.
SITES_LIMIT = 50
# Growth series shown year by year (the largest swarmings); the next LIST_LIMIT in one table.
GROWTH_LIMIT = 5


def _link(to_url: str) -> str:
    return rel(URL, to_url)


def _explorer(facet: str, value: str) -> str:
    return f"{_link('innovations/')}?{facet}={quote(value)}"


def _facet_row(facet: str, code: str, text: str, count: int) -> Row:
    """A theme's or a public's row: its page (thematiques/<code>/, publics/<code>/) without
    JavaScript, the explorer filtered on it with JavaScript."""
    return Row(text, number_fr(count), _link(facet_url(facet, code)), [], _explorer(facet, text))


def stage_label(key: str) -> str:
    return label("palier", key) if key != NO_STAGE else "Aucun palier connu"


def stage_anchor(key: str) -> str:
    return f"palier-{key or 'aucun'}"


def year_anchor(key: str) -> str:
    return f"sites-annee-{key or 'inconnue'}"


def status_label(status: str) -> str:
    return "Non renseigné" if status == NOT_GIVEN else label("statut", status)


def accompaniment(innovation: Innovation) -> str:
    """The status of an innovation's "accompagnement à la transposition" stage, in words."""
    stage = next(
        (s for s in innovation.paliers if s.palier == "accompagnement-transposition"), None
    )
    return stage.statut_label if stage else "Non renseigné"


def total_notes(total: Total) -> list[str]:
    """Coverage, dates and rounding of a sum, as printed under it."""
    if not total.reporting:
        return ["aucune innovation ne donne ce chiffre avec une source"]
    notes = [coverage(total.reporting, total.out_of)]
    when = dated(total.dates) if total.dates else "à une date inconnue"
    if total.dates and total.undated:
        when += f" ({plural(total.undated, 'chiffre non daté', 'chiffres non datés')})"
    notes.append(("chiffre " if total.reporting == 1 else "chiffres ") + when)
    if total.rounded:
        n = len(total.rounded)
        notes.append(
            "comprend une valeur arrondie" if n == 1 else f"comprend {n} valeurs arrondies"
        )
    return notes


def _tiles(f: CatalogueFigures) -> list[Tile]:
    at = f"au {dated([f.content_date]).removeprefix('au ').removeprefix('en ')}"
    n = f.innovations.value
    tiles = [
        Tile(
            number_fr(n),
            "innovation décrite" if n <= 1 else "innovations décrites",
            "#innovations",
            [
                f"catalogue à jour {at}"
                if f.content_date
                else "catalogue sans date de mise à jour",
                f"dont {plural(len(f.accompanied), 'accompagnée')} jusqu’à l’essaimage",
            ],
        )
    ]
    labels = {
        "beneficiaires": "demandeurs d’emploi bénéficiaires",
        "structures-formees": "structures formées à une méthode",
    }
    for key, total in f.totals.items():
        tiles.append(
            Tile(
                shown_value(total.value, bool(total.rounded)),
                labels[key],
                f"#detail-{key}",
                total_notes(total),
            )
        )
    tiles += [
        Tile(
            number_fr(f.sites.value),
            "site d’essaimage" if f.sites.value <= 1 else "sites d’essaimage",
            "#sites",
            [coverage(f.sites.reporting, f.sites.out_of)],
        ),
        Tile(
            number_fr(f.territories.value),
            "territoire distinct" if f.territories.value <= 1 else "territoires distincts",
            "#territoires",
            [
                coverage(f.territories.reporting, f.territories.out_of),
                "chacun compté une fois",
            ],
        ),
        Tile(
            number_fr(f.departements.value),
            "département" if f.departements.value <= 1 else "départements",
            "#territoires",
            [coverage(f.departements.reporting, f.departements.out_of)],
        ),
        Tile(
            number_fr(f.regions.value),
            "région" if f.regions.value <= 1 else "régions",
            "#territoires",
            [coverage(f.regions.reporting, f.regions.out_of)],
        ),
    ]
    return tiles


def _year_link(key: str, count: int, listed: set[str]) -> str:
    if not count:
        return ""
    return f"#{year_anchor(key)}" if key in listed else "#sites"


def newest_sites(rows: tuple[SiteRow, ...], limit: int) -> list[tuple[str, list[SiteRow]]]:
    """The `limit` newest sites, grouped by start year, newest first; sites without a start
    date come last. (`rows` are in start order, those without a date at the end.)"""
    dated = [r for r in rows if r.year is not None]
    newest = [*reversed(dated), *(r for r in rows if r.year is None)][:limit]
    groups: list[tuple[str, list[SiteRow]]] = []
    for row in newest:
        key = str(row.year) if row.year is not None else UNKNOWN
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(row)
    return groups


def _charts(f: CatalogueFigures, listed_years: set[str]) -> list[Chart]:
    charts = []
    n = f.innovations.value

    bars = [
        Bar(stage_label(s.key), s.value, number_fr(s.value), s.key == NO_STAGE) for s in f.by_stage
    ]
    charts.append(
        Chart(
            "paliers",
            "Innovations par palier AIS#Emploi atteint",
            "Le palier le plus avancé de chaque innovation, réalisé ou en cours. Chaque "
            "innovation compte une fois ; « Aucun palier connu » : sa fiche n’indique aucun "
            "palier réalisé ou en cours.",
            bar_chart(bars, chart_id="graphique-paliers", title="Innovations par palier atteint"),
            ["Palier atteint", "Innovations"],
            [
                Row(b.label, b.shown, f"#{stage_anchor(s.key)}" if s.value else "")
                for b, s in zip(bars, f.by_stage, strict=True)
            ],
        )
    )

    multi = (
        "Une innovation peut en avoir plusieurs : elle compte dans chacune, et la somme des "
        f"barres peut dépasser le nombre d’innovations ({number_fr(n)})."
    )
    theme_labels = [label("thematique", s.key) for s in f.by_theme]
    charts.append(
        Chart(
            "thematiques",
            "Innovations par thématique",
            multi,
            bar_chart(
                [
                    Bar(t, s.value, number_fr(s.value))
                    for t, s in zip(theme_labels, f.by_theme, strict=True)
                ],
                chart_id="graphique-thematiques",
                title="Innovations par thématique",
            ),
            ["Thématique", "Innovations"],
            [
                _facet_row("thematique", s.key, t, s.value)
                for t, s in zip(theme_labels, f.by_theme, strict=True)
            ],
        )
    )
    public_labels = [label("public", s.key) for s in f.by_public]
    charts.append(
        Chart(
            "publics",
            "Innovations par public",
            multi,
            bar_chart(
                [
                    Bar(p, s.value, number_fr(s.value))
                    for p, s in zip(public_labels, f.by_public, strict=True)
                ],
                chart_id="graphique-publics",
                title="Innovations par public",
            ),
            ["Public", "Innovations"],
            [
                _facet_row("public", s.key, p, s.value)
                for p, s in zip(public_labels, f.by_public, strict=True)
            ],
        )
    )
    names = [region_name(r.code) for r in f.by_region]
    charts.append(
        Chart(
            "regions",
            "Innovations par région",
            "Une innovation compte dans chaque région où elle est née ou a essaimé ; la somme "
            f"des barres peut donc dépasser le nombre d’innovations ({number_fr(n)})."
            + _without_region(n - f.regions.reporting),
            bar_chart(
                [
                    Bar(name, r.innovations, number_fr(r.innovations))
                    for name, r in zip(names, f.by_region, strict=True)
                ],
                chart_id="graphique-regions",
                title="Innovations par région",
            ),
            ["Région", "Innovations", "Territoires"],
            [
                Row(
                    name,
                    number_fr(r.innovations),
                    _link(region_url(r.code)),
                    [(number_fr(len(r.territories)), f"#region-{r.code}")],
                    _explorer("region", name),
                )
                for name, r in zip(names, f.by_region, strict=True)
            ],
        )
    )
    year_bars = [
        Bar(
            s.key or "Année non renseignée",
            s.value,
            number_fr(s.value),
            s.key == UNKNOWN,
        )
        for s in f.sites_by_year
    ]
    charts.append(
        Chart(
            "annees",
            "Sites d’essaimage par année de démarrage",
            "L’année où chaque site a commencé à appliquer l’innovation, quand la fiche la donne.",
            bar_chart(
                year_bars,
                chart_id="graphique-annees",
                title="Sites d’essaimage par année de démarrage",
            ),
            ["Année de démarrage", "Sites"],
            [
                # years without a site are drawn (a continuous axis) but have no list to go to;
                # a year whose sites are not listed links to the table, which says where they are
                Row(b.label, b.shown, _year_link(s.key, s.value, listed_years))
                for b, s in zip(year_bars, f.sites_by_year, strict=True)
            ],
        )
    )
    charts.append(_milestones_chart(f))
    return charts


def milestone_bar(m: MilestoneCount) -> Bar:
    """A milestone's bar: the share of the sites that reached it among those whose result is
    known (reached or not). Sites where it is planned, under way or not given are left out:
    they have not failed. With no known result, the bar says so and draws nothing."""
    name = label("jalon", m.jalon)
    if not m.decided:
        return Bar(name, 0, "aucun résultat connu", muted=True)
    return Bar(
        name,
        m.reached / m.decided,
        f"{number_fr(m.reached)} sur {number_fr(m.decided)}",  # short: it must fit after the bar
    )


MILESTONES_TITLE = "Évaluation des sites : jalons atteints"


def _milestones_chart(f: CatalogueFigures) -> Chart:
    """The evaluation milestones: nothing is drawn, as 0 or otherwise, for what no sheet says."""
    intro = (
        "AIS#Emploi évalue chaque reprise trois fois : l’appropriation de la méthode au bout "
        "de 3 mois, sa mise en œuvre au bout de 9 mois et son impact au bout de 18 mois."
    )
    counts = [dict(m.statuses) for m in f.milestones]
    statuses = [s for s in STATUS_ORDER if s != NOT_GIVEN and any(c.get(s) for c in counts)]
    if not statuses:  # no site, or no sheet documents a milestone: no bar, no table of blanks
        if not f.sites.value:
            return Chart("evaluation", MILESTONES_TITLE, intro, Markup(""), [], [])
        return Chart(
            "evaluation",
            MILESTONES_TITLE,
            intro,
            Markup(""),
            [],
            [],
            empty="Aucune fiche ne renseigne encore l’état de ces jalons : pour "
            f"{_described_sites(f.sites.value)}, on ne sait pas s’ils ont été atteints. Un site "
            "sans information n’a pas échoué, il n’est pas documenté.",
        )
    statuses.append(NOT_GIVEN)
    bars = [milestone_bar(m) for m in f.milestones]
    drawn = any(m.decided for m in f.milestones)
    if drawn:
        intro += (
            " Une barre donne, pour chaque jalon, la part des sites qui l’ont atteint (statut "
            "« réalisé ») parmi ceux dont le résultat est connu (« réalisé » ou "
            "« non réalisé ») : un site où le jalon est prévu, en cours ou non renseigné "
            "n’y compte pas."
        )
    return Chart(
        "evaluation",
        MILESTONES_TITLE,
        intro,
        bar_chart(
            bars,
            chart_id="graphique-jalons",
            title="Part des sites ayant atteint chaque jalon, parmi ceux au résultat connu",
            scale=1,
        )
        if drawn
        else Markup(""),
        ["Jalon"] + [status_label(s) for s in statuses],
        [
            Row(
                b.label,
                *_count_link(c.get(statuses[0], 0)),
                [_count_link(c.get(s, 0)) for s in statuses[1:]],
            )
            for b, c in zip(bars, counts, strict=True)
        ],
        _milestone_note(f),
    )


def _count_link(count: int) -> tuple[str, str]:
    """A count of sites and its link to the sites' table (none for zero: nothing to show)."""
    return number_fr(count), "#sites" if count else ""


def _without_region(count: int) -> str:
    if not count:
        return ""
    verb = "figure" if count == 1 else "figurent"
    return (
        f" {plural(count, 'innovation')} sans territoire rattaché à une région (national) "
        f"n’y {verb} pas."
    )


def _milestone_note(f: CatalogueFigures) -> str:
    """How many sites each milestone's result is known for: an unknown one is not a failure."""
    parts = [
        f"{label('jalon', m.jalon).split(' (')[0].lower()} : {number_fr(m.decided)}"
        for m in f.milestones
    ]
    return (
        f"Résultat connu (réalisé ou non réalisé), sur {_described_sites(f.sites.value)} : "
        + ", ".join(parts)
        + ". Un site sans information n’a pas échoué, il n’est pas documenté."
    )


def _described_sites(count: int) -> str:
    """« le site d’essaimage décrit », « les 73 sites d’essaimage décrits »."""
    if count == 1:
        return "le site d’essaimage décrit"
    return f"les {number_fr(count)} sites d’essaimage décrits"


def percent(share: float) -> str:
    """« 79 % » (rounded to the unit, French spacing)."""
    return f"{number_fr(round(share * 100))}\u00a0%"


def growth_note(g: Growth) -> str:
    """What the catalogue holds of a growth series, said in one paragraph."""
    parts = [
        f"Le catalogue décrit {plural(g.sites, 'site')}, soit {percent(g.coverage)} des "
        f"{number_fr(g.latest.valeur)} territoires du chiffre déclaré le plus récent"
    ]
    if g.official or g.without_official:
        parts.append(
            f"{plural(g.official, 'site cite', 'sites citent')} le texte officiel qui "
            "l’a habilité"
            + (
                f", {plural(g.without_official, 'autre dit', 'autres disent')} pourquoi ce "
                "texte n’est pas cité"
                if g.without_official
                else ""
            )
        )
    if g.undated:
        parts.append(
            f"{plural(g.undated, 'site n’a', 'sites n’ont')} pas de date connue : "
            f"{'il compte' if g.undated == 1 else 'ils comptent'} dans le total, dans aucune année"
        )
    return " ; ".join(parts) + "."


def figures_page(
    catalogue: Catalogue,
    limit: int = LIST_LIMIT,
    *,
    sites_limit: int = SITES_LIMIT,
    growth_limit: int = GROWTH_LIMIT,
) -> PageBody:
    """The Markdown text of `chiffres/index.md`; lists stop after `limit` rows, the sites after
    `sites_limit`, the growth tables after `growth_limit` (then `limit` more in one table)."""

    region_of = {code: d.region for code, d in geodata.departements().items()}
    f = compute(catalogue, region_of)
    innovations = catalogue.innovations
    territories = catalogue.territories

    groups: list[tuple[str, list[str]]] = []
    for innovation_id, key in f.stage_of:
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(innovation_id)

    site_groups = newest_sites(f.site_rows, sites_limit)
    site_counts = {s.key: s.value for s in f.sites_by_year}
    growths = growth_series(catalogue)

    regions = sorted(f.by_region, key=lambda r: region_name(r.code))
    body = render(
        "figures.html",
        url=URL,
        f=f,
        n=f.innovations.value,
        tiles=_tiles(f),
        charts=_charts(f, {key for key, _ in site_groups}),
        comparisons=f.comparisons,
        growths=growths[:growth_limit],
        growth_rows=growths[growth_limit : growth_limit + limit],
        growth_rest=max(0, len(growths) - growth_limit - limit),
        growth_count=len(growths),
        growth_note=growth_note,
        percent=percent,
        stage_groups=groups,
        site_groups=site_groups,
        site_counts=site_counts,
        sites_listed=sum(len(rows) for _, rows in site_groups),
        regions=regions,
        innovations=innovations,
        territories=territories,
        milestones=[(key, label("jalon", key)) for key in MILESTONE_ORDER],
        sheet=lambda i: rel(URL, innovation_url(i)),
        sites_of=sheet_site_count,
        place=lambda t: rel(URL, territory_url(t)),
        stage_label=stage_label,
        stage_anchor=stage_anchor,
        year_anchor=year_anchor,
        status_label=status_label,
        shown_value=shown_value,
        coverage=coverage,
        dated=dated,
        total_notes=total_notes,
        programme=catalogue.programme,
        sentence=lambda text: text[:1].upper() + text[1:],
        accompaniment=accompaniment,
        limit=limit,
        data_link=Markup(
            f'voir les <a href="{_link("donnees/")}">données ouvertes</a> et chaque fiche'
        ),
        explorer_link=lambda key: Markup(
            f'voir l’<a href="{escape(_explorer("palier", stage_label(key)))}">explorateur</a>'
        ),
        all_places=Markup(f'voir <a href="{_link("territoires/")}">tous les territoires</a>'),
        sites_files=Markup(
            f'<a href="{_link(f"{DATA_DIR}/{SITES.csv_name}")}">{SITES.csv_name}</a> ou '
            f'<a href="{_link(spreadsheet.PATH)}">{spreadsheet.FILENAME}</a>'
        ),
        data_page=_link(f"{DATA_DIR}/"),
    )
    return page(
        TITLE,
        body,
        description="Les totaux du catalogue des innovations pour l’emploi, calculés à partir "
        "des fiches, à côté des chiffres déclarés par le programme AIS#Emploi.",
    )
