"""What Pagefind reads of a sheet: the built page, with the French a reader types made findable.

Search indexes a copy of each sheet (see search.py), changed in two ways only; the site serves
the page as built.

* Elisions. Pagefind indexes a word written with ASCII punctuation inside both as itself and
  as its parts (« d'insertion » is found by « insertion »), but takes the typographic
  apostrophe of the sheets for a letter (« d’insertion » is one word, « dinsertion »). The
  copy writes an apostrophe between two letters as ASCII. Text Pagefind keeps as a value
  (a filter, a metadata field, the sort key) keeps its apostrophe; an element whose metadata
  or sort key is its own text (the title) gets that text as an inline value
  (`data-pagefind-meta="title:L’Atelier"`, Pagefind's documented syntax), so that only its
  indexed words change.
* Sigles (vocabulary « sigle » of the schema). A sheet that writes a sigle without its
  expansion also holds the expansion, and one that writes the expansion without the sigle
  also holds the sigle, in a hidden paragraph at the end of the indexed part: « TZCLD » finds
  the sheet that says « Territoires zéro chômeur de longue durée », and the other way round.

Only what Pagefind indexes counts: text under `data-pagefind-ignore` is neither changed nor
read for sigles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

from ..schema import vocabulary

# Pagefind indexes the part of a page marked with this attribute (the sheets' <article>).
SEARCH_BODY = "data-pagefind-body"

_BODY_START = re.compile(rf"<\w+[^>]*\b{SEARCH_BODY}\b[^>]*>")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)  # elements without a closing tag
# An apostrophe between two letters (typographic, modifier letter, opening quote typed for one).
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[’‘ʼ](?=[^\W\d_])")
_VALUE_ATTRS = ("data-pagefind-meta", "data-pagefind-sort")
_VALUE_ATTR = re.compile(r"""\b(data-pagefind-(?:meta|sort))=(["'])(.*?)\2""", re.DOTALL)
_KEYS_ONLY = re.compile(r"(?:\s*[\w-]+\s*\x00)+")  # each attribute names one key, no value
_TEXT_KEY = re.compile(r"(?:^|[,\x00])\s*[\w-]+\s*(?=[,\x00])")  # a key valued by the text
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class IndexedPage:
    """A sheet as Pagefind reads it, and the text it indexes (for the split index's words)."""

    html: bytes
    text: str


@dataclass
class _Element:
    name: str
    ignored: bool  # under data-pagefind-ignore: not indexed
    kept: bool  # a value Pagefind keeps (filter, metadata, sort key): left as written


def ascii_apostrophes(text: str) -> str:
    """`text` with every apostrophe between two letters written as ASCII « ' »."""
    return _APOSTROPHE.sub("'", text)


def indexed_page(raw: bytes) -> IndexedPage:
    """The copy of a built page that Pagefind indexes (see the module's docstring); the page
    as it is when it has no `data-pagefind-body` element (the first one is read)."""
    page = raw.decode("utf-8", "replace")
    body = _BODY_START.search(page)
    if body is None:
        return IndexedPage(raw, "")
    tokens = _TOKEN.split(page[body.start() :])
    indexed: list[str] = []
    out: list[str] = [page[: body.start()]]
    stack: list[_Element] = []
    n = len(tokens)
    for index in range(n):
        token = tokens[index]
        if index % 2 == 0:  # text between tags
            if token:
                top = stack[-1] if stack else None
                if top is None or not top.kept:
                    token = ascii_apostrophes(token)
                if top is None or not top.ignored:
                    indexed.append(html.unescape(token))
                out.append(token)
            continue
        name_match = _TAG_NAME.match(token)
        if name_match is None or token.startswith("<!--"):
            out.append(token)
            continue
        name = name_match.group(1).lower()
        if token.startswith("</"):
            indexed.append(" ")
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            if not stack:  # the end of the indexed element
                text = "".join(indexed)
                extra = sigle_extras(text)
                if extra:
                    extra = ascii_apostrophes(extra)
                    out.append(f"<p hidden>{html.escape(extra, quote=False)}</p>")
                    text += " " + extra
                out.append(token)
                out.extend(tokens[index + 1 :])
                return IndexedPage("".join(out).encode("utf-8"), text)
            out.append(token)
            continue
        out.append(token)
        if name in _VOID or token.endswith("/>"):
            indexed.append(" ")
            continue
        parent = stack[-1] if stack else None
        ignored = (parent is not None and parent.ignored) or "data-pagefind-ignore" in token
        kept = (parent is not None and parent.kept) or "data-pagefind-filter" in token
        if not kept and any(attr in token for attr in _VALUE_ATTRS):
            # Metadata or sort key read from the element's own text: given as an inline value
            # when the element holds text only; otherwise the element is left as written.
            text = tokens[index + 1] if index + 1 < n else ""
            simple = index + 2 < n and tokens[index + 2].lower().startswith(f"</{name}")
            if simple and _KEYS_ONLY.fullmatch(_value_attrs(token)):
                if _APOSTROPHE.search(text):
                    out[-1] = _inline_values(token, text)
            elif _TEXT_KEY.search(_value_attrs(token)):
                kept = True
        stack.append(_Element(name, ignored, kept))
    return IndexedPage(raw, "")  # the indexed element is never closed: left as it is


def _value_attrs(tag: str) -> str:
    """The values of the tag's `data-pagefind-meta` and `data-pagefind-sort`, each followed by
    a NUL (« title\x00nom\x00 »)."""
    return "".join(m.group(3) + "\x00" for m in _VALUE_ATTR.finditer(tag))


def _inline_values(tag: str, text: str) -> str:
    """`tag` with its `data-pagefind-meta="key"` / `data-pagefind-sort="key"` given `text`
    (collapsed as Pagefind reads an element's text) as inline value."""
    value = html.escape(_SPACES.sub(" ", html.unescape(text)).strip(), quote=True)
    return _VALUE_ATTR.sub(lambda m: f'{m.group(1)}="{m.group(3).strip()}:{value}"', tag)


@cache
def _sigles() -> list[tuple[str, str, re.Pattern[str], re.Pattern[str]]]:
    """(sigle, expansion, pattern of the sigle, pattern of the expansion) for each sigle."""
    out = []
    for sigle, expansion in vocabulary("sigle").items():
        words = [w for w in re.split(r"[\s'’,]+", expansion) if w]
        # Each word in the singular or the plural (« entreprises à but d’emploi »), any case,
        # words apart by spaces, apostrophes or commas.
        parts = [re.escape(re.sub(r"(?<=\w\w)[sx]$", "", w)) + "[sx]?" for w in words]
        expanded = re.compile(r"(?<!\w)" + r"[\s'’,]+".join(parts) + r"(?!\w)", re.IGNORECASE)
        code = re.compile(rf"(?<!\w){re.escape(str(sigle))}(?!\w)")
        out.append((str(sigle), expansion, code, expanded))
    return out


def sigle_extras(text: str) -> str:
    """What a text needs so that each sigle it uses is found by its expansion and each
    expansion by its sigle: « EBE. Territoires zéro chômeur de longue durée », or ""."""
    extras = []
    for sigle, expansion, code, expanded in _sigles():
        has_code = code.search(text) is not None
        has_expansion = expanded.search(text) is not None
        if has_code and not has_expansion:
            extras.append(expansion)
        elif has_expansion and not has_code:
            extras.append(sigle)
    return ". ".join(extras)
