"""Site URLs: one place that knows where each page lives, and relative links between pages."""

from __future__ import annotations

import posixpath


def innovation_url(innovation_id: str) -> str:
    return f"innovations/{innovation_id}/"


def territory_url(territory_id: str) -> str:
    return f"territoires/{territory_id}/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link from one page URL (a folder, `a/b/`) to another URL or file.

    Relative links keep the site working under any base path (GitHub Pages' `/<repo>/`).
    """
    base = "/" + from_url
    target = "/" + to_url
    link = posixpath.relpath(target, base if base.endswith("/") else posixpath.dirname(base))
    if to_url.endswith("/") or to_url == "":
        link = link.rstrip("/") + "/"
    if link == "./":
        return "./"
    return link
