"""The benchmark scripts keep working: the synthetic catalogue is valid and reproducible, and
the validation benchmark prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_synth_is_valid_and_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        done = run(BENCHMARKS / "synth.py", "20", out)
        assert done.returncode == 0, done.stderr
    files = tree(first)
    assert len([name for name in files if name.startswith("innovations/")]) == 20
    territories = [name for name in files if name.startswith("territories/")]
    assert len(territories) >= 200
    assert "programme.yml" in files
    assert files == tree(second), "two runs with the same N must write identical files"

    done = run("-m", "generator", "validate", first)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "", f"unexpected diagnostics:\n{done.stdout}"
    assert "Aucun problème" in done.stderr


def test_synth_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    done = run(BENCHMARKS / "synth.py", "5", tmp_path)
    assert done.returncode == 2
    assert "n’est pas vide" in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "à garder"


def test_synth_catalogue_grows_by_prefix() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import synth
    finally:
        sys.path.remove(str(BENCHMARKS))
    small, large = synth.generate(5), synth.generate(8)
    assert large.innovations[:5] == small.innovations
    assert large.territories == small.territories


def test_validate_bench_prints_a_table() -> None:
    done = run(BENCHMARKS / "validate_bench.py", "--sizes", "20", "--repeat", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 20 |")]
    assert len(rows) == 1, done.stdout
    assert rows[0].rstrip().endswith("| 0 |"), "the catalogue of 20 must have no diagnostic"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _int(cell: str) -> int:
    return int(cell.replace(" ", "").replace("\u202f", ""))


def test_build_bench_prints_a_table(tmp_path: Path) -> None:
    """benchmarks/run.py at N=20, once: builds, serves, searches in Chromium, prints its table."""
    done = run(
        BENCHMARKS / "run.py",
        "--sizes",
        "20",
        "--repeat",
        "1",
        "--retries",
        "0",
        "--workdir",
        tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| Fiches |"))
    columns = _cells(header)
    rows = {
        _cells(line)[1]: dict(zip(columns, _cells(line), strict=True))
        for line in lines
        if line.startswith("| 20 |")
    }
    ours = rows["catalogue"]
    baseline = next(row for name, row in rows.items() if name.startswith("référence"))
    assert _int(ours["Pages"]) > 20, "every sheet, territory and static page is generated"
    assert _int(baseline["Pages"]) == 21, "20 hand-written pages and the index"
    for row in (ours, baseline):
        assert float(row["Total (s)"].replace(",", ".")) > 0
        assert _int(row["Une fiche (octets)"]) > 1000
        assert _int(row["Première recherche (Ko)"]) > 0
        assert float(row["Mémoire de pointe (Mo)"].replace(",", ".")) > 10
    assert _int(ours["Page « innovations/ » (Ko)"]) > 0
    assert ours["Cartes (% du total)"].endswith("%")
    assert "Objectifs :" in done.stdout
    assert not list(tmp_path.glob("site-*")), "the built sites are removed unless --keep"
