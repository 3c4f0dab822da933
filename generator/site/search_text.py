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

Only what Pagefind indexes counts: text under `data-pagefind-ignore` is not read for sigles.
The page is read with a few patterns, not parsed: the sheets are the project's own HTML, where an
element that Pagefind reads a value from holds text only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..schema import vocabulary

# Pagefind indexes the part of a page marked with this attribute (the sheets' <article>).
SEARCH_BODY = "data-pagefind-body"

# Attributes of the start tags that matter: the indexed element, elements Pagefind reads a value
# from (filter, metadata, sort key), ignored elements. Found as text first (fast), then their tag.
_BODY_ATTR = re.compile(SEARCH_BODY)
_VALUED_ATTR = re.compile(r"data-pagefind-(?:filter|meta|sort)")
_IGNORED_ATTR = re.compile(r"data-pagefind-ignore")
_START_TAG = re.compile(r"<(\w+)[^<>]*>")
_TAG = re.compile(r"<[^>]*>")
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
)
# An apostrophe between two letters (typographic, modifier letter, opening quote typed for one);
# the apostrophe first, then what is before it: many times faster to search.
_APOSTROPHE = re.compile(r"[’‘ʼ](?<=[^\W\d_].)(?=[^\W\d_])")
_VALUE_ATTR = re.compile(r"""\b(data-pagefind-(?:meta|sort))=(["'])(.*?)\2""", re.DOTALL)
_KEYS_ONLY = re.compile(r"(?:\s*[\w-]+\s*\x00)+")  # each attribute names one key, no value
_TEXT_KEY = re.compile(r"(?:^|[,\x00])\s*[\w-]+\s*(?=[,\x00])")  # a key valued by the text
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class IndexedPage:
    """A sheet as Pagefind reads it, and the text it indexes (for the split index's words)."""

    html: bytes
    text: str


def ascii_apostrophes(text: str) -> str:
    """`text` with every apostrophe between two letters written as ASCII « ' »."""
    return _APOSTROPHE.sub("'", text)


def indexed_page(raw: bytes) -> IndexedPage:
    """The copy of a built page that Pagefind indexes (see the module's docstring); the page
    as it is when it has no `data-pagefind-body` element (the first one is read)."""
    page = raw.decode("utf-8", "replace")
    start = next(_tags_with(_BODY_ATTR, page), None)
    end = None if start is None else _element_end(page, start)
    if start is None or end is None:
        return IndexedPage(raw, "")
    closing = page.rindex("</", start.end(), end)
    body = _split_elisions(page[start.end() : closing])
    text = _indexed_text(body)
    extra = sigle_extras(text)
    if extra:
        extra = ascii_apostrophes(extra)
        body += f"<p hidden>{html.escape(extra, quote=False)}</p>"
        text += " " + extra
    rebuilt = page[: start.end()] + body + page[closing:]
    return IndexedPage(rebuilt.encode("utf-8"), text)


def _split_elisions(body: str) -> str:
    """`body` with ASCII apostrophes, except in the values Pagefind keeps (see the docstring)."""
    out: list[str] = []
    done = 0
    for tag in _tags_with(_VALUED_ATTR, body):
        if tag.start() < done:  # inside an element already kept
            continue
        end = _element_end(body, tag)
        if end is None:
            break
        out.append(ascii_apostrophes(body[done : tag.start()]))
        inner = body[tag.end() : body.rindex("</", tag.end(), end)] if end > tag.end() else ""
        values = _value_attrs(tag.group(0))
        if "data-pagefind-filter" in tag.group(0) or (
            _TEXT_KEY.search(values) and ("<" in inner or not _KEYS_ONLY.fullmatch(values))
        ):
            out.append(body[tag.start() : end])  # a value read from the text: as written
            done = end
        elif _TEXT_KEY.search(values) and _APOSTROPHE.search(inner):
            # The title: its text as inline value, its words split.
            out.append(_inline_values(tag.group(0), inner))
            done = tag.end()
        else:  # values from attributes, or text without apostrophe
            out.append(tag.group(0))
            done = tag.end()
    out.append(ascii_apostrophes(body[done:]))
    return "".join(out)


def _indexed_text(body: str) -> str:
    """The text of `body` outside `data-pagefind-ignore` elements, tags as spaces."""
    parts: list[str] = []
    done = 0
    for tag in _tags_with(_IGNORED_ATTR, body):
        if tag.start() < done:
            continue
        end = _element_end(body, tag)
        parts.append(body[done : tag.start()])
        done = len(body) if end is None else end
    parts.append(body[done:])
    return html.unescape(_TAG.sub(" ", " ".join(parts)))


