"""Validation time on synthetic catalogues: `python benchmarks/validate_bench.py [--sizes 100,1000]`.

For each size N, writes a catalogue of N innovations (benchmarks/synth.py) into a temporary
folder, then times, each as the median of --repeat runs:

- `validate_content(DIR)` in this process: wall time, and CPU time of this process and of the
  worker processes it started (validate_content uses a process pool from PARALLEL_FROM files);
- the command line end to end, `python -m generator validate DIR`, in a subprocess (interpreter
  start, imports, schema compilation included).

Prints a Markdown table. The target is under 2 s for 1,000 innovation files. `--profile` adds a
cProfile of one serial validate_content run (workers=1) on the largest size: it shows where the
CPU time goes, which the pool then spreads over the processors.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_catalogue  # noqa: E402

from generator.check.validate import PARALLEL_FROM, validate_content  # noqa: E402

TARGET_SIZE = 1000
TARGET_SECONDS = 2.0


@dataclass
class Row:
    size: int
    files: int
    wall: float
    cpu: float
    cli: float
    cli_cpu: float
    diagnostics: int
    cli_status: int


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def machine_busy_seconds() -> float | None:
    """CPU seconds spent so far by every process of the machine (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields[:8]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def time_validate(content: Path, repeat: int) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds of validate_content, the number of files and diagnostics."""
    walls, cpus = [], []
    diagnostics = files = 0
    for _ in range(repeat):
        gc.collect()  # each run starts clean: the previous result is garbage by now
        cpu0, wall0 = _cpu_seconds(), time.perf_counter()
        result = validate_content(content)
        walls.append(time.perf_counter() - wall0)
        cpus.append(_cpu_seconds() - cpu0)
        diagnostics = len(result.diagnostics)
        files = len(result.content.innovations) + len(result.content.territories)
        files += result.content.programme is not None
        del result
    return statistics.median(walls), statistics.median(cpus), files, diagnostics


def time_cli(content: Path, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of `python -m generator validate`, its worst exit status."""
    walls, cpus, status = [], [], 0
    for _ in range(repeat):
        cpu0, start = _cpu_seconds(), time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "generator", "validate", str(content)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu_seconds() - cpu0)
        if done.returncode:
            status = done.returncode
            print(done.stdout[-2000:] + done.stderr[-2000:], file=sys.stderr)
    return statistics.median(walls), statistics.median(cpus), status


def seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def thousands(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def table(rows: list[Row]) -> str:
    lines = [
        "| Fiches innovation | Fichiers validés | validate_content (s) | CPU (s) "
        "| CLI de bout en bout (s) | CPU CLI (s) | Diagnostics |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {thousands(row.size)} | {thousands(row.files)} | {seconds(row.wall)} "
            f"| {seconds(row.cpu)} | {seconds(row.cli)} | {seconds(row.cli_cpu)} "
            f"| {row.diagnostics} |"
        )
    return "\n".join(lines)


def profile(content: Path, limit: int = 30) -> str:
    """cProfile of one serial validate_content run, sorted by cumulative then internal time."""
    validate_content(content, workers=1)  # warm the schema caches, as a long-lived worker would
    profiler = cProfile.Profile()
    profiler.enable()
    validate_content(content, workers=1)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » : attendu des entiers séparés par des virgules"
        ) from None
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"« {text} » : attendu des entiers positifs")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mesure le temps de validation de catalogues synthétiques."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[100, 1000],
        metavar="N,N…",
        help="nombres de fiches innovation (par défaut : 100,1000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="mesures par taille (médiane ; par défaut : 3)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="affiche aussi le profil (cProfile) d'une validation en série de la plus grande taille",
    )
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    busy_before, cpu_before = machine_busy_seconds(), _cpu_seconds()
    rows: list[Row] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        for size in args.sizes:
            content = Path(tmp) / f"catalogue-{size}"
            write_catalogue(size, content)
            wall, cpu, files, diagnostics = time_validate(content, repeat)
            cli, cli_cpu, status = time_cli(content, repeat)
            rows.append(Row(size, files, wall, cpu, cli, cli_cpu, diagnostics, status))
            if diagnostics or status:
                failed = True
                print(
                    f"attention : le catalogue de {size} fiches n'est pas valide "
                    f"({diagnostics} diagnostics, code de sortie {status})",
                    file=sys.stderr,
                )
        profile_text = profile(Path(tmp) / f"catalogue-{max(args.sizes)}") if args.profile else ""

    print(
        f"Validation de catalogues synthétiques — {os.cpu_count()} processeurs, Python "
        f"{platform.python_version()}, pool de processus à partir de {PARALLEL_FROM} fichiers, "
        f"médiane de {repeat} mesure{'s' if repeat > 1 else ''}.\n"
    )
    print(table(rows))
    print(
        "\nvalidate_content : temps écoulé dans ce processus ; CPU : temps processeur de ce "
        "processus et de ses processus de travail ; CLI : `python -m generator validate` dans un "
        "sous-processus (démarrage de Python et imports compris)."
    )
    busy_after = machine_busy_seconds()
    if busy_before is not None and busy_after is not None:
        others = max(0.0, (busy_after - busy_before) - (_cpu_seconds() - cpu_before))
        print(
            f"Temps processeur pris par d'autres processus pendant les mesures : {seconds(others)} s"
            + (" (machine partagée : temps écoulés bruités)." if others > 1 else ".")
        )
    for row in rows:
        if row.size == TARGET_SIZE:
            worst = max(row.wall, row.cli)
            verdict = "atteint" if worst < TARGET_SECONDS else "manqué"
            print(
                f"Objectif : moins de {seconds(TARGET_SECONDS)} s pour {thousands(TARGET_SIZE)} "
                f"fiches — {verdict} (validate_content {seconds(row.wall)} s, "
                f"CLI {seconds(row.cli)} s)."
            )
    if profile_text:
        print("\nProfil d'une validation en série (workers=1) :\n")
        print(profile_text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
