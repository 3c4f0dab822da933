"""Abbreviations written out in the text where a page first uses them.

The list is the vocabulary `sigle` of generator/schemas/vocabulaires.schema.json (the one list of
abbreviations; search links each to its expansion from the same list). A phone shows no hover
tooltip, so the first use of « TZCLD » in a sheet's text becomes
`<abbr title="…">TZCLD</abbr> (Territoires zéro chômeur de longue durée)`; later uses stay as
written. An abbreviation the author already explains — written in brackets after its expansion,
« contrat à durée indéterminée (CDI) », or followed by its own brackets, « CREPI (clubs…) » —
counts as explained and gets nothing added.

Only text the reader reads as running text changes: headings, links, labels, hidden text and
the values search reads as filters or metadata (`data-pagefind-filter`, `-meta`, `-sort`) stay
as they are.
"""

from __future__ import annotations

import re
from functools import cache

from markupsafe import escape

from ...schema import vocabulary

# Elements whose text is left as it is (and everything inside them). A map's SVG is drawn, not
# read as running text.
_KEEP = frozenset(
    {
        "a",
        "abbr",
        "button",
        "caption",
        "code",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "label",
        "option",
        "pre",
        "script",
        "style",
        "summary",
        "svg",
        "textarea",
        "title",
    }
)
# Attributes that keep the text of any element as it is.
_KEEP_ATTRIBUTES = r"""\s(?:hidden|aria-hidden|data-pagefind-(?:filter|meta|sort|ignore="all"))\b"""
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# What starts text left as it is: a comment, or the start tag of a kept element (by its name or
# by one of its attributes). Found by the regular expression engine alone: a page's other tags
# are never looked at one by one.
_KEPT_START = re.compile(
    r"<(?:!--.*?-->"
    rf"|({'|'.join(sorted(_KEEP))})(?![\w-])[^>]*>"
    rf"|([a-zA-Z][a-zA-Z0-9-]*)(?=[^>]*{_KEEP_ATTRIBUTES})[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)


@cache
def abbreviations() -> dict[str, str]:
    """{abbreviation: expansion}, from the vocabulary `sigle`."""
    return dict(vocabulary("sigle"))


@cache
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that « TPE-PME » wins over « TPE »; a letter, digit, « # » or « - » on
    # either side makes it part of another word (« AIS#Emploi », « PQN-A »). Not inside a tag
    # (an attribute's value): no « > » follows before a « < ».
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    # Most of a page's text starts no abbreviation: a position is first tested against the
    # set of their first characters, which Python's `re` does much faster than the alternation.
    first = "".join(sorted({re.escape(k[0]) for k in keys if k}))
    return re.compile(rf"(?=[{first}])(?<![\w#-])({names})(?![\w#-])(?![^<>]*>)")


@cache
def _same_element(name: str) -> re.Pattern[str]:
    """The start and end tags of elements named `name`."""
    return re.compile(rf"<(/?)\s*{re.escape(name)}(?![\w-])[^>]*>", re.IGNORECASE)


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element `name` whose start tag ends at `start` ends (after its end tag); the
    end of `html` when it is never closed."""
    depth = 1
    for tag in _same_element(name).finditer(html, start):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return len(html)


def expand_first_uses(html: str, table: dict[str, str] | None = None) -> str:
    """`html` with the first use of each abbreviation of `table` in running text expanded."""
    table = abbreviations() if table is None else table
    if not table:
        return html
    pattern = _pattern(tuple(table))
    if pattern.search(html) is None:
        return html
    done: set[str] = set()

    def expand(text: str) -> str:
        """`text` (tags and text outside any kept element) with first uses expanded."""

        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in done:
                return name
            done.add(name)
            before = text[: match.start()].rstrip()
            after = text[match.end() :]
            if before.endswith("(") or after.startswith((" (", "(", "\u00a0(")):
                return name  # the author explains it
            expansion = str(escape(table[name]))
            return f'<abbr title="{expansion}">{name}</abbr> ({expansion})'

        return pattern.sub(one, text)

    out: list[str] = []
    position = 0
    while True:
        kept = _KEPT_START.search(html, position)
        if kept is None:
            break
        out.append(expand(html[position : kept.start()]))
        name = (kept.group(1) or kept.group(2) or "").lower()
        tag = kept.group(0)
        if not name or name in _VOID or tag.endswith("/>"):
            end = kept.end()  # a comment, or an element without content
        else:
            end = _element_end(html, name, kept.end())
        out.append(html[kept.start() : end])
        position = end
    out.append(expand(html[position:]))
    return "".join(out)
