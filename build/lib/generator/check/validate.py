"""Validation of a whole content folder: load every file, check the schema, run the rules."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, cap, sort_key
from ..load.content import ContentSet
from ..load.loader import Document, load_file
from .rules import run_content_rules, run_document_rules
from .schema_errors import schema_diagnostics

FOLDERS = {"innovations": "innovation", "territories": "territoire"}
PROGRAMME_FILE = "programme.yml"
PARALLEL_FROM = 300
# The only positions the cross-file rules report at (see rules.CONTENT_RULES).
CROSS_FILE_KEYS = frozenset(
    {"id", "territoire_origine", "territoire", "parent"}
)  # below this, starting worker processes costs more than it saves


class ContentDirError(Exception):
    """The content folder itself cannot be used (missing, not a folder)."""


@dataclass
class ValidationResult:
    content: ContentSet
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def display_path(path: Path) -> str:
    """The path as reached from the working directory: the content folder as given, then on."""
    return path.as_posix()


def discover(content_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every content file, in a stable order."""
    return scan(content_dir)[0]


def _file_problem(path: Path, shown: str, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(shown, 1, 1, "error", code, message, hint)


def _not_regular(path: Path, mode: int) -> Diagnostic | None:
    """Why an entry of a content folder cannot be read as a content file (never opened)."""
    shown = display_path(path)
    if stat.S_ISLNK(mode):
        return _file_problem(
            path,
            shown,
            "lien-symbolique",
            "le fichier est un lien symbolique : il n'est pas lu",
            "Un fichier de contenu est un vrai fichier du dossier content/ : remplacez le lien "
            "par le fichier lui-même.",
        )
    if not stat.S_ISREG(mode):
        return _file_problem(
            path,
            shown,
            "fichier-special",
            "ce n'est pas un fichier ordinaire (tube, périphérique ou socket) : il n'est pas lu",
            "Un fichier de contenu est un fichier texte YAML : retirez cette entrée du dossier.",
        )
    return None


def _looks_like_yaml(name: str) -> bool:
    lowered = name.lower()
    return ".yml" in lowered or ".yaml" in lowered


def scan(content_dir: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """(kind, path) of every content file, in a stable order, and the problems of the entries
    that are not read: links and special files (refused without being opened, so a link to a
    file outside the folder, or to a device, is never read), and files that are not `.yml`
    (a `.YML` or `.yml.txt` file would otherwise be silently left out of the site)."""
    if not content_dir.is_dir():
        raise ContentDirError(f"le dossier de contenu « {content_dir} » n'existe pas")
    found: list[tuple[str, Path]] = []
    problems: list[Diagnostic] = []
    for folder, kind in FOLDERS.items():
        directory = content_dir / folder
        try:
            mode = directory.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISDIR(mode):
            problem = _not_regular(directory, mode) if stat.S_ISLNK(mode) else None
            if problem is not None:
                problems.append(problem)
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith("."):
                continue
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            shown = display_path(path)
            if stat.S_ISDIR(mode):
                problems.append(
                    Diagnostic(
                        shown,
                        1,
                        1,
                        "warning",
                        "fichier-ignore",
                        "ce dossier est ignoré : les fiches sont directement dans "
                        f"content/{folder}/",
                        f"Déplacez les fiches qu'il contient dans content/{folder}/.",
                    )
                )
                continue
            if path.suffix in (".yml", ".yaml"):
                problem = _not_regular(path, mode)
                if problem is not None:
                    problems.append(problem)
                else:
                    found.append((kind, path))
            elif _looks_like_yaml(path.name):
                stem = path.name[: path.name.lower().find(".y")]
                problems.append(
                    Diagnostic(
                        shown,
                        1,
                        1,
                        "error",
                        "extension",
                        f"le fichier « {path.name} » est ignoré : seuls les fichiers « .yml » "
                        "(en minuscules) sont lus",
                        f"Renommez-le en « {stem}.yml ».",
                    )
                )
            else:
                problems.append(
                    Diagnostic(
                        shown,
                        1,
                        1,
                        "warning",
                        "fichier-ignore",
                        f"le fichier « {path.name} » est ignoré : ce n'est pas une fiche « .yml »",
                        f"Retirez-le de content/{folder}/, ou renommez-le en « .yml » si c'est "
                        "une fiche.",
                    )
                )
    programme = content_dir / PROGRAMME_FILE
    try:
        mode = programme.lstat().st_mode
    except OSError:
        mode = None
    if mode is not None:
        problem = _not_regular(programme, mode)
        if problem is not None:
            problems.append(problem)
        else:
            found.append(("programme", programme))
    return found, problems


def _check_one(job: tuple[str, Path, str]) -> Checked:
    kind, path, shown = job
    doc, problems = load_file(path, shown)
    diagnostics = list(problems)
    if path.suffix == ".yaml":
        diagnostics.append(
            Diagnostic(
                shown,
                1,
                1,
                "error",
                "extension",
                "le fichier se termine par .yaml",
                f"Renommez-le en « {path.stem}.yml ».",
            )
        )
    raw_id = ""
    if doc is not None:
        raw_id = str(doc.data.get("id", "")) if isinstance(doc.data, dict) else ""
        doc.kind = kind
        diagnostics.extend(schema_diagnostics(doc, kind))
        diagnostics.extend(run_document_rules(doc))
        doc = doc.slim(CROSS_FILE_KEYS)
    return kind, doc, cap(diagnostics), raw_id


Checked = tuple[str, Document | None, list[Diagnostic], str]


class ValidationCache:
    """The checks of each file, kept while the file is unchanged (size, time, inode).

    The preview validates the whole folder at every save: with this cache, it re-reads only
    the files that changed; the rules between files still run on everything.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int, int], Checked]] = {}

    @staticmethod
    def stat_key(path: Path) -> tuple[int, int, int]:
        info = path.stat()
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def get(self, path: Path) -> Checked | None:
        entry = self._entries.get(path.as_posix())
        if entry is None:
            return None
        try:
            return entry[1] if entry[0] == self.stat_key(path) else None
        except OSError:
            return None

    def put(self, path: Path, checked: Checked) -> None:
        try:
            self._entries[path.as_posix()] = (self.stat_key(path), checked)
        except OSError:
            self._entries.pop(path.as_posix(), None)

    def keep_only(self, paths: list[Path]) -> None:
        wanted = {p.as_posix() for p in paths}
        for key in [k for k in self._entries if k not in wanted]:
            del self._entries[key]

    def stamps(self) -> dict[str, str]:
        """{file path: fingerprint} of the files checked: a page's key is made of these."""
        return {path: "-".join(map(str, key)) for path, (key, _) in self._entries.items()}


def validate_content(
    content_dir: Path, *, workers: int | None = None, cache: ValidationCache | None = None
) -> ValidationResult:
    """Validate a content folder; every problem of every file is reported, in one pass.

    With `cache`, a file unchanged since the cache saw it is not read again.
    """
    files, refused = scan(content_dir)
    jobs = [(kind, path, display_path(path)) for kind, path in files]
    known: dict[int, Checked] = {}
    if cache is not None:
        cache.keep_only([path for _, path in files])
        for n, (_, path, _) in enumerate(jobs):
            hit = cache.get(path)
            if hit is not None:
                known[n] = hit
    todo = [job for n, job in enumerate(jobs) if n not in known]
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(todo) >= PARALLEL_FROM else 1
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            fresh = iter(list(pool.map(_check_one, todo, chunksize=64)))
    else:
        fresh = iter([_check_one(job) for job in todo])
    results = []
    for n, job in enumerate(jobs):
        if n in known:
            results.append(known[n])
            continue
        checked = next(fresh)
        if cache is not None:
            cache.put(job[1], checked)
        results.append(checked)

    content = ContentSet()
    diagnostics: list[Diagnostic] = list(refused)
    content.invalid_files.update(d.file for d in refused if d.is_error)
    for (kind, path, shown), (_, doc, problems, raw_id) in zip(jobs, results, strict=True):
        diagnostics.extend(problems)
        if any(d.is_error for d in problems):
            content.invalid_files.add(shown)
        if kind == "territoire":
            content.known_territory_ids.add(raw_id or path.stem)
        if doc is None:
            continue
        if kind == "innovation":
            content.innovations.append(doc)
        elif kind == "territoire":
            content.territories.append(doc)
        else:
            content.programme = doc
    diagnostics.extend(cap(run_content_rules(content)))
    unique = {(d.file, d.line, d.column, d.code, d.message): d for d in diagnostics}
    return ValidationResult(content, sorted(unique.values(), key=sort_key))


def valid_content(result: ValidationResult) -> ContentSet:
    """The documents that can be published: only meaningful when the result has no error."""
    return result.content
