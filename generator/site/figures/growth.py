"""The growth of an innovation's swarming, year by year, beside the counts its sources declare.

Pure: no I/O. An innovation has a growth series when it describes swarming sites and gives at
least one dated, sourced figure of the indicator « territoires » for the whole innovation (its
declared counts: « 42 territoires habilités en décembre 2022 »…). The series counts the sites
the catalogue holds by the year they started (for a habilitated territory: the year of the text
that habilitated it); a site without a start date is counted apart, never given a year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...load.dates import parse_partial_date
from ...model import Catalogue, Figure, Innovation

DECLARED_INDICATOR = "territoires"
OFFICIAL_TEXT = "texte-officiel"


@dataclass(frozen=True)
class GrowthYear:
    year: int
    new: int  # catalogue sites that started that year
    cumulative: int  # catalogue sites that started that year or before
    declared: tuple[Figure, ...]  # declared counts dated that year, oldest first


@dataclass(frozen=True)
class Growth:
    innovation_id: str
    innovation_nom: str
    years: tuple[GrowthYear, ...]
    sites: int  # every site the catalogue holds for the innovation
    undated: int  # sites without a start date (counted in `sites`, in no year)
    official: int  # sites whose source is an official text
    without_official: int  # sites that say why no official text is cited
    latest: Figure  # the most recent declared count

    @property
    def coverage(self) -> float:
        """Share of the latest declared count that the catalogue's sites make up."""
        return self.sites / self.latest.valeur if self.latest.valeur else 0.0


def _year(date: str) -> int | None:
    parsed = parse_partial_date(date) if date else None
    return parsed[0] if parsed else None


def declared_counts(innovation: Innovation) -> list[Figure]:
    """The innovation's dated, sourced counts of territories, oldest first."""
    found = [
        f
        for f in innovation.chiffres
        if f.indicateur == DECLARED_INDICATOR
        and f.scope == "innovation"
        and f.source is not None
        and f.territoire is None
        and _year(f.date) is not None
    ]
    return sorted(found, key=lambda f: parse_partial_date(f.date) or ())


def growth(innovation: Innovation) -> Growth | None:
    declared = declared_counts(innovation)
    if not innovation.essaimage or not declared:
        return None
    site_years = [site.year for site in innovation.essaimage]
    by_year = Counter(y for y in site_years if y is not None)
    declared_years = [_year(f.date) for f in declared]
    known = [y for y in [*by_year, *declared_years] if y is not None]
    years = []
    total = 0
    for year in range(min(known), max(known) + 1):
        total += by_year[year]
        dated = tuple(f for f in declared if _year(f.date) == year)
        if by_year[year] or dated:
            years.append(GrowthYear(year, by_year[year], total, dated))
    return Growth(
        innovation.id,
        innovation.nom,
        tuple(years),
        sites=len(innovation.essaimage),
        undated=sum(1 for y in site_years if y is None),
        official=sum(
            1
            for s in innovation.essaimage
            if s.source is not None and s.source.type == OFFICIAL_TEXT
        ),
        without_official=sum(1 for s in innovation.essaimage if s.sans_texte_officiel),
        latest=declared[-1],
    )


def growth_series(catalogue: Catalogue) -> tuple[Growth, ...]:
    """Every innovation's growth series, largest swarming first."""
    found = [g for i in catalogue.innovations.values() if (g := growth(i)) is not None]
    return tuple(sorted(found, key=lambda g: (-g.sites, g.innovation_nom.casefold())))
