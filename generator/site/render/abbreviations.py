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

# Elements whose text is left as it is (and everything inside them).
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
        "textarea",
        "title",
    }
)
_KEEP_ATTRIBUTES = re.compile(
    r"""\s(?:hidden|aria-hidden|data-pagefind-(?:filter|meta|sort|ignore="all"))\b""",
    re.IGNORECASE,
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


@cache
def abbreviations() -> dict[str, str]:
    """{abbreviation: expansion}, from the vocabulary `sigle`."""
    return dict(vocabulary("sigle"))


@cache
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that « TPE-PME » wins over « TPE »; a letter, digit, « # » or « - » on
    # either side makes it part of another word (« AIS#Emploi », « PQN-A »).
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    # Most of a page's text starts no abbreviation: a position is first tested against the
    # set of their first characters, which Python's `re` does much faster than the alternation.
    first = "".join(sorted({re.escape(k[0]) for k in keys if k}))
    return re.compile(rf"(?=[{first}])(?<![\w#-])({names})(?![\w#-])")


def expand_first_uses(html: str, table: dict[str, str] | None = None) -> str:
    """`html` with the first use of each abbreviation of `table` in running text expanded."""
    table = abbreviations() if table is None else table
    if not table:
        return html
    pattern = _pattern(tuple(table))
    done: set[str] = set()
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, text kept as is)
    position = 0

    def kept() -> bool:
        return bool(stack) and stack[-1][1]

    def expand(text: str) -> str:
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

    for token in _TOKEN.finditer(html):
        text = html[position : token.start()]
        out.append(text if kept() or not text.strip() else expand(text))
        tag = token.group(0)
        out.append(tag)
        position = token.end()
        name_match = _TAG_NAME.match(tag)
        if name_match is None:
            continue
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            while stack:
                if stack.pop()[0] == name:
                    break
        elif name not in _VOID and not tag.endswith("/>"):
            stack.append((name, kept() or name in _KEEP or bool(_KEEP_ATTRIBUTES.search(tag))))
    rest = html[position:]
    out.append(rest if kept() else expand(rest))
    return "".join(out)
