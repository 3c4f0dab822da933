"""The catalogue's aggregated figures: totals, coverage, breakdowns. Pure: no I/O.

The counting rules, also stated on the figures page:

- for each indicator, an innovation contributes its most recent sourced figure only
  (`Innovation.figure`): an older figure is replaced by a newer one, never added to it;
- a figure without a source is never added; it is listed apart;
- a rounded figure (`arrondi`, "plus de 20") is added at its face value and marks the total as
  approximate; sums are exact (decimal arithmetic) and never rounded further;
- a territory, a département or a région is counted once, however many innovations it has;
- every total says how many innovations it rests on ("d'après 2 innovations sur 4");
- only counts (personnes, structures…) are added: a rate, an amount or a duration never is;
- the programme's declared totals are compared with the innovations that went through it only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ...french import as_of_fr, date_fr, number_fr
from ...load.dates import parse_partial_date
from ...model import MILESTONE_ORDER, STAGE_ORDER, Catalogue, Figure, Innovation, unit_label

SUMMED = ("beneficiaires", "structures-formees")
NO_STAGE = ""  # share key: no stage completed or under way
UNKNOWN = ""  # share key: year not given
NOT_GIVEN = "non-renseigne"  # milestone status when a site does not mention the milestone
ACCOMPANIED_STATUSES = ("realise", "en-cours")
RESULT_KNOWN = ("realise", "non-realise")  # milestone statuses that say whether it was reached

Number = int | float


def date_key(text: str) -> tuple[int, ...]:
    """Sort key of a partial date; unreadable or empty dates sort first."""
    return (parse_partial_date(text) or (0,)) if text else (0,)


def exact_sum(values: Iterable[Number]) -> Number:
    """Sum without binary floating-point noise: 0.1 + 0.2 is 0.3; integers stay integers."""
    total = sum((Decimal(str(v)) for v in values), Decimal(0))
    return int(total) if total == total.to_integral_value() else float(total)


@dataclass(frozen=True)
class Contribution:
    """One sourced figure retained for a total or a listing."""

    innovation_id: str
    innovation_nom: str
    indicateur: str
    libelle: str
    valeur: Number
    date: str
    arrondi: bool
    source_titre: str
    source_url: str
    note: str = ""
    unite: str = ""

    @classmethod
    def of(cls, innovation: Innovation, figure: Figure) -> Contribution:
        source = figure.source
        return cls(
            innovation.id,
            innovation.nom,
            figure.indicateur,
            figure.libelle,
            _number(figure.valeur),
            figure.date,
            figure.arrondi,
            source.titre if source else "",
            source.url if source else "",
            figure.note,
            figure.unite,
        )

    @property
    def unite_label(self) -> str:
        """The unit as written after the value; "" for « autre » (the libellé says it)."""
        return unit_label(self.unite)


@dataclass(frozen=True)
class Total:
    """The sum of one indicator over the innovations that give it with a source."""

    indicateur: str
    value: Number
    contributions: tuple[Contribution, ...]
    out_of: int
    unsourced: tuple[str, ...] = ()  # innovations whose figures for it all lack a source
    not_counts: tuple[str, ...] = ()  # innovations that give it only as a rate, an amount…

    @property
    def reporting(self) -> int:
        return len(self.contributions)

    @property
    def rounded(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.arrondi)

    @property
    def dates(self) -> tuple[str, ...]:
        return distinct_dates(c.date for c in self.contributions)

    @property
    def undated(self) -> int:
        return sum(1 for c in self.contributions if not c.date)


@dataclass(frozen=True)
class Count:
    """A count of things described by the sheets, and how many sheets describe some."""

    value: int
    reporting: int
    out_of: int


@dataclass(frozen=True)
class Share:
    """One bar of a breakdown: a key (code, year, "" for unknown) and a count."""

    key: str
    value: int


@dataclass(frozen=True)
class RegionShare:
    code: str
    innovations: int
    territories: tuple[str, ...]
    departements: tuple[str, ...]


@dataclass(frozen=True)
class MilestoneCount:
    jalon: str
    reached: int
    statuses: tuple[tuple[str, int], ...]  # every status (NOT_GIVEN included), in a fixed order
    out_of: int

    @property
    def given(self) -> int:
        return sum(n for status, n in self.statuses if status not in (NOT_GIVEN, "inconnu"))

    @property
    def decided(self) -> int:
        """Sites whose result for the milestone is known: reached or not reached. A milestone
        planned, under way, unknown or not given has not failed: it is not counted."""
        return sum(n for status, n in self.statuses if status in RESULT_KNOWN)


@dataclass(frozen=True)
class SiteRow:
    innovation_id: str
    innovation_nom: str
    structure: str
    territoire_id: str
    territoire_nom: str
    date_debut: str
    year: int | None
    jalons: tuple[tuple[str, str, str], ...]  # (jalon, statut or NOT_GIVEN, date), fixed order


@dataclass(frozen=True)
class Measure:
    """A computed figure to set beside a declared one."""

    key: str
    label: str
    value: Number
    reporting: int
    out_of: int
    dates: tuple[str, ...]
    rounded: bool
    is_sum: bool


@dataclass(frozen=True)
class Comparison:
    declared: Figure
    measure: Measure | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueFigures:
    content_date: str
    innovations: Count
    by_stage: tuple[Share, ...]
    stage_of: tuple[tuple[str, str], ...]  # (innovation id, stage key), in page order
    accompanied: tuple[str, ...]
    accompaniment_known: int
    totals: dict[str, Total]
    sites: Count
    territories: Count
    departements: Count
    regions: Count
    by_theme: tuple[Share, ...]
    by_public: tuple[Share, ...]
    by_region: tuple[RegionShare, ...]
    territories_without_region: tuple[str, ...]
    sites_by_year: tuple[Share, ...]
    site_rows: tuple[SiteRow, ...]
    milestones: tuple[MilestoneCount, ...]
    other_figures: tuple[Contribution, ...]
    unsourced: tuple[Contribution, ...]
    comparisons: tuple[Comparison, ...]
    declared_unsourced: tuple[Figure, ...]
    ais_only: bool = False  # computed on the innovations that went through AIS#Emploi only

    def measure(self, key: str) -> Measure:
        return measures(self)[key]


def _number(value: float) -> Number:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def distinct_dates(dates: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({d for d in dates if d}, key=lambda d: (date_key(d), d)))


def newest_content_date(catalogue: Catalogue) -> str:
    """The newest date the content gives for itself (never the build time).

    The sheets' `mis_a_jour` dates, else the newest dated fact (figures, sources); "" if none.
    """
    dates = [i.mis_a_jour for i in catalogue.innovations.values() if i.mis_a_jour]
    if not dates:
        figures = [f for i in catalogue.innovations.values() for f in i.chiffres]
        figures += [f for t in catalogue.territories.values() for f in t.chiffres]
        sources = [s for i in catalogue.innovations.values() for s in i.sources]
        if catalogue.programme:
            figures += catalogue.programme.chiffres_declares
            sources += catalogue.programme.sources
        dates = [f.date for f in figures] + [s.date for s in sources]
    found = distinct_dates(dates)
    return found[-1] if found else ""


# ---------------------------------------------------------------------------------------------
# French phrases (pure functions, used by the page and by the comparison reasons)


def coverage(reporting: int, out_of: int) -> str:
    """`d’après 2 innovations sur 4`."""
    if out_of == 0:
        return "aucune innovation dans le catalogue"
    noun = "innovation" if reporting <= 1 else "innovations"
    return f"d’après {number_fr(reporting)} {noun} sur {number_fr(out_of)}"


def at_date(date: str) -> str:
    """`au 28 novembre 2019`, `en juillet 2015`, `en 2015`."""
    return as_of_fr(date) if date else "à une date inconnue"


def _elide(word: str, text: str) -> str:
    return f"{word[:-1]}’{text}" if text[:1] in "aeiouyéèêàâîôûh" else f"{word} {text}"


def dated(dates: Sequence[str]) -> str:
    """`au 28 novembre 2019` for one date; `de 2015 à novembre 2019` for a range."""
    found = distinct_dates(dates)
    if not found:
        return "à une date inconnue"
    if len(found) == 1:
        return at_date(found[0])
    first, last = found[0], found[-1]
    start = ("du " + date_fr(first)) if len(date_key(first)) == 3 else _elide("de", date_fr(first))
    end = ("au " if len(date_key(last)) == 3 else "à ") + date_fr(last)
    return f"{start} {end}"


def shown_value(value: Number, rounded: bool) -> str:
    """How a value reads: `environ 20` when the source gives an order of magnitude."""
    return ("environ " if rounded else "") + number_fr(value)


# ---------------------------------------------------------------------------------------------
# Computation


def _total(innovations: list[Innovation], indicateur: str) -> Total:
    contributions: list[Contribution] = []
    unsourced: list[str] = []
    not_counts: list[str] = []
    for innovation in innovations:
        figure = innovation.figure(indicateur, counts_only=True)
        if figure is not None:
            contributions.append(Contribution.of(innovation, figure))
        elif innovation.figure(indicateur) is not None:
            not_counts.append(innovation.id)
        elif any(f.indicateur == indicateur for f in innovation.chiffres):
            unsourced.append(innovation.id)
    return Total(
        indicateur,
        exact_sum(c.valeur for c in contributions),
        tuple(contributions),
        len(innovations),
        tuple(unsourced),
        tuple(not_counts),
    )


def _shares(counter: Counter[str]) -> tuple[Share, ...]:
    """Largest first, then by key; no empty bar."""
    return tuple(
        Share(key, n) for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) if n
    )


def site_count(innovations: Iterable[Innovation]) -> int:
    """How many rows `site_rows` gives, without making them (a site listed twice counts once)."""
    return len(
        {
            (innovation.id, site.structure, site.territoire.id)
            for innovation in innovations
            for site in innovation.essaimage
        }
    )


def sheet_site_count(innovation: Innovation) -> int | None:
    """How many swarming sites a sheet describes (a site listed twice counts once); None when
    it lists none: the sheet then says « non renseigné », and an unknown number is never 0."""
    if not innovation.essaimage:
        return None
    return len({(site.structure, site.territoire.id) for site in innovation.essaimage})


def site_rows(innovations: Iterable[Innovation]) -> tuple[SiteRow, ...]:
    """One row per swarming site (a site listed twice counts once), by start date."""
    rows: dict[tuple[str, str, str], SiteRow] = {}
    for innovation in innovations:
        for site in innovation.essaimage:
            key = (innovation.id, site.structure, site.territoire.id)
            if key in rows:  # the same site listed twice is one site
                continue
            by_jalon = {m.jalon: m for m in site.jalons}
            rows[key] = SiteRow(
                innovation.id,
                innovation.nom,
                site.structure,
                site.territoire.id,
                site.territoire.nom,
                site.date_debut,
                site.year,
                tuple(
                    (
                        jalon,
                        by_jalon[jalon].statut if jalon in by_jalon else NOT_GIVEN,
                        by_jalon[jalon].date if jalon in by_jalon else "",
                    )
                    for jalon in MILESTONE_ORDER
                ),
            )
    return tuple(
        sorted(
            rows.values(),
            key=lambda r: (
                r.year is None,
                date_key(r.date_debut),
                r.innovation_nom.casefold(),
                r.structure.casefold(),
                r.territoire_id,
            ),
        )
    )


def _sites_by_year(rows: tuple[SiteRow, ...]) -> tuple[Share, ...]:
    years = Counter(r.year for r in rows if r.year is not None)
    shares = []
    if years:
        shares = [Share(str(y), years[y]) for y in range(min(years), max(years) + 1)]
    unknown = sum(1 for r in rows if r.year is None)
    if unknown:
        shares.append(Share(UNKNOWN, unknown))
    return tuple(shares)


STATUS_ORDER = ("realise", "en-cours", "prevu", "non-realise", "inconnu", NOT_GIVEN)


def _milestones(rows: tuple[SiteRow, ...]) -> tuple[MilestoneCount, ...]:
    out = []
    for index, jalon in enumerate(MILESTONE_ORDER):
        statuses = Counter(r.jalons[index][1] for r in rows)
        out.append(
            MilestoneCount(
                jalon,
                statuses["realise"],
                tuple((s, statuses[s]) for s in STATUS_ORDER if statuses[s]),
                len(rows),
            )
        )
    return tuple(out)


def _stage_key(innovation: Innovation) -> str:
    return innovation.stage_reached or NO_STAGE


def compute(catalogue: Catalogue, region_of: Mapping[str, str] | None = None) -> CatalogueFigures:
    """Every figure of the `chiffres/` page, from the catalogue alone.

    `region_of` (département code -> région code) places the départements of a territory that
    spans several régions; without it, a territory's départements go to its only région.
    """
    innovations = catalogue.innovations_sorted()
    n = len(innovations)

    stages = Counter(_stage_key(i) for i in innovations)
    stage_order = [*STAGE_ORDER, NO_STAGE]
    by_stage = tuple(Share(key, stages[key]) for key in stage_order)
    stage_of = tuple(
        (i.id, _stage_key(i))
        for i in sorted(innovations, key=lambda i: stage_order.index(_stage_key(i)))
    )

    def accompaniment(i: Innovation) -> str:
        return next((s.statut for s in i.paliers if s.palier == "accompagnement-transposition"), "")

    accompanied = tuple(i.id for i in innovations if accompaniment(i) in ACCOMPANIED_STATUSES)
    accompaniment_known = sum(1 for i in innovations if accompaniment(i) not in ("", "inconnu"))

    rows = site_rows(innovations)
    with_sites = len({r.innovation_id for r in rows})

    in_use = catalogue.territories_in_use()  # what the whole site counts as « territoires »
    territory_ids = {t.id for t in in_use}
    departements = {d for i in innovations for d in i.departements}
    regions = {r for i in innovations for r in i.regions}

    region_innovations: Counter[str] = Counter(r for i in innovations for r in i.regions)
    region_territories: dict[str, set[str]] = {code: set() for code in regions}
    region_departements: dict[str, set[str]] = {code: set() for code in regions}
    without_region: set[str] = set()
    for territory in in_use:
        if not territory.regions:
            without_region.add(territory.id)
        for code in territory.regions:
            region_territories[code].add(territory.id)
        for dep in territory.departements:
            known = region_of.get(dep) if region_of else None
            if known in region_departements:
                region_departements[known].add(dep)
            elif len(territory.regions) == 1:
                region_departements[territory.regions[0]].add(dep)
    by_region = tuple(
        RegionShare(
            code,
            region_innovations[code],
            tuple(sorted(region_territories[code])),
            tuple(sorted(region_departements[code])),
        )
        for code, _ in sorted(region_innovations.items(), key=lambda kv: (-kv[1], kv[0]))
    )

    totals = {key: _total(innovations, key) for key in SUMMED}
    retained = [
        Contribution.of(i, f)
        for i in innovations
        for key in sorted({f.indicateur for f in i.chiffres})
        if (f := i.figure(key)) is not None and (key not in SUMMED or not f.is_count)
    ]
    unsourced = [Contribution.of(i, f) for i in innovations for f in i.chiffres if not f.is_sourced]

    figures = CatalogueFigures(
        content_date=newest_content_date(catalogue),
        innovations=Count(n, n, n),
        by_stage=by_stage,
        stage_of=stage_of,
        accompanied=accompanied,
        accompaniment_known=accompaniment_known,
        totals=totals,
        sites=Count(len(rows), with_sites, n),
        territories=Count(len(territory_ids), sum(1 for i in innovations if i.territories), n),
        departements=Count(len(departements), sum(1 for i in innovations if i.departements), n),
        regions=Count(len(regions), sum(1 for i in innovations if i.regions), n),
        by_theme=_shares(Counter(t for i in innovations for t in i.thematiques)),
        by_public=_shares(Counter(p for i in innovations for p in i.publics)),
        by_region=by_region,
        territories_without_region=tuple(sorted(without_region)),
        sites_by_year=_sites_by_year(rows),
        site_rows=rows,
        milestones=_milestones(rows),
        other_figures=tuple(retained),
        unsourced=tuple(unsourced),
        comparisons=(),
        declared_unsourced=(),
    )
    declared = catalogue.programme.chiffres_declares if catalogue.programme else []
    # The programme's totals are set beside its own innovations only.
    ais = {k: i for k, i in catalogue.innovations.items() if i.is_ais}
    if len(ais) < len(catalogue.innovations):
        own = replace(
            compute(Catalogue(ais, catalogue.territories, None), region_of), ais_only=True
        )
    else:
        own = figures
    comparisons = tuple(
        Comparison(f, _counterpart(own, f), reasons(own, f)) for f in declared if f.is_sourced
    )
    return replace(
        figures,
        comparisons=comparisons,
        declared_unsourced=tuple(f for f in declared if not f.is_sourced),
    )


# ---------------------------------------------------------------------------------------------
# Declared figures beside computed ones

# Declared indicator -> computed measure it is compared with (None: nothing comparable).
COUNTERPARTS: dict[str, str] = {
    "innovations-selectionnees": "innovations",
    "innovations-accompagnees": "accompagnees",
    "beneficiaires": "beneficiaires",
    "structures-formees": "structures-formees",
    "structures": "sites",
    "territoires": "territoires",
}

PERIMETERS: dict[str, str] = {
    "innovations": "Le catalogue ne contient que les innovations documentées à ce jour, pas "
    "toutes celles que le programme a retenues.",
    "accompagnees": "Le catalogue compte, parmi les innovations qu’il décrit, celles dont le "
    "palier « accompagnement à la transposition » est réalisé ou en cours.",
    "beneficiaires": "Le catalogue additionne, pour chaque innovation, son chiffre sourcé le "
    "plus récent ; le programme compte sur toutes les innovations qu’il a accompagnées.",
    "structures-formees": "Le catalogue additionne, pour chaque innovation, son chiffre sourcé "
    "le plus récent ; le programme compte sur toutes les innovations qu’il a accompagnées.",
    "sites": "Ce n’est pas la même mesure : le programme compte les structures qui ont "
    "accompagné des demandeurs d’emploi, le catalogue compte les sites d’essaimage décrits "
    "dans ses fiches.",
    "territoires": "Le programme compte les territoires où sont implantées les structures ; le "
    "catalogue compte les territoires de ses fiches (lieu d’origine et sites d’essaimage), "
    "chacun une fois, que le programme ait accompagné l’essaimage ou non.",
}

NO_COUNTERPART = (
    "Le catalogue n’a pas d’équivalent : ce chiffre porte sur le programme lui-même, pas sur "
    "les innovations qu’il décrit."
)


def measures(figures: CatalogueFigures) -> dict[str, Measure]:
    n = figures.innovations.value
    at = (figures.content_date,) if figures.content_date else ()
    described = (
        "innovations passées par AIS#Emploi décrites dans le catalogue"
        if figures.ais_only
        else "innovations décrites dans le catalogue"
    )
    out = {
        "innovations": Measure("innovations", described, n, n, n, at, False, False),
        "accompagnees": Measure(
            "accompagnees",
            "innovations accompagnées jusqu’à l’essaimage (palier réalisé ou en cours)",
            len(figures.accompanied),
            figures.accompaniment_known,
            n,
            at,
            False,
            False,
        ),
        "sites": Measure(
            "sites",
            "sites d’essaimage décrits",
            figures.sites.value,
            figures.sites.reporting,
            n,
            at,
            False,
            False,
        ),
        "territoires": Measure(
            "territoires",
            "territoires distincts (origine et essaimage)",
            figures.territories.value,
            figures.territories.reporting,
            n,
            at,
            False,
            False,
        ),
    }
    sheets = "des fiches passées par AIS#Emploi" if figures.ais_only else "des fiches"
    labels = {
        "beneficiaires": f"demandeurs d’emploi bénéficiaires (total {sheets})",
        "structures-formees": f"structures formées (total {sheets})",
    }
    for key, total in figures.totals.items():
        out[key] = Measure(
            key,
            labels[key],
            total.value,
            total.reporting,
            total.out_of,
            total.dates,
            bool(total.rounded),
            True,
        )
    return out


def _counterpart(figures: CatalogueFigures, declared: Figure) -> Measure | None:
    key = COUNTERPARTS.get(declared.indicateur)
    return measures(figures)[key] if key else None


def reasons(figures: CatalogueFigures, declared: Figure) -> tuple[str, ...]:
    """Why a declared figure and the catalogue's differ, in plain words."""
    measure = _counterpart(figures, declared)
    if measure is None:
        return (NO_COUNTERPART,)
    out = [PERIMETERS[measure.key]]
    gap = exact_sum([measure.value, -_number(declared.valeur)])
    if gap == 0:
        out.append("Les deux chiffres sont égaux.")
    elif gap < 0:
        out.append(f"Le catalogue en compte {number_fr(-gap)} de moins.")
    else:
        out.append(f"Le catalogue en compte {number_fr(gap)} de plus.")
    if measure.is_sum and measure.reporting < measure.out_of:
        if measure.reporting == 0:
            out.append("Aucune innovation du catalogue ne donne ce chiffre avec une source.")
        elif measure.reporting == 1:
            out.append(
                f"Une seule des {number_fr(measure.out_of)} innovations du catalogue donne ce "
                "chiffre avec une source."
            )
        else:
            out.append(
                f"Seules {number_fr(measure.reporting)} des {number_fr(measure.out_of)} "
                "innovations du catalogue donnent ce chiffre avec une source."
            )
    ours = "chiffres du catalogue" if measure.is_sum else "catalogue à jour"
    if not declared.date:
        out.append(
            f"Le chiffre déclaré n’est pas daté ; {ours} {dated(measure.dates)}."
            if measure.dates
            else "Le chiffre déclaré n’est pas daté."
        )
    elif measure.dates and set(measure.dates) != {declared.date}:
        out.append(
            f"Dates différentes : chiffre déclaré {dated([declared.date])}, "
            f"{ours} {dated(measure.dates)}."
        )
    if declared.arrondi:
        out.append("Le chiffre déclaré est un ordre de grandeur.")
    if measure.rounded:
        out.append("Le total du catalogue comprend des valeurs arrondies.")
    return tuple(out)
