"""Shared helpers for the validator tests.

- `Content`: a copy of the valid fixture in a temporary folder, to break with one edit;
- `assert_only`: the diagnostics are exactly the expected ones;
- `run_cli`: `python -m generator …` in a subprocess, with its peak memory;
- `tree_digest`: a hash of a folder, to prove that validation writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.validate import validate_content
from generator.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
HOSTILE = FIXTURES / "hostile"

INNOVATION = "innovations/atelier-des-possibles.yml"
MEMORY_LIMIT_KIB = 500 * 1024


class Content:
    """A content folder `<base>/content`, validated with `<base>` as working directory.

    Diagnostics then name files `content/innovations/x.yml`, as the CLI does in the project.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "content"

    @classmethod
    def copy_of(cls, source: Path, base: Path) -> Content:
        shutil.copytree(source, base / "content")
        return cls(base)

    def path(self, rel: str) -> Path:
        return self.root / rel

    @staticmethod
    def shown(rel: str) -> str:
        """The file name as diagnostics print it."""
        return f"content/{rel}"

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8"))

    def remove(self, rel: str) -> None:
        self.path(rel).unlink()

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace the one occurrence of `old` (fails loudly if the fixture changed)."""
        text = self.read(rel)
        count = text.count(old)
        assert count == 1, f"{rel}: {old!r} found {count} times, expected once"
        self.write(rel, text.replace(old, new))

    def locate(self, rel: str, needle: str, *, nth: int = 1) -> tuple[int, int]:
        """1-based (line, column) of the `nth` occurrence of `needle` in a file."""
        text = self.path(rel).read_bytes().decode("utf-8", errors="replace")
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        offset = -1
        for _ in range(nth):
            offset = text.find(needle, offset + 1)
            assert offset >= 0, f"{rel}: {needle!r} not found ({nth} occurrence(s) wanted)"
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, column

    def validate(self) -> list[Diagnostic]:
        with contextlib.chdir(self.base):
            return validate_content(Path("content")).diagnostics


def describe(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(
        f"  {d.file}:{d.line}:{d.column}: {d.severity} [{d.code}] {d.message}" for d in diagnostics
    )


def assert_only(
    diagnostics: list[Diagnostic],
    code: str,
    file: str,
    line: int,
    column: int | None = None,
    *,
    severity: str = "error",
) -> Diagnostic:
    """There is exactly one diagnostic and it is this one."""
    assert len(diagnostics) == 1, f"expected only [{code}], got:\n{describe(diagnostics)}"
    (d,) = diagnostics
    got = (d.code, d.file, d.line, d.severity)
    assert got == (code, file, line, severity), f"got:\n{describe(diagnostics)}"
    if column is not None:
        assert d.column == column, f"column {d.column} != {column}:\n{describe(diagnostics)}"
    assert d.message, "a diagnostic always has a message"
    return d


def keys(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    """(code, file, line, column) of each diagnostic, in report order."""
    return [(d.code, d.file, d.line, d.column) for d in diagnostics]


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    max_rss_kib: int

    def json(self) -> list[dict[str, Any]]:
        return json.loads(self.stdout)


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_cli(cwd: Path, *args: str, timeout: float = 60) -> CliRun:
    """Run `python -m generator *args` in `cwd`; its own peak RSS comes from wait4()."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=cli_env(),
        )
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return CliRun(
            proc.returncode,
            out.read().decode("utf-8"),
            err.read().decode("utf-8"),
            usage.ru_maxrss,  # KiB on Linux
        )


def assert_clean_process(run: CliRun) -> None:
    """No traceback, whatever the input, and the memory stays bounded."""
    assert "Traceback" not in run.stderr, run.stderr
    assert "Traceback" not in run.stdout, run.stdout
    assert 0 < run.max_rss_kib < MEMORY_LIMIT_KIB, f"peak memory {run.max_rss_kib} KiB"


