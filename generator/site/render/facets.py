"""The explorer's facets: each sheet's filter values, and their counts over the catalogue.

A sheet gives Pagefind its filter values through `data-pagefind-filter` attributes
(templates/innovation.html). The explorer shows the facets and their counts in its HTML, from
the model, so that opening it downloads no filter data (Pagefind loads that when a reader
reaches for the facets) and the facets are on screen from the first paint. The values here are
the same labels the sheet gives Pagefind; a browser test checks that both count the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ...model import STAGE_ORDER, Innovation, label

# Facet keys (Pagefind filter names, also the explorer's URL parameters) and their titles.
FACETS = [
    ("thematique", "Thématique"),
    ("public", "Public"),
    ("region", "Région"),
    ("departement", "Département"),
    ("palier", "Palier atteint"),
    ("preuve", "Niveau de preuve"),
    ("completude", "Complétude"),
    ("annee", "Année de création"),
]
# Facets with this many values or more start folded.
COLLAPSE_FROM = 8
COMPLETE = "fiche complète"
INCOMPLETE = "fiche à compléter"
NO_STAGE = "Aucun palier connu"


def evidence_value(level: int) -> str:
    return f"{level} sur 5"


def completeness_value(innovation: Innovation) -> str:
    return COMPLETE if innovation.is_complete else INCOMPLETE


def sheet_filters(innovation: Innovation, region_name, departement_name) -> dict[str, list[str]]:
    """Every facet value of one sheet, as its page gives them to Pagefind."""
    i = innovation
    values: dict[str, list[str]] = {
        "thematique": [label("thematique", t) for t in i.thematiques],
        "public": [label("public", p) for p in i.publics],
        # where it is present: born, carried or run, or swarmed (as « Mon territoire » says)
        "region": [region_name(r) for r in i.present_regions],
        "departement": [departement_name(d) for d in i.present_departements],
        "palier": [i.stage_reached_label] if i.is_ais else [],
        "preuve": [evidence_value(i.niveau_preuve)] if i.niveau_preuve else [],
        "completude": [completeness_value(i)],
        "annee": [str(i.annee_creation)] if i.annee_creation else [],
    }
    return {key: list(dict.fromkeys(v)) for key, v in values.items()}


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: list[tuple[str, int]]  # (value, sheets having it), in the order shown

    @property
    def folded(self) -> bool:
        return len(self.values) >= COLLAPSE_FROM


def _collate(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _order(key: str, values: Iterable[str]) -> list[str]:
    if key == "annee":
        return sorted(values, key=lambda v: (-int(v) if v.isdigit() else 0, v))
    if key == "preuve":
        return sorted(values, key=lambda v: -int(re.match(r"\d+", v).group()))  # type: ignore[union-attr]
    if key == "palier":
        rank = {label("palier", s): n for n, s in enumerate(STAGE_ORDER)}
        return sorted(values, key=lambda v: (-rank.get(v, -1), v))
    if key == "completude":
        return sorted(values, key=lambda v: (v != COMPLETE, v))
    return sorted(values, key=lambda v: (_collate(v), v))


def explorer_facets(
    innovations: Iterable[Innovation], region_name, departement_name
) -> list[Facet]:
    """The facets with every value some sheet has and how many sheets have it."""
    counts: dict[str, Counter[str]] = {key: Counter() for key, _ in FACETS}
    for innovation in innovations:
        for key, values in sheet_filters(innovation, region_name, departement_name).items():
            counts[key].update(values)
    return [
        Facet(key, title, [(v, counts[key][v]) for v in _order(key, counts[key])])
        for key, title in FACETS
        if counts[key]
    ]
