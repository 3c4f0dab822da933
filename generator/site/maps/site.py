"""The maps in the site: a locator map on each sheet and territory page, and the national map.

Only this module knows both the catalogue model and the SVG renderers; the renderers take
plain MapPoints, the pages receive finished SVG strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from markupsafe import Markup

from ...french import plural
from ...geo import geodata
from ...model import Catalogue, Innovation, Territory
from ..render.pages import NeighbourIndex, PageBody, page, render
from ..render.urls import departement_url, rel, territory_url
from .render import BASE_MAP_FILENAME, MapPoint, locator_map, national_map

BASE_MAP_URL = f"assets/{BASE_MAP_FILENAME}"
MAP_PAGE_URL = "carte/"


def _point(
    t: Territory, from_url: str, role: str, label: str = "", count: int = 0, role_label: str = ""
) -> MapPoint | None:
    """A territory as a MapPoint, or None when it cannot be placed (national, no département)."""
    if not t.departements:
        return None
    kind = "point"
    region = ""
    if t.type == "departement":
        kind = "departement"
    elif t.type == "region":
        kind, region = "region", (t.regions[0] if t.regions else "")
    return MapPoint(
        name=t.nom,
        url=rel(from_url, territory_url(t.id)),
        role=role,
        label=label,
        departement=t.departements[0],
        lon=t.longitude,
        lat=t.latitude,
        count=count,
        kind=kind,
        region=region,
        role_label=role_label,
    )


def _points(
    t: Territory, from_url: str, role: str, label: str = "", role_label: str = ""
) -> list[MapPoint]:
    """A territory's marks: one point, or one per component for an area made of several."""
    if t.composantes:
        found = [
            _point(c, from_url, role, f"partie de {t.nom}", role_label=role_label)
            for c in t.composantes
        ]
        return [p for p in found if p is not None]
    point = _point(t, from_url, role, label, role_label=role_label)
    return [point] if point else []


def sheet_map(i: Innovation) -> str:
    """The sheet's map: its home territory, where its carriers are based, its swarming sites.

    Only the sheet's own home territory (« Né à ») is pinned as the home: a carrier's place
    is pinned as such (an operator's as « lieu d’un opérateur »), so an unknown home stays
    unknown on the map as on the sheet.
    """
    url = f"innovations/{i.id}/"
    places: list[MapPoint] = []
    seen: set[str] = set()
    if i.territoire_origine is not None:
        seen.add(i.territoire_origine.id)
        places += _points(
            i.territoire_origine,
            url,
            "origine",
            f"depuis {i.annee_creation}" if i.annee_creation else "",
        )
    for carrier in i.porteurs:
        if carrier.territoire and carrier.territoire.id not in seen:
            seen.add(carrier.territoire.id)
            places += _points(
                carrier.territoire,
                url,
                "porteur",
                carrier.nom,
                role_label="lieu d’un opérateur" if carrier.operates else "",
            )
    for site in i.essaimage:
        if site.territoire.id in seen:
            continue
        seen.add(site.territoire.id)
        places += _points(
            site.territoire, url, "essaimage", f"depuis {site.year}" if site.year else ""
        )
    if not places:
        return ""
    home = "" if i.territoire_origine else " (territoire d’origine non renseigné)"
    return locator_map(
        places,
        rel(url, BASE_MAP_URL),
        title=f"{i.nom} : carte des lieux où l’innovation est née, portée et essaimée{home}",
    )


def territory_map_factory(catalogue: Catalogue) -> Callable[[Territory], str]:
    index = NeighbourIndex(catalogue)

    def territory_map(t: Territory) -> str:
        url = territory_url(t.id)
        places = _points(t, url, "courant", _innovations_label(len(t.present_innovations)))
        if not places:
            return ""
        seen = {t.id}
        for innovation, _ in index.neighbours(t):
            for other in innovation.present_territories:
                if set(other.departements) & set(t.departements):
                    scope = "même département"
                elif set(other.regions) & set(t.regions):
                    scope = "même région"
                else:
                    continue
                if other.id in seen:
                    continue
                seen.add(other.id)
                label = _innovations_label(len(other.present_innovations))
                point = _point(other, url, "voisin", label, role_label=scope)
                if point:
                    places.append(point)
        # Zoom in only when there are neighbours to frame; a lone marker reads better on France.
        return locator_map(
            places,
            rel(url, BASE_MAP_URL),
            zoom=len(places) > 1,
            title=f"Carte de {t.nom} et des innovations du même département ou de la même région",
        )

    return territory_map


def _innovations_label(n: int) -> str:
    return plural(n, "innovation") if n else "aucune innovation"


def page_hooks(catalogue: Catalogue) -> dict[str, Callable]:
    """The map makers that render.pages.all_pages calls for each sheet and territory."""
    return {"sheet_map": sheet_map, "territory_map": territory_map_factory(catalogue)}


def national_figures(catalogue: Catalogue) -> dict[str, set[str]]:
    """Département code → ids of the innovations present there (born, carried or swarmed)."""
    per_dep: dict[str, set[str]] = defaultdict(set)
    for innovation in catalogue.innovations.values():
        for territory in innovation.present_territories:
            for code in territory.departements:
                per_dep[code].add(innovation.id)
    return per_dep


def _national_point(t: Territory) -> MapPoint | None:
    """A territory's one pin on the national map: where it is, or amid its parts."""
    parts = _points(t, MAP_PAGE_URL, "courant")
    if not parts:
        return None
    point = _point(t, MAP_PAGE_URL, "courant", count=len(t.present_innovations))
    if point is None:
        return None
    if t.composantes and not t.is_point:
        located = [p for p in parts if p.lon is not None and p.lat is not None]
        if located and len({p.departement for p in located}) == 1:
            lon = sum(p.lon or 0.0 for p in located) / len(located)
            lat = sum(p.lat or 0.0 for p in located) / len(located)
            point = replace(point, lon=lon, lat=lat, departement=located[0].departement)
    return point


def national_page(catalogue: Catalogue) -> PageBody:
    per_dep = national_figures(catalogue)
    deps = geodata.departements()
    points = [
        p for t in catalogue.territories_sorted() for p in [_national_point(t)] if p is not None
    ]
    svg = national_map({code: len(ids) for code, ids in per_dep.items()}, points)
    rows = sorted(
        (
            (code, deps[code].nom, deps[code].region_nom, len(ids))
            for code, ids in per_dep.items()
            if code in deps
        ),
        key=lambda r: (-r[3], r[0]),
    )
    unplaced = [t for t in catalogue.territories_sorted() if not t.departements]
    body = render(
        "carte.html",
        url=MAP_PAGE_URL,
        svg=Markup(svg),
        rows=rows,
        dep_url=departement_url,
        territories=[t for t in catalogue.territories_sorted() if t.departements],
        unplaced=unplaced,
        attribution=geodata.attribution(),
    )
    return page(
        "Carte des innovations",
        body,
        description="Où les innovations pour l’emploi sont nées, portées et essaimées.",
    )
