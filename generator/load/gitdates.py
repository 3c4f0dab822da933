"""Dates and past versions of content files from git (no date is ever made up).

One `git log` for the dates and commits of every file, one `git cat-file --batch` for the past
versions: the cost does not grow with the number of subprocesses."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Version:
    """One commit of a content file: its revision and its committer date (ISO 8601)."""

    rev: str
    date: str


def file_history(content_dir: Path, max_per_file: int) -> dict[str, list[Version]]:
    """{path as given under content_dir: its last `max_per_file` commits, newest first}, from one
    `git log`; empty outside git. Renames are not followed: a moved file starts afresh."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%H %cI", "--name-only", "--relative", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    history: dict[str, list[Version]] = {}
    current: Version | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            rev, _, date = line[1:].partition(" ")
            current = Version(rev, date)
        elif line.strip() and current:
            versions = history.setdefault((content_dir / line.strip()).as_posix(), [])
            if len(versions) < max_per_file:
                versions.append(current)
    return history


def file_texts(content_dir: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """{(rev, path under content_dir): the file's text at that revision}, read by one
    `git cat-file --batch`; a file missing at a revision (deleted, not yet created) is absent."""
    if not wanted:
        return {}
    names = [f"{rev}:./{Path(path).relative_to(content_dir).as_posix()}" for rev, path in wanted]
    try:
        out = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=content_dir,
            input=("\n".join(names) + "\n").encode("utf-8"),
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    texts: dict[tuple[str, str], str] = {}
    pos = 0
    for key in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts[key] = out[pos : pos + size].decode("utf-8", errors="replace")
            pos += size + 1
    return texts


def last_changed(content_dir: Path) -> dict[str, str]:
    """{path as given under content_dir: ISO date of its last commit}; empty outside git."""
    return {
        path: versions[0].date[:10]
        for path, versions in file_history(content_dir, 1).items()
        if versions
    }
