"""The maps in the site: a locator map on each sheet and territory page, and the national map.

Only this module knows both the catalogue model and the SVG renderers; the renderers take
plain MapPoints, the pages receive finished SVG strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from markupsafe import Markup

from ...french import plural
from ...geo import geodata
from ...model import Catalogue, Innovation, Territory
from ..render.pages import NeighbourIndex, PageBody, page, render
from ..render.urls import rel, territory_url
from .render import BASE_MAP_FILENAME, MapPoint, locator_map, national_map

BASE_MAP_URL = f"assets/{BASE_MAP_FILENAME}"
MAP_PAGE_URL = "carte/"


def _point(
    t: Territory, from_url: str, role: str, label: str = "", count: int = 0
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
    )


def sheet_map(i: Innovation) -> str:
    url = f"innovations/{i.id}/"
    places: list[MapPoint] = []
    home = _point(
        i.territoire_origine,
        url,
        "origine",
        f"depuis {i.annee_creation}" if i.annee_creation else "",
    )
    if home:
        places.append(home)
    seen = {i.territoire_origine.id}
    for carrier in i.porteurs:
        # where a carrier is based is part of where the innovation comes from
        if carrier.territoire and carrier.territoire.id not in seen:
            seen.add(carrier.territoire.id)
            point = _point(carrier.territoire, url, "origine", f"porteur : {carrier.nom}")
            if point:
                places.append(point)
    for site in i.essaimage:
        if site.territoire.id in seen:
            continue
        seen.add(site.territoire.id)
        point = _point(
            site.territoire, url, "essaimage", f"depuis {site.year}" if site.year else ""
        )
        if point:
            places.append(point)
    if not places:
        return ""
    return locator_map(
        places,
        rel(url, BASE_MAP_URL),
        title=f"Carte de {i.nom} : territoire d’origine et sites essaimés",
    )


def territory_map_factory(catalogue: Catalogue) -> Callable[[Territory], str]:
    index = NeighbourIndex(catalogue)

    def territory_map(t: Territory) -> str:
        url = territory_url(t.id)
        own = _point(t, url, "courant", _innovations_label(len(t.innovations)))
        if own is None:
            return ""
        places = [own]
        seen = {t.id}
        for innovation, _ in index.neighbours(t):
            for other in innovation.territories:
                if other.id in seen or not (
                    set(other.departements) & set(t.departements)
                    or set(other.regions) & set(t.regions)
                ):
                    continue
                seen.add(other.id)
                point = _point(other, url, "voisin", _innovations_label(len(other.innovations)))
                if point:
                    places.append(point)
        # Zoom in only when there are neighbours to frame; a lone marker reads better on France.
        return locator_map(
            places,
            rel(url, BASE_MAP_URL),
            zoom=len(places) > 1,
            title=f"Carte de {t.nom} et des innovations voisines",
        )

    return territory_map


def _innovations_label(n: int) -> str:
    return plural(n, "innovation")


def page_hooks(catalogue: Catalogue) -> dict[str, Callable]:
    """The map makers that render.pages.all_pages calls for each sheet and territory."""
    return {"sheet_map": sheet_map, "territory_map": territory_map_factory(catalogue)}


def national_figures(catalogue: Catalogue) -> dict[str, set[str]]:
    """Département code → ids of the innovations born or swarmed there."""
    per_dep: dict[str, set[str]] = defaultdict(set)
    for innovation in catalogue.innovations.values():
        for territory in innovation.territories:
            for code in territory.departements:
                per_dep[code].add(innovation.id)
    return per_dep


def national_page(catalogue: Catalogue) -> PageBody:
    per_dep = national_figures(catalogue)
    deps = geodata.departements()
    dep_pages = {
        t.departements[0]: t
        for t in catalogue.territories.values()
        if t.type == "departement" and len(t.departements) == 1
    }
    regions_with_pages = {r for t in catalogue.territories.values() for r in t.regions}
    links = {}
    for code, dep in deps.items():
        if code in dep_pages:
            links[code] = rel(MAP_PAGE_URL, territory_url(dep_pages[code].id))
        elif dep.region in regions_with_pages:
            links[code] = rel(MAP_PAGE_URL, "territoires/") + f"#region-{dep.region}"
    points = [
        p
        for t in catalogue.territories_sorted()
        if t.type not in ("departement", "region")
        for p in [
            _point(
                t,
                MAP_PAGE_URL,
                "courant",
                _innovations_label(len(t.innovations)),
                count=len(t.innovations),
            )
        ]
        if p is not None and t.is_point
    ]
    svg = national_map({code: len(ids) for code, ids in per_dep.items()}, links, points)
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
        dep_pages={c: t for c, t in dep_pages.items()},
        territories=[t for t in catalogue.territories_sorted() if t.departements],
        unplaced=unplaced,
        attribution=geodata.attribution(),
    )
    return page(
        "Carte des innovations",
        body,
        description="Où les innovations pour l’emploi sont nées et où elles ont essaimé.",
    )