def _tags_with(attribute: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The start tags of `text` that hold `attribute` (its name in group 1), in order."""
    done = 0
    for found in attribute.finditer(text):
        if found.start() < done:
            continue
        tag = _START_TAG.match(text, text.rfind("<", 0, found.start()))
        if tag is not None and tag.end() > found.start():
            done = tag.end()
            yield tag


def _element_end(text: str, tag: re.Match[str]) -> int | None:
    """Where the element that `tag` (a start tag, its name in group 1) opens ends in `text`:
    after its closing tag; None when it is never closed."""
    name = tag.group(1).lower()
    if name in _VOID or tag.group(0).endswith("/>"):
        return tag.end()
    depth = 1
    for other in _same_name(name).finditer(text, tag.end()):
        depth += -1 if other.group(1) else 1
        if depth == 0:
            return other.end()
    return None


@cache
def _same_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.IGNORECASE)


def _value_attrs(tag: str) -> str:
    """The values of the tag's `data-pagefind-meta` and `data-pagefind-sort`, each followed by
    a NUL (« title\x00nom\x00 »)."""
    return "".join(m.group(3) + "\x00" for m in _VALUE_ATTR.finditer(tag))


def _inline_values(tag: str, text: str) -> str:
    """`tag` with its `data-pagefind-meta="key"` / `data-pagefind-sort="key"` given `text`
    (collapsed as Pagefind reads an element's text) as inline value."""
    value = html.escape(_SPACES.sub(" ", html.unescape(text)).strip(), quote=True)
    return _VALUE_ATTR.sub(lambda m: f'{m.group(1)}="{m.group(3).strip()}:{value}"', tag)


@dataclass(frozen=True)
class _Sigle:
    sigle: str
    expansion: str
    words: tuple[str, ...]  # lower case, without a final s or x, longest first: all in its text
    pattern: re.Pattern[str]  # the expansion in lower case, in the singular or the plural


_UPPER_RUN = re.compile(r"[A-Z][A-Z0-9]+")  # how a sigle is written (one pattern: fast)


@cache
def _sigles() -> dict[str, _Sigle]:
    """Each sigle of the vocabulary, with how to find its expansion."""
    out = {}
    for sigle, expansion in vocabulary("sigle").items():
        words = [re.sub(r"(?<=\w\w)[sx]$", "", w) for w in re.split(r"[\s'’,]+", expansion) if w]
        words = [w.lower() for w in words]
        # Words apart by spaces, apostrophes or commas, each with or without a final s or x.
        # No look-behind at the start: it would make every search test every position.
        parts = [re.escape(w) + "[sx]?" for w in words]
        pattern = re.compile(r"[\s'’,]+".join(parts) + r"(?!\w)")
        rarest_first = tuple(sorted(set(words), key=len, reverse=True))  # the quick test
        out[str(sigle)] = _Sigle(str(sigle), expansion, rarest_first, pattern)
    return out


def _has_expansion(sigle: _Sigle, lower: str) -> bool:
    if not all(w in lower for w in sigle.words):  # a quick test first
        return False
    return any(
        m.start() == 0 or not lower[m.start() - 1].isalnum() for m in sigle.pattern.finditer(lower)
    )


def sigle_extras(text: str) -> str:
    """What a text needs so that each sigle it uses is found by its expansion and each
    expansion by its sigle: « EBE. Territoires zéro chômeur de longue durée », or "". An
    expansion added may hold another (« structure d’insertion par l’activité économique »,
    SIAE, holds IAE's): that one is added too."""
    sigles = _sigles()
    extras: list[str] = []
    written = set(_UPPER_RUN.findall(text)) & sigles.keys()
    lower = text.lower()
    expanded = {sigle.sigle for sigle in sigles.values() if _has_expansion(sigle, lower)}
    while True:
        new = [sigles[s].expansion for s in sorted(written - expanded)]
        new += sorted(expanded - written)
        if not new:
            return ". ".join(extras)
        extras += new
        added = ". ".join(new)
        written |= set(_UPPER_RUN.findall(added)) & sigles.keys()
        written |= expanded
        expanded |= {s.sigle for s in sigles.values() if _has_expansion(s, added.lower())}
        expanded |= written
