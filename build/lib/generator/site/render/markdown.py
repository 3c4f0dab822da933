"""Contributors' Markdown to safe HTML: no raw HTML, no headings, only http(s) and mailto links."""

from __future__ import annotations

import re
import threading
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Sanitiser(Treeprocessor):
    """Demote headings to paragraphs and drop unsafe link targets and images."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    # A heading inside a field would break the sheet's fixed outline.
                    child.tag = "p"
                    child.set("class", "titre-texte")
                elif child.tag == "img":
                    # No images from contributors' text: they would load from other origins.
                    parent.remove(child)
                elif child.tag == "a":
                    href = (child.get("href") or "").strip()
                    if not href.lower().startswith(_SAFE_SCHEMES):
                        child.attrib.pop("href", None)
                    else:
                        child.set("rel", "noopener")
                for attr in list(child.attrib):
                    if attr.lower().startswith("on") or attr.lower() in ("style", "src"):
                        del child.attrib[attr]


# The text of a link or image ends within this many characters of its "[", or the "[" is text:
# Python-Markdown looks for the closing "]" up to the end of the text from every "[", a time
# that grows with the square of the text (20,000 "[" took over a minute).
MAX_LINK_TEXT = 1000
# Same for the "(address "title")" after it (addresses have 2,000 characters at most).
MAX_LINK_TARGET = 2500
_LINK_PROCESSORS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)


def _bounded(cls: type) -> type:
    class Bounded(cls):  # type: ignore[valid-type, misc]
        def getText(self, data: str, index: int):  # noqa: N802 (library API)
            return super().getText(data[: index + MAX_LINK_TEXT], index)

        def getLink(self, data: str, index: int):  # noqa: N802 (library API)
            return super().getLink(data[: index + MAX_LINK_TARGET], index)

    return Bounded


class _Safe(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (library API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitiser(md), "sanitise", 0)
        for name in _LINK_PROCESSORS:
            if name in md.inlinePatterns:
                processor = md.inlinePatterns[name]
                processor.__class__ = _bounded(type(processor))


_local = threading.local()


def _engine() -> markdown.Markdown:
    engine = getattr(_local, "engine", None)
    if engine is None:
        engine = markdown.Markdown(extensions=[_Safe(), "sane_lists"], output_format="html")
        _local.engine = engine
    return engine


# Plain prose (most contributors' text) needs no Markdown engine: a text none of whose characters
# or line starts can begin a Markdown construct becomes paragraphs directly, as the engine would
# write them (tests/test_render_markdown.py compares both on the shipped content and edge cases).
# Excluded: escapes, code, emphasis, links, raw HTML, entities, headings, setext and rule lines,
# tabs; lines that start with a space, a list marker or "12." / "12)"; trailing spaces (line
# breaks) and blank lines made of spaces.
_MARKUP_CHARACTER = re.compile(r"[\\`*_\[\]<>&#=+\t\r]")
_BLOCK_START = re.compile(r"^(?:[ >-]|\d+[.)])| $|^ +$", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of a text that is plain prose, else None (it needs the Markdown engine)."""
    text = text.strip("\n")
    if not text or _MARKUP_CHARACTER.search(text) or _BLOCK_START.search(text):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in _PARAGRAPH_BREAK.split(text))


def md_to_html(text: str) -> Markup:
    """Render contributor Markdown; raw HTML in it comes out as visible text."""
    if not text:
        return Markup("")
    plain_html = _plain_paragraphs(text)
    if plain_html is not None:
        return Markup(plain_html)
    engine = _engine()
    engine.reset()
    html = engine.convert(text)
    return Markup(html)


_PLAIN_P = re.compile(r"\A<p>(.*)</p>\Z", re.S)


def md_inline(text: str) -> Markup:
    """Render a one-paragraph text without the surrounding <p>."""
    html = str(md_to_html(text))
    match = _PLAIN_P.match(html)
    if match and "<p>" not in match.group(1):
        return Markup(match.group(1))
    return Markup(html)


def plain(text: str) -> Markup:
    """Escape a plain value for HTML (names, short texts): shown exactly as written."""
    return escape(text)
