"""Search: index the built sheets with Pagefind (interim: through generator.search_index)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

SEARCH_LANGUAGE = "fr"
SEARCH_BODY = "data-pagefind-body"
SEARCH_SORTS = {"nom": "title"}


class SearchError(Exception):
    """The search index could not be built (French message, for the user)."""


def index_site(site_dir: Path, pages: Sequence[str]) -> None:
    """Index the built pages `pages` (paths relative to site_dir) into site_dir/pagefind."""
    from .. import search_index

    sorts = [f"--sort={key}={field}" for key, field in SEARCH_SORTS.items()]
    command = [
        sys.executable,
        "-m",
        "generator.search_index",
        "site",
        str(Path(site_dir).resolve()),
        "--body",
        SEARCH_BODY,
        "--pages-per-batch",
        str(search_index.BATCH_PAGES),
        *sorts,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchError((done.stderr or done.stdout).strip())
