"""MkDocs hooks of every build (mkdocs.yml `hooks:`): generated pages skip Markdown.

A generated page is front matter plus one finished HTML block (see `render.pages.page`). Any
Markdown engine passes such a block through unchanged, but Python-Markdown and MkDocs each parse
it with `html.parser` first, which was 80 % of MkDocs' time on a 1,000-sheet catalogue. These
hooks hand Markdown a one-word placeholder instead and put the block back afterwards, so the HTML
written is the same, byte for byte (tests/site/test_mkdocs_hooks.py checks it).

The page files stay plain Markdown: without these hooks, MkDocs builds the same site, slower.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = "CATALOGUE0PAGE0HTML"
_stash: dict[str, str] = {}
_ID = re.compile(r'\sid="([^"<>]+)"')


def is_html_block(markdown: str) -> bool:
    """True when the whole Markdown text is one raw HTML block Markdown would leave as is."""
    text = markdown.strip()
    return text.startswith("<") and text.endswith(">") and "\n\n" not in text


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not is_html_block(markdown):
        return markdown
    _stash[page.file.src_uri] = markdown.strip()
    return PLACEHOLDER


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    block = _stash.pop(page.file.src_uri, None)
    if block is None:
        return html
    if html.strip() != f"<p>{PLACEHOLDER}</p>":  # another extension changed the page: be safe
        raise RuntimeError(f"{page.file.src_uri}: page générée modifiée par une extension")
    # MkDocs checks links to #anchors against the ids it found in the page's HTML.
    page.present_anchor_ids = set(_ID.findall(block))
    return block
