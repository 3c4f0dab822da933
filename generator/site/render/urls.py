"""Site URLs: one place that knows where each page lives, and relative links between pages."""

from __future__ import annotations

import posixpath


def innovation_url(innovation_id: str) -> str:
    return f"innovations/{innovation_id}/"


def territory_url(territory_id: str) -> str:
    return f"territoires/{territory_id}/"


def departement_url(code: str) -> str:
    """A département's « Mon territoire » page (generator/site/places.py)."""
    return f"departements/{code.lower()}/"


def region_url(code: str) -> str:
    """A région's « Mon territoire » page (generator/site/places.py)."""
    return f"regions/{code.lower()}/"


# Where the sheets of one theme or one public are listed (render/facet_pages.py), by facet.
FACET_FOLDERS = {"thematique": "thematiques", "public": "publics"}


def facet_url(facet: str, code: str) -> str:
    """The page listing the sheets whose `facet` ("thematique", "public") has value `code`."""
    return f"{FACET_FOLDERS[facet]}/{code}/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link from one page URL (a folder, `a/b/`) to another URL or file.

    Relative links keep the site working under any base path (GitHub Pages' `/<repo>/`).
    """
    if _plain(from_url) and _plain(to_url):
        link = _relative(from_url, to_url)  # the site's own URLs: the same, several times faster
    else:
        base = "/" + from_url
        target = "/" + to_url
        link = posixpath.relpath(target, base if base.endswith("/") else posixpath.dirname(base))
    if to_url.endswith("/") or to_url == "":
        link = link.rstrip("/") + "/"
    if link == "./":
        return "./"
    return link


def _plain(url: str) -> bool:
    """A URL made of names separated by single slashes (no « . » or « .. » segment, no « // »),
    as the site's pages and files are: `posixpath.relpath` would leave it as it is."""
    wrapped = "/" + url if url.endswith("/") else f"/{url}/"
    return "//" not in wrapped and "/./" not in wrapped and "/../" not in wrapped


def _relative(from_url: str, to_url: str) -> str:
    """`posixpath.relpath("/" + to_url, folder of "/" + from_url)` for plain URLs."""
    start = from_url.split("/")[:-1]  # the folder: what is before the last slash
    target = [part for part in to_url.split("/") if part]
    common = 0
    for a, b in zip(start, target, strict=False):  # up to the shorter one
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."
