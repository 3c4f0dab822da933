"""What changed in each sheet, commit by commit, in one French line (for the feed and sheets).

Successive versions of a file (generator/load/gitdates.py) are parsed as YAML and compared:
a new swarming site, a new figure, a new source; anything else is a correction. Bounded: at
most the last `max_per_file` changes of each file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .gitdates import file_history, file_texts

MAX_PER_FILE = 5


@dataclass(frozen=True)
class Change:
    """One commit of a sheet: when, which revision, and what changed, in French."""

    date: str  # ISO 8601 with time and offset
    rev: str
    summary: str


def _load(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _items(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [x for x in data.get(field) or [] if isinstance(x, dict)]


def describe(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """One line saying what changed from `before` to `after` (None: the file did not exist)."""
    if after is None:
        return "correction"
    if before is None:
        return "nouvelle fiche"
    parts: list[str] = []
    old_sites = {(s.get("structure"), s.get("territoire")) for s in _items(before, "essaimage")}
    for s in _items(after, "essaimage"):
        if (s.get("structure"), s.get("territoire")) not in old_sites:
            parts.append(f"nouveau site d’essaimage : {s.get('structure')}")
    old_figures = {
        (f.get("indicateur"), f.get("libelle"), f.get("valeur"), str(f.get("date")))
        for f in _items(before, "chiffres")
    }
    for f in _items(after, "chiffres"):
        key = (f.get("indicateur"), f.get("libelle"), f.get("valeur"), str(f.get("date")))
        if key not in old_figures:
            parts.append(f"nouveau chiffre : {f.get('libelle')}")
    old_sources = {s.get("id") for s in _items(before, "sources")}
    for s in _items(after, "sources"):
        if s.get("id") not in old_sources:
            parts.append(f"nouvelle source : {s.get('titre')}")
    return " ; ".join(parts) if parts else "correction"


def sheet_changes(content_dir: Path, max_per_file: int = MAX_PER_FILE) -> dict[str, list[Change]]:
    """{content path: its last changes, newest first}; empty outside git."""
    history = file_history(content_dir, max_per_file + 1)  # one more, to diff the oldest shown
    wanted = [(v.rev, path) for path, versions in history.items() for v in versions]
    texts = file_texts(content_dir, wanted)
    result: dict[str, list[Change]] = {}
    for path, versions in history.items():
        changes = []
        for n, version in enumerate(versions[:max_per_file]):
            after = _load(texts.get((version.rev, path)))
            if n + 1 < len(versions):
                before = _load(texts.get((versions[n + 1].rev, path)))
            else:
                before = None  # the first commit of the file: a new sheet
            changes.append(Change(version.date, version.rev, describe(before, after)))
        result[path] = changes
    return result