def tree_digest(root: Path) -> str:
    """A hash of every path, file content and symlink under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            digest.update(f"L {rel} -> {os.readlink(path)}\n".encode())
        elif path.is_dir():
            digest.update(f"D {rel}\n".encode())
        elif not path.is_file():  # a pipe or device: never opened (reading could block)
            digest.update(f"S {rel}\n".encode())
        else:
            digest.update(f"F {rel} {path.stat().st_size}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_contents(catalogue, folder: Path, **options) -> dict[str, str]:
    """Write what site_contents yields under `folder`, each page as its finished HTML.

    For tests that read the generated files without MkDocs; returns {path: page title}.
    """
    from generator.site.contents import site_contents
    from generator.site.render.pages import SitePage

    titles = {}
    for item in site_contents(catalogue, **options):
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(item, SitePage):
            body = item.body()
            target.write_text(body.html, encoding="utf-8")
            titles[item.path] = body.title
        elif isinstance(item.content, bytes):
            target.write_bytes(item.content)
        else:
            target.write_text(item.content, encoding="utf-8", newline="\n")
    return titles


# --- A carrier's valid additions to the shipped content ------------------------------------------

# The scaffold's template, filled as CONTRIBUTING says (whole lines replaced, each once).
ADDITION_FILLED = {
    "nom:": 'nom: "Mon innovation d’essai"',
    "accroche:": 'accroche: "Une méthode d’essai ajoutée par un porteur."',
    "#   - trouver-un-emploi": "  - trouver-un-emploi",
    "#   - demandeurs-emploi-longue-duree": "  - demandeurs-emploi-longue-duree",
    "  - id:": "  - id: ma-source",
    "    titre:": '    titre: "Rapport d’activité"',
}
# Swarming sites that start in years the shipped content may not have (2020, 2026), one of them
# on the new territory and one on a territory every catalogue has (its origin).
ADDITION_SITES = """
porteurs:
  - nom: "Association Exemple"
    source: ma-source
territoire_origine: {territory}
essaimage:
  - structure: "Structure d’essai A"
    territoire: {territory}
    date_debut: "2020-03"
    source: ma-source
  - structure: "Structure d’essai B"
    territoire: {territory}
    date_debut: "2026"
    source: ma-source
"""
ADDITION_TERRITORY = """id: {territory}
nom: "Bourg-en-Bresse"
type: commune
codes_cog:
  - "01053"
millesime_cog: 2026
departements:
  - "01"
coordonnees:
  latitude: 46.2052
  longitude: 5.2255
"""


def free_id(folder: Path, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… if the content already has a file of that name."""
    ident, n = wanted, 1
    while (folder / f"{ident}.yml").exists():
        n += 1
        ident = f"{wanted}-{n}"
    return ident


def add_a_carriers_sheets(content: Path) -> tuple[str, str]:
    """Add to `content` a valid territory and a valid innovation made with the scaffold (the
    documented id `mon-innovation` unless the content has it already); return their ids."""
    from generator.contribute.scaffold import template

    territory = free_id(content / "territories", "bourg-en-bresse")
    (content / "territories" / f"{territory}.yml").write_text(
        ADDITION_TERRITORY.format(territory=territory), encoding="utf-8"
    )
    ident = free_id(content / "innovations", "mon-innovation")
    lines = template("innovation", ident).split("\n")
    for old, new in ADDITION_FILLED.items():
        hits = [i for i, line in enumerate(lines) if line.split("  ##")[0].rstrip() == old]
        assert len(hits) == 1, f"{old!r} found {len(hits)} times in the template"
        lines[hits[0]] = new.format(territory=territory)
    text = "\n".join(lines) + ADDITION_SITES.format(territory=territory)
    (content / "innovations" / f"{ident}.yml").write_text(text, encoding="utf-8")
    result = validate_content(content)
    assert result.ok, [str(d) for d in result.errors]
    return ident, territory


def keys_around_an_edit(
    tmp_path: Path, sheet: str, wanted, **options: Any
) -> tuple[dict[str, str], dict[str, str]]:
    """The keys of the pages and files of `site_contents(…, **options)` that `wanted(path)`
    keeps, before and after a sentence is added to the summary (`accroche`) of `sheet` (its
    path under a copy of the valid fixture): the preview rebuilds what changed key."""
    from generator.check.validate import ValidationCache
    from generator.model import build_catalogue
    from generator.site.contents import site_contents

    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    cache = ValidationCache()

    def current() -> dict[str, str]:
        result = validate_content(content, cache=cache)
        assert result.ok
        items = site_contents(build_catalogue(result.content), stamps=cache.stamps(), **options)
        return {item.path: item.key for item in items if wanted(item.path)}

    before = current()
    time.sleep(0.01)  # another modification time for the validation cache
    edited = content / sheet
    edited.write_text(
        edited.read_text(encoding="utf-8").replace('accroche: "', 'accroche: "Nouveau. ', 1),
        encoding="utf-8",
    )
    return before, current()
