"""MkDocs hooks of every build (mkdocs.yml `hooks:`): generated pages skip Markdown.

A generated page is front matter plus one finished HTML block (see `render.pages.page`). Any
Markdown engine passes such a block through unchanged, but Python-Markdown and MkDocs each parse
it with `html.parser` first, which was 80 % of MkDocs' time on a 1,000-sheet catalogue. These
hooks hand Markdown a one-word placeholder instead and give the theme the block itself, read
again from the page's file just before the page is written: MkDocs reads every page before
writing any, and keeping every block in memory until then cost 400 MB at 5,000 sheets.

The HTML written is the same, byte for byte (tests/site/test_mkdocs_hooks.py checks it), and the
page files stay plain Markdown: without these hooks, MkDocs builds the same site, slower.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PLACEHOLDER = "CATALOGUE0PAGE0HTML"
_ID = re.compile(r' id="([^"]+)"')
_anchor_ids: dict[str, set[str]] = {}  # src_uri → ids, from on_page_markdown to on_page_content
_generated: set[str] = set()  # src_uri of the pages whose block the hooks handle


def is_html_block(markdown: str) -> bool:
    """True when the whole Markdown text is one raw HTML block Markdown would leave as is."""
    text = markdown.strip()
    return text.startswith("<") and text.endswith(">") and "\n\n" not in text


def _block(page: Any) -> str:
    """The page's HTML block, from its file (the same text MkDocs read, minus front matter)."""
    from mkdocs.utils.meta import get_data

    text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    return get_data(text)[0].strip()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not is_html_block(markdown):
        return markdown
    # MkDocs checks links to #anchors against the ids it found in the page's HTML.
    _anchor_ids[page.file.src_uri] = set(_ID.findall(markdown))
    return PLACEHOLDER


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    ids = _anchor_ids.pop(page.file.src_uri, None)
    if ids is None:
        _generated.discard(page.file.src_uri)
        return html
    if html.strip() != f"<p>{PLACEHOLDER}</p>":  # another extension changed the page: be safe
        raise RuntimeError(f"{page.file.src_uri}: page générée modifiée par une extension")
    page.present_anchor_ids = ids
    _generated.add(page.file.src_uri)
    return html


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    if page.file.src_uri in _generated:
        page.content = _block(page)  # what the theme prints; dropped once the page is written
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    if page.file.src_uri in _generated:
        page.content = f"<p>{PLACEHOLDER}</p>"
    return output
