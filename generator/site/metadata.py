"""What a page tells search engines and link previews: OpenGraph and schema.org (JSON-LD).

The plugin puts `page_metadata(...)` into `page.meta["partage"]`; the theme override
(`theme/main.html`) prints it. Every value is plain text here: the theme escapes the OpenGraph
values, and `json_ld` escapes the JSON itself so that no contributor text can end its
`<script>` element.

schema.org types, chosen for what each page is:
- an innovation sheet is a `HowTo`: a method with steps (its « étapes »), that others reproduce;
- a territory page is a `Place`: a named area, with its coordinates when the sheet gives them;
- the open-data page is a `Dataset` with its downloads (`DataDownload`), licence and coverage;
- the home page is the `WebSite`; every other page a `WebPage` of it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from ..model import Catalogue
from .export import DATA_DIR, LICENCE, TABLES

LANGUAGE = "fr"


def absolute(site_url: str, path: str) -> str:
    """`path` (relative to the site's root) as an absolute address, when the site has one."""
    if not site_url:
        return path
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` as `\\u` escapes,
    so that no text (`</script>`, `<!--`) can end the element or change how it is parsed."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _website(site_name: str, site_url: str) -> dict[str, Any]:
    return {"@type": "WebSite", "name": site_name, "url": absolute(site_url, "")}


def _innovation(catalogue: Catalogue, ident: str, url: str) -> dict[str, Any] | None:
    innovation = catalogue.innovations.get(ident)
    if innovation is None:
        return None
    data: dict[str, Any] = {
        "@type": "HowTo",
        "name": innovation.nom,
        "description": innovation.accroche,
        "keywords": list(innovation.thematiques),
        "license": LICENCE["url"],
    }
    # Unknown stays unknown: no place or creator is said when the sheet gives none.
    if innovation.territoire_origine is not None:
        data["spatialCoverage"] = {"@type": "Place", "name": innovation.territoire_origine.nom}
    if innovation.porteurs:
        data["creator"] = [{"@type": "Organization", "name": c.nom} for c in innovation.porteurs]
    if innovation.etapes:
        data["step"] = [
            {"@type": "HowToStep", "position": n, "name": s.titre}
            for n, s in enumerate(innovation.etapes, 1)
        ]
    if innovation.mis_a_jour:
        data["dateModified"] = innovation.mis_a_jour
    return data


def _territory(catalogue: Catalogue, ident: str) -> dict[str, Any] | None:
    territory = catalogue.territories.get(ident)
    if territory is None:
        return None
    data: dict[str, Any] = {"@type": "Place", "name": territory.nom}
    if territory.latitude is not None and territory.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": territory.latitude,
            "longitude": territory.longitude,
        }
    return data


def _dataset(catalogue: Catalogue, site_url: str, description: str) -> dict[str, Any]:
    downloads = [
        {
            "@type": "DataDownload",
            "encodingFormat": "application/json",
            "contentUrl": absolute(site_url, f"{DATA_DIR}/catalogue.json"),
        }
    ]
    downloads += [
        {
            "@type": "DataDownload",
            "name": table.title,
            "encodingFormat": "text/csv",
            "contentUrl": absolute(site_url, f"{DATA_DIR}/{table.csv_name}"),
        }
        for table in TABLES
    ]
    dates = [i.mis_a_jour for i in catalogue.innovations.values() if i.mis_a_jour]
    data: dict[str, Any] = {
        "@type": "Dataset",
        "name": "Catalogue des innovations pour l’emploi",
        "description": description,
        "license": LICENCE["url"],
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Country", "name": "France"},
        "distribution": downloads,
    }
    if dates:
        data["dateModified"] = max(dates)
    return data


def page_metadata(
    catalogue: Catalogue | None,
    *,
    src_uri: str,
    title: str,
    description: str,
    url: str,
    site_name: str,
    site_url: str,
) -> dict[str, Any]:
    """{"og": {property: value}, "json_ld": escaped JSON} for the page at `src_uri`.

    `title` and `description` are plain text; `url` is the page's address from the root.
    """
    address = absolute(site_url, url)
    og = {
        "og:type": "website",
        "og:site_name": site_name,
        "og:title": title,
        "og:description": description,
        "og:locale": "fr_FR",
    }
    if site_url:
        og["og:url"] = address
    data: dict[str, Any] | None = None
    folder, _, name = src_uri.rpartition("/")
    ident = name.removesuffix(".md")
    if catalogue is not None and folder == "innovations" and ident != "index":
        data = _innovation(catalogue, ident, address)
        og["og:type"] = "article"
    elif catalogue is not None and folder == "territoires" and ident != "index":
        data = _territory(catalogue, ident)
    elif catalogue is not None and src_uri == f"{DATA_DIR}/index.md":
        data = _dataset(catalogue, site_url, description)
    elif src_uri == "index.md":
        data = _website(site_name, site_url)
        data["description"] = description
    if data is None:
        data = {"@type": "WebPage", "name": title}
        if description:
            data["description"] = description
    if data["@type"] != "WebSite":
        data["isPartOf"] = _website(site_name, site_url)
    data = {"@context": "https://schema.org", **data, "inLanguage": LANGUAGE}
    if site_url:
        data["url"] = address
    return {"og": og, "json_ld": json_ld(data)}
