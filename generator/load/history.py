"""What changed in each sheet, commit by commit, in one French line (for the feed and sheets).

Successive versions of a file (generator/load/gitdates.py) are parsed as YAML and compared:
a new swarming site, a new figure, a new source; anything else is a correction. Bounded: at
most the last `max_per_file` changes of each file.

A commit never changes: what a change says can be kept from one build to the next (`cache`,
kept by the preview), so that only new commits are read and parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .gitdates import file_history, file_texts

MAX_PER_FILE = 5

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

# (content path, revision, revision before it or "") -> what changed in that commit.
HistoryCache = dict[tuple[str, str, str], str]


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
        data = yaml.load(text, Loader=_Loader)  # a safe loader (libyaml when present)
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


def sheet_changes(
    content_dir: Path, max_per_file: int = MAX_PER_FILE, cache: HistoryCache | None = None
) -> dict[str, list[Change]]:
    """{content path: its last changes, newest first}; empty outside git. `cache` keeps what
    each commit changed from one call to the next (only commits not in it are read)."""
    cache = {} if cache is None else cache
    history = file_history(content_dir, max_per_file + 1)  # one more, to diff the oldest shown
    pairs: dict[str, list[tuple[str, str]]] = {}  # path -> (revision, revision before or "")
    for path, versions in history.items():
        revs = [v.rev for v in versions]
        pairs[path] = [
            (rev, revs[n + 1] if n + 1 < len(revs) else "")
            for n, rev in enumerate(revs[:max_per_file])
        ]
    wanted = sorted(
        {
            (rev, path)
            for path, shown in pairs.items()
            for after, before in shown
            if (path, after, before) not in cache
            for rev in (after, before)
            if rev
        }
    )
    texts = file_texts(content_dir, wanted)
    result: dict[str, list[Change]] = {}
    for path, versions in history.items():
        changes = []
        for version, (after, before) in zip(versions, pairs[path], strict=False):
            key = (path, after, before)
            if key not in cache:
                # No version before: the first commit of the file, a new sheet.
                older = _load(texts.get((before, path))) if before else None
                cache[key] = describe(older, _load(texts.get((after, path))))
            changes.append(Change(version.date, version.rev, cache[key]))
        result[path] = changes
    return result
