"""What changed: the Atom feed `nouveautes/atom.xml` and the « Nouveautés » page.

Both list the latest changes of the sheets, from the content's git history
(generator/load/history.py), newest first, at most MAX_ENTRIES. Outside git (a copied content
folder) the feed stays valid, without entries, and says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from ..load.history import Change
from ..model import Catalogue, Innovation
from .render.pages import PageBody, SitePage, _key, page, render
from .render.urls import innovation_url, rel

URL = "nouveautes/"
FEED = "nouveautes/atom.xml"
MAX_ENTRIES = 50
NO_HISTORY = "Historique indisponible : le contenu n’est pas suivi par git."


def latest(
    catalogue: Catalogue, history: dict[str, list[Change]]
) -> list[tuple[Innovation, Change]]:
    """The latest changes of the sheets, newest first (bounded)."""
    entries = [
        (i, change) for i in catalogue.innovations_sorted() for change in history.get(i.path, [])
    ]
    entries.sort(key=lambda e: e[1].date, reverse=True)
    return entries[:MAX_ENTRIES]


def feed_xml(entries: list[tuple[Innovation, Change]], title: str) -> str:
    """An Atom 1.0 document; links are relative to the feed's own address."""
    updated = entries[0][1].date if entries else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"<title>{escape(title)} : nouveautés</title>",
        f"<subtitle>{escape('Fiches nouvelles ou mises à jour' if entries else NO_HISTORY)}"
        "</subtitle>",
        '<link rel="alternate" type="text/html" href="./"/>',
        '<link rel="self" type="application/atom+xml" href="atom.xml"/>',
        "<id>urn:x-catalogue-innovations-emploi:nouveautes</id>",
        f"<updated>{updated}</updated>",
        "<author><name>Contributeurs du catalogue</name></author>",
    ]
    for innovation, change in entries:
        href = rel(URL, innovation_url(innovation.id))
        out += [
            "<entry>",
            f"<title>{escape(innovation.nom)} : {escape(change.summary)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(href)}/>',
            f"<id>urn:x-catalogue-innovations-emploi:{innovation.id}:{change.rev}</id>",
            f"<updated>{change.date}</updated>",
            f"<summary>{escape(change.summary)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def news_page(entries: list[tuple[Innovation, Change]]) -> PageBody:
    body = render("nouveautes.html", url=URL, entries=entries, no_history=NO_HISTORY)
    return page(
        "Nouveautés",
        body,
        description="Les fiches nouvelles ou mises à jour du catalogue, et ce qui a changé.",
    )


def news_contents(
    catalogue: Catalogue, history: dict[str, list[Change]], site_name: str
) -> Iterator[tuple[str, str] | SitePage]:
    entries = latest(catalogue, history)
    yield FEED, feed_xml(entries, site_name)
    yield SitePage(
        f"{URL}index.md",
        "Nouveautés",
        lambda: news_page(entries),
        _key("nouveautes", [(i.id, i.nom, c.rev, c.summary, c.date) for i, c in entries]),
    )
