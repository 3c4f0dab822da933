"""Last-change dates of content files from git, in one call (no date is ever made up)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(content_dir: Path) -> dict[str, str]:
    """{path as given under content_dir: ISO date of its last commit}; empty outside git."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--relative", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.strip() and current:
            key = (content_dir / line.strip()).as_posix()
            dates.setdefault(key, current)  # newest first: keep the first seen
    return dates
