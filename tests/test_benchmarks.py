"""The benchmark scripts keep working: the synthetic and real-size catalogues are valid, the
synthetic one reproducible, and the validation and build benchmarks print their tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
VALID = ROOT / "tests" / "fixtures" / "valid"


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


def _float(cell: str) -> float:
    return float(cell.replace(" ", "").replace(",", "."))


def _names(folder: Path) -> dict[str, str]:
    """{file stem: the sheet's `nom`} of a catalogue's sheets."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["nom"]
        for path in (folder / "innovations").glob("*.yml")
    }


def test_realsize_copies_the_shipped_sheets(tmp_path: Path) -> None:
    out = tmp_path / "reel"
    shipped = sorted(path.stem for path in (ROOT / "content" / "innovations").glob("*.yml"))
    count = len(shipped) + 4  # every shipped sheet, then copies, whatever their number
    done = run(BENCHMARKS / "realsize.py", str(count), out)
    assert done.returncode == 0, done.stderr
    sheets = sorted(path.stem for path in (out / "innovations").glob("*.yml"))
    assert len(sheets) == count
    assert set(shipped) <= set(sheets), "the first copy of each sheet keeps its file"
    assert len(set(_names(out).values())) == count, "names are made unique"
    done = run("-m", "generator", "validate", out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_realsize_renames_a_sheet_however_its_carrier_wrote_the_name(tmp_path: Path) -> None:
    """A valid sheet never stops the benchmark (nor the tests that run it): its name unquoted,
    in single quotes, with a comment after it, or as a block."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import realsize
    finally:
        sys.path.remove(str(BENCHMARKS))
    source = tmp_path / "source"
    shutil.copytree(VALID, source)
    styles = {
        "atelier-des-possibles": ('nom: "Atelier des possibles"', "nom: Atelier des possibles"),
        "cooperative-emploi-test": (
            'nom: "Coopérative d’emploi de test"',
            "nom: 'Coopérative d''emploi de test'  # le nom du porteur",
        ),
        "relais-mobilite-test": (
            'nom: "Relais mobilité de test"',
            "nom: >-\n  Relais mobilité\n  de test",
        ),
    }
    for ident, (before, after) in styles.items():
        sheet = source / "innovations" / f"{ident}.yml"
        text = sheet.read_text(encoding="utf-8")
        assert before in text
        sheet.write_text(text.replace(before, after), encoding="utf-8")
    out = tmp_path / "reel"
    realsize.write_catalogue(6, out, source)
    names = _names(out)
    originals = _names(source)
    for ident, name in originals.items():
        assert names[ident] == name
        assert names[f"{ident}-2"] == f"{name} (2)"
        copy = (out / "innovations" / f"{ident}-2.yml").read_text(encoding="utf-8")
        text = (source / "innovations" / f"{ident}.yml").read_text(encoding="utf-8")
        # every other line unchanged
        kept = [line for line in text.splitlines() if not line.startswith(("id:", "nom:", "  "))]
        assert [line for line in copy.splitlines() if line in kept] == kept
    done = run("-m", "generator", "validate", out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_build_bench_prints_a_table(tmp_path: Path) -> None:
    """benchmarks/run.py at N=20, once, on both catalogues: builds, serves, searches in
    Chromium, measures the preview, prints its tables."""
    done = run(
        BENCHMARKS / "run.py",
        "--sizes",
        "20",
        "--real-sizes",
        "20",
        "--preview",
        "20",
        "--preview-on",
        "reel",
        "--edits",
        "1",
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
    floors = {
        "plancher (MkDocs + Material seuls : le même site, pages vides)": "catalogue synthétique",
        "plancher (MkDocs + Material seuls : le même site, pages vides), taille réelle": (
            "catalogue de taille réelle"
        ),
    }
    assert set(rows) == {
        "catalogue synthétique",
        "référence MkDocs + Material (lunr)",
        "catalogue de taille réelle",
        "référence MkDocs + Material (lunr), taille réelle",
        *floors,
    }, rows.keys()
    for name, ours in floors.items():
        floor = rows.pop(name)  # the same pages as the catalogue's build, each one empty
        assert _int(floor["Pages"]) == _int(rows[ours]["Pages"])
        assert 0 < _float(floor["Total (s)"]) < _float(rows[ours]["Total (s)"])
        assert floor["Rapport à la référence"].endswith("×")
    for name, row in rows.items():
        ours = name.startswith("catalogue")
        if ours:
            assert _int(row["Pages"]) > 20, "every sheet, territory and static page is generated"
            for stage in ("Validation (s)", "Modèle (s)", "Rendu des pages (s)", "MkDocs (s)"):
                assert _float(row[stage]) >= 0, stage
            assert _float(row["Recherche (s)"]) > 0
        else:
            assert _int(row["Pages"]) == 21, "20 hand-written pages and the index"
        assert _float(row["Total (s)"]) > 0
        assert _int(row["Une fiche (octets)"]) > 1000
        assert _int(row["Première recherche (Ko)"]) > 0
        assert _float(row["Mémoire de pointe (Mo)"]) > 10
        assert row["Plus grosse page"].endswith("Ko)")
        assert row["Rapport à la référence"].endswith("×")
    preview = next(line for line in lines if line.startswith("| catalogue de taille réelle | 20 |"))
    cells = dict(
        zip(
            _cells(next(line for line in lines if line.startswith("| Aperçu |"))),
            _cells(preview),
            strict=True,
        )
    )
    assert _float(cells["Première construction (s)"]) > 0
    assert _float(cells["Modification → page à jour, médiane (s)"]) > 0
    assert cells["Arrêt"] == "arrêté par Ctrl+C"
    assert "Objectifs :" in done.stdout
    assert not list(tmp_path.glob("site-*")), "the built sites are removed unless --keep"
    copies = [path for path in tmp_path.glob("apercu-*") if path.is_dir()]
    assert not copies, "the preview's copy of the catalogue is removed"


def test_lighthouse_script_prints_its_table() -> None:
    """The Lighthouse script (npm's lighthouse with Debian's Chromium) audits a page of a built
    fixture site and prints its scores: a smoke test, the scores themselves are not asserted."""
    done = run(
        BENCHMARKS / "lighthouse.py",
        "--content",
        ROOT / "tests" / "fixtures" / "valid",
        "--only",
        "Fiche",
    )
    assert done.returncode == 0, done.stderr
    (row,) = [line for line in done.stdout.splitlines() if line.startswith("| Fiche")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert "innovations/" in cells[1]
    assert all(cell.replace(",", "").replace(" ", "").isdigit() for cell in cells[2:4]), row
