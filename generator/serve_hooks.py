"""MkDocs hooks used only by `python -m generator serve`.

Before each (re)build they regenerate the pages from content/ (keeping the previous pages when the
content has errors, so the preview stays up while the contributor fixes them); after the build
they index it with Pagefind so that the explorer's search works in the preview too.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

_last_fingerprint: tuple | None = None


def _fingerprint(content: Path) -> tuple:
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for p in content.rglob("*")
            if p.is_file()
        )
    )


def on_pre_build(config: Any) -> None:
    global _last_fingerprint
    from generator.diagnostics import format_text, summary_fr
    from generator.model import build_catalogue
    from generator.site import generate_docs
    from generator.validate import validate_content

    content = Path(os.environ.get("CATALOGUE_CONTENT_DIR", "content"))
    docs = Path(config["docs_dir"])
    fingerprint = _fingerprint(content)
    if fingerprint == _last_fingerprint and any(docs.iterdir()):
        return  # this rebuild was triggered by our own page writes
    _last_fingerprint = fingerprint
    result = validate_content(content)
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    if not result.ok:
        print(
            summary_fr(result.diagnostics) + " Les pages précédentes restent affichées.",
            file=sys.stderr,
        )
        return
    fresh = docs.with_name(docs.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    generate_docs(build_catalogue(result.content), fresh, content)
    shutil.rmtree(docs, ignore_errors=True)
    fresh.rename(docs)


def on_post_build(config: Any) -> None:
    from generator.search import SearchError, index_site
    from generator.site import sheet_pages

    site = Path(config["site_dir"])
    try:
        index_site(site, sheet_pages(site))
    except SearchError as exc:
        print(f"avertissement : {exc}", file=sys.stderr)
