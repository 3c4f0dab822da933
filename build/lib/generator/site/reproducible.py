"""Reproducible builds: the same content gives the same site, whatever the day or run.

MkDocs stamps the sitemap with the build date, unless SOURCE_DATE_EPOCH is set:
`source_date_epoch` gives the date of the content (its last git commit) to use instead.

(Pagefind writes part of its search index in an order that changes from run to run: see
generator/site/search.py and the README. Those files are left as Pagefind writes them.)
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

# Used when the content's date is unknown (not in git): 2024-01-01T00:00:00Z.
FIXED_EPOCH = 1704067200


# --- Dates -------------------------------------------------------------------------------------


def source_date_epoch(content_dir: Path) -> int:
    """The content's date in seconds: its last git commit, else FIXED_EPOCH (outside git)."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return int(done.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return FIXED_EPOCH


@contextlib.contextmanager
def build_date(content_dir: Path) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to the content's date for the build, unless already set."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(content_dir))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
