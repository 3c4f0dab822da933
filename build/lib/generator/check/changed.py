"""`validate --changed REVISION`: keep the problems of the files a change touches.

A pull request should be told about its own files, not about problems elsewhere. The files kept
are:

- the content files changed since REVISION: `git diff --name-only REVISION...HEAD` (what the
  branch changed since it left REVISION), plus what is not committed yet (staged, unstaged and
  untracked files under the content folder); renames count as a deletion and an addition;
- the files they refer to: the territories an innovation names (`territoire_origine`,
  `porteurs[].territoire`, `essaimage[].territoire`) and a territory's parents, up the chain;
- the files that refer to them: the innovations naming a changed territory, and the territories
  whose parent it is (a deleted or renamed territory breaks them: they are kept);
- the files whose identifier is the same as a changed file's.

If the change touches the validator itself (the `generator/` folder, schemas included), every
file is concerned and every problem is kept.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..load.loader import Document
from .validate import FOLDERS, ValidationResult

GENERATOR_DIR = Path(__file__).resolve().parent.parent


class ChangedError(Exception):
    """The changed files cannot be known (French message, for the user)."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise ChangedError(
            "git est introuvable : --changed a besoin de git pour savoir quels fichiers ont "
            "changé. Installez git, ou validez tout le contenu sans --changed."
        ) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangedError(f"git n'a pas pu être lancé ({exc}).") from None
    if done.returncode != 0:
        raise ChangedError(done.stderr.strip() or f"git {' '.join(args)} a échoué")
    return done.stdout


def real_path(path: Path) -> Path:
    """The absolute path with its folders resolved but not its last part: a symbolic link in
    the content folder stays the link (resolving it would point outside, where it would be
    left out of the changed files and of its own diagnostics)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def _paths(output: str) -> list[str]:
    return [p for p in output.split("\0") if p]


def changed_files(content_dir: Path, revision: str) -> tuple[set[Path], bool]:
    """(absolute paths of the changed files under content_dir, whether generator/ changed)."""
    content_dir = content_dir.resolve()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], content_dir).strip())
    except ChangedError as exc:
        if "git est introuvable" in str(exc):
            raise
        raise ChangedError(
            f"le dossier « {content_dir} » n'est pas dans un dépôt git : --changed compare "
            "avec une révision git."
        ) from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except ChangedError:
        raise ChangedError(
            f"la révision « {revision} » est inconnue de git. Donnez une branche, une étiquette "
            "ou un commit qui existe dans ce dépôt (par exemple origin/main, après "
            "« git fetch origin main »)."
        ) from None
    scopes = [content_dir]
    if GENERATOR_DIR.is_relative_to(top):
        scopes.append(GENERATOR_DIR)
    pathspecs = ["--", *(str(s) for s in scopes)]
    try:
        names = _paths(
            _git(
                ["diff", "--name-only", "--no-renames", "-z", f"{revision}...HEAD", *pathspecs], top
            )
        )
    except ChangedError as exc:
        raise ChangedError(
            f"git ne trouve pas d'ancêtre commun entre « {revision} » et HEAD ({exc}). Dans une "
            "action GitHub, récupérez tout l'historique (actions/checkout avec fetch-depth: 0)."
        ) from None
    names += _paths(_git(["diff", "--name-only", "--no-renames", "-z", "HEAD", *pathspecs], top))
    names += _paths(
        _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z", *pathspecs], top)
    )
    files = {real_path(top / name) for name in names}
    generator_changed = any(f.is_relative_to(GENERATOR_DIR) for f in files)
    return {f for f in files if f.is_relative_to(content_dir)}, generator_changed


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _territory_refs(doc: Document) -> set[str]:
    """Identifiers of the territories a document refers to."""
    data = doc.data if isinstance(doc.data, dict) else {}
    refs = {_str(data.get("territoire_origine")), _str(data.get("parent"))}
    for key in ("porteurs", "essaimage"):
        items = data.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                refs.add(_str(item.get("territoire")))
    return {r for r in refs if r}


def related_files(result: ValidationResult, content_dir: Path, changed: set[Path]) -> set[Path]:
    """The changed files, plus those they refer to and those that refer to them."""
    content_dir = content_dir.resolve()
    by_path = {real_path(Path(doc.path)): doc for doc in result.content.documents()}
    territory_files: dict[str, Path] = {}
    for doc in result.content.territories:
        ident = _str(doc.data.get("id")) if isinstance(doc.data, dict) else None
        territory_files[ident or Path(doc.path).stem] = real_path(Path(doc.path))
    parents = {
        ident: _str(by_path[path].data.get("parent"))
        for ident, path in territory_files.items()
        if isinstance(by_path[path].data, dict)
    }

    # Identifiers of the changed files, by kind, from the file name (a deleted file has no
    # document any more) and from the `id` inside.
    changed_ids: dict[str, set[str]] = {kind: set() for kind in FOLDERS.values()}
    for path in changed:
        rel = path.relative_to(content_dir).parts
        if len(rel) == 2 and rel[0] in FOLDERS:
            changed_ids[FOLDERS[rel[0]]].add(Path(rel[1]).stem)
            doc = by_path.get(path)
            if doc is not None and isinstance(doc.data, dict) and _str(doc.data.get("id")):
                changed_ids[FOLDERS[rel[0]]].add(doc.data["id"])

    keep = set(changed)
    # What the changed files refer to, with the chain of parents above.
    todo = [ref for path in changed if path in by_path for ref in _territory_refs(by_path[path])]
    todo += list(changed_ids["territoire"])
    seen: set[str] = set()
    while todo:
        ident = todo.pop()
        if ident in seen:
            continue
        seen.add(ident)
        if ident in territory_files:
            keep.add(territory_files[ident])
        parent = parents.get(ident)
        if parent:
            todo.append(parent)
    # What refers to a changed territory, or shares an identifier with a changed file.
    for kind, group in (
        ("innovation", result.content.innovations),
        ("territoire", result.content.territories),
    ):
        for doc in group:
            path = real_path(Path(doc.path))
            if _territory_refs(doc) & changed_ids["territoire"]:
                keep.add(path)
            ident = _str(doc.data.get("id")) if isinstance(doc.data, dict) else None
            if ident and ident in changed_ids[kind]:
                keep.add(path)
    return keep


def restrict_to_changed(
    diagnostics: Iterable[Diagnostic],
    result: ValidationResult,
    content_dir: Path,
    revision: str,
) -> list[Diagnostic]:
    """The diagnostics of the files changed since `revision` and of the files related to them.

    Raises ChangedError when git is missing, the folder is not in a repository, or the
    revision is unknown.
    """
    diagnostics = list(diagnostics)
    changed, generator_changed = changed_files(content_dir, revision)
    if generator_changed:
        return diagnostics
    keep = related_files(result, content_dir, changed)
    return [d for d in diagnostics if real_path(Path(d.file)) in keep]
