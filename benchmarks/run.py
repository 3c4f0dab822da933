"""Build benchmark at scale: `python benchmarks/run.py [--sizes 100,1000,5000] [--real-sizes 1000]
[--preview 1000] [--repeat 3]`.

Two catalogues: the synthetic one of benchmarks/synth.py (deterministic, sheets about three
times longer than the shipped ones) and the real-size one of benchmarks/realsize.py (the shipped
sheets copied and renamed). For each catalogue and size N, measures:

- the whole build, `generator.site.build.build_site` in a fresh subprocess (as
  `python -m generator build` runs it): validation, model (with the list of what the site
  contains, `site_contents`), rendering of the pages (`SitePage.body()`, maps included, timed
  apart), MkDocs' own work (Material's template, writing), search (Pagefind), total wall time
  (imports included);
- the peak memory of the build: the resident sets of the build process and of every process it
  starts (validation workers, the search step, Pagefind), summed and sampled every
  MEMORY_PERIOD s from /proc by the parent (proportional set sizes when readable, so that pages
  shared by forked workers count once), and the build process's own peak (VmHWM; not
  `getrusage`, whose ru_maxrss survives exec and so counts the parent's size at the fork);
- the built site: bytes on disk, bytes of one sheet (the first innovation of the catalogue, the
  same at every N), the heaviest HTML page;
- the bytes a first search downloads: the site is served on 127.0.0.1, `innovations/` opened in
  headless Chromium (Playwright), « formation » typed in the search box; the response bodies of
  every request under `pagefind/` and of the explorer script are summed, from page load to the
  results;
- a baseline measured in the same run: a plain MkDocs + Material build of N hand-written
  Markdown pages with the same text, a navigation that lists only the index page and Material's
  own search plugin (lunr, whose `search_index.json` is downloaded whole by the first query).

And the preview latency (`--preview N`, for each catalogue of --preview-on): `python -m
generator serve --content <copy of the catalogue>` in a subprocess; the time until it serves
a sheet (first build), then, --edits times, the time from saving a sheet with a new `accroche`
to the served page `innovations/<id>/` showing it (polled on loopback). Before each edit the
server is left to finish its background work (the search index catches up after each build).

Times are medians of --repeat runs, interleaved (build, baseline, then again) so that a burst of
load from other processes does not hit a single variant. The CPU time that other processes of
the machine took during each timed run is measured (/proc/stat); a run during which they took
more than NOISY_SHARE of a processor is run again (up to --retries times) and the quietest
attempt is kept. Targets are printed with ✅/❌; missing one does not change the exit status
(0 unless a build fails).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCHMARKS))

import realsize  # noqa: E402
import synth  # noqa: E402
from validate_bench import (  # noqa: E402
    _cpu_seconds,
    machine_busy_seconds,
    parse_sizes,
    seconds,
    thousands,
)

DEFAULT_WORKDIR = BENCHMARKS / "out"
QUERY = "formation"
SEARCH_LABEL = "Rechercher une innovation"
EXPLORER_SCRIPT = "assets/explorateur.js"
QUERY_SCRIPT = "assets/recherche.js"  # loaded by the explorer for the first search
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# A timed run is redone when other processes took more than this share of one processor.
NOISY_SHARE = 0.25
MEMORY_PERIOD = 0.2  # seconds between two samples of the build's processes

SYNTHETIC, REAL = "synthetique", "reel"
CATALOGUE_NAMES = {SYNTHETIC: "catalogue synthétique", REAL: "catalogue de taille réelle"}
FLOOR_NAMES = {
    SYNTHETIC: "plancher (MkDocs + Material seuls : le même site, pages vides)",
    REAL: "plancher (MkDocs + Material seuls : le même site, pages vides), taille réelle",
}
BASELINE_NAMES = {
    SYNTHETIC: "référence MkDocs + Material (lunr)",
    REAL: "référence MkDocs + Material (lunr), taille réelle",
}

# Targets (issue 13, and the earlier issues "Scale" and "Territory maps").
REAL_FACTOR, REAL_AT = 0.75, 1000
BASELINE_FACTOR, BASELINE_AT = 1.5, 1000  # synthetic sheets (issue "Scale")
LINEAR_FACTOR, LINEAR_FROM, LINEAR_TO = 5.0, 1000, 5000
MEMORY_LIMIT, MEMORY_AT = 1_000_000_000, 5000
PAGE_DRIFT, PAGE_FROM, PAGE_TO = 0.10, 100, 5000
QUERY_LIMIT, QUERY_AT = 400_000, 5000
VALIDATE_LIMIT, VALIDATE_AT = 2.0, 1000
MAPS_LIMIT, MAPS_AT = 0.10, 1000
PREVIEW_LIMIT = 1.5

# Preview: how long to wait at most.
SERVE_START_TIMEOUT = 900.0
EDIT_TIMEOUT = 120.0
QUIET_TIMEOUT = 300.0
POLL_PERIOD = 0.05


# --- Processes, read from /proc ----------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    """{pid: [child pids]} of every process of the machine (Linux)."""
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(name))
    return tree


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants alive now."""
    tree = _children_map()
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(tree.get(current, []))
    return found


def _memory_of(pid: int) -> int:
    """Proportional set size of a process (its resident set if unreadable), in bytes."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def _name_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return "?"


def tree_memory(pid: int) -> tuple[int, dict[str, int]]:
    """(summed memory of pid and its descendants, {name: largest memory of one descendant})."""
    total, others = 0, {}
    for p in process_tree(pid):
        memory = _memory_of(p)
        total += memory
        if p != pid and memory:  # a process gone meanwhile has no memory, nor a name
            name = _name_of(p)
            others[name] = max(others.get(name, 0), memory)
    return total, others


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by pid and its live descendants (and their waited-for children)."""
    ticks = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


class MemorySampler:
    """Samples the summed memory of a process tree in a thread: `peak` of the sum, and the peak
    of each kind of descendant (`others`, by process name)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self.others: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, ValueError):
                total, others = tree_memory(self.pid)
                self.peak = max(self.peak, total)
                for name, memory in others.items():
                    self.others[name] = max(self.others.get(name, 0), memory)
            self._stop.wait(MEMORY_PERIOD)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


# --- Child processes: one timed build each ---------------------------------------------------


def _peak_memory() -> int:
    """Peak resident set of this process since it started (VmHWM), in bytes.

    Not getrusage: on Linux its ru_maxrss survives exec, so a process started by a large one
    (this benchmark, or the build starting Pagefind) reports at least its parent's size at the
    fork; RUSAGE_CHILDREN has the same flaw. VmHWM belongs to the process's own memory map.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu() -> float:
    """CPU seconds of this process and of its waited-for descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(spent: dict[str, float], key: str, function):
    """function, adding the seconds spent in it to spent[key] (outermost calls only)."""
    depth = [0]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        depth[0] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

    return wrapper


def child_build(content: Path, site: Path) -> dict[str, Any]:
    """The project's build, as `python -m generator build` runs it, with the time spent
    rendering pages (`SitePage.body()`) and drawing maps measured from inside."""
    start, cpu = time.perf_counter(), _cpu()
    from generator.site.build import build_site
    from generator.site.maps import site as maps_site
    from generator.site.render.pages import SitePage

    spent: dict[str, float] = {"pages": 0.0, "maps": 0.0}
    SitePage.body = _timed(spent, "pages", SitePage.body)
    hooks = maps_site.page_hooks

    def timed_hooks(catalogue):
        return {name: _timed(spent, "maps", hook) for name, hook in hooks(catalogue).items()}

    maps_site.page_hooks = timed_hooks  # site_contents reads them from the module
    maps_site.national_page = _timed(spent, "maps", maps_site.national_page)

    result = build_site(content, site)
    total = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"le catalogue {content} n'est pas valide")
    keys = ("validate", "model", "search", "search_wait")
    timings = {key: result.timings.get(key, 0.0) for key in keys}
    timings["pages"] = spent["pages"]  # maps included
    timings["maps"] = spent["maps"]
    # What is left of build_site's own total: MkDocs (Material's template, writing the files).
    timings["build_site"] = result.timings.get("total", 0.0)
    timings["mkdocs"] = max(
        0.0,
        timings["build_site"]
        - timings["validate"]
        - timings["model"]
        - timings["pages"]
        - timings["search_wait"],  # Pagefind runs beside the last pages: what is left of it
    )
    return {"timings": timings, "total": total, "cpu": _cpu() - cpu, "pages": result.pages}


def child_floor(content: Path, site: Path) -> dict[str, Any]:
    """What MkDocs and Material cost on their own for this site: the project's build with
    every generated page's body one short paragraph, no data file made and no search index
    (validation, model, navigation, Material's template for every page, writing the files).
    No build of these pages through MkDocs can take less."""
    start, cpu = time.perf_counter(), _cpu()
    from generator.site import plugin
    from generator.site.build import build_site
    from generator.site.render.pages import PageBody, SitePage

    SitePage.body = lambda self: PageBody(self.title, "", "<p>Page vide.</p>")
    copy_file = plugin._GeneratedFile.copy_file

    def no_data_file(self, dirty: bool = False) -> None:
        if self.source is None or not self.source.lazy:  # data files are not made
            copy_file(self, dirty)

    plugin._GeneratedFile.copy_file = no_data_file
    result = build_site(content, site, search=False)
    total = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"le catalogue {content} n'est pas valide")
    timings = {key: result.timings.get(key, 0.0) for key in ("validate", "model")}
    timings["mkdocs"] = max(
        0.0, result.timings.get("total", 0.0) - timings["validate"] - timings["model"]
    )
    return {"timings": timings, "total": total, "cpu": _cpu() - cpu, "pages": result.pages}


def child_baseline(folder: Path) -> dict[str, Any]:
    """`mkdocs build` of the baseline folder, with the time spent in the search plugin apart."""
    start, cpu = time.perf_counter(), _cpu()
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent: dict[str, float] = {"search": 0.0}
    # Patched on the class before the plugin is instantiated by load_config.
    SearchPlugin.on_page_context = _timed(spent, "search", SearchPlugin.on_page_context)
    SearchPlugin.on_post_build = _timed(spent, "search", SearchPlugin.on_post_build)
    build(load_config(str(folder / "mkdocs.yml")))
    total = time.perf_counter() - start
    pages = sum(1 for _ in (folder / "docs").rglob("*.md"))
    return {
        "timings": {"mkdocs": total - spent["search"], "search": spent["search"]},
        "total": total,
        "cpu": _cpu() - cpu,
        "pages": pages,
    }


def child_serve(argv: list[str]) -> int:
    """`python -m generator serve ARGV`, MkDocs' configuration overrides copied at each load.

    mkdocs.commands.serve reloads the configuration before each rebuild with the same keyword
    arguments, and MkDocs' `plugins` option empties the dictionaries of the list it is given
    (`popitem`): the `plugins` override of `generator serve --content` becomes `[{}]` and every
    rebuild fails with « Invalid Plugins configuration ». Copying the overrides at each load
    (the fix the command itself needs) lets the preview be measured; `--preview-as-is` runs the
    command unchanged.
    """
    import copy

    import mkdocs.commands.serve as mkdocs_serve

    from generator.cli import main as generator_main

    load_config = mkdocs_serve.load_config

    def fresh_load_config(*args, **kwargs):
        return load_config(*args, **copy.deepcopy(kwargs))

    mkdocs_serve.load_config = fresh_load_config
    return generator_main(["serve", *argv])


def child_main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "serve":
        return child_serve(rest)
    if mode == "build":
        out = child_build(Path(rest[0]), Path(rest[1]))
    elif mode == "baseline":
        out = child_baseline(Path(rest[0]))
    elif mode == "floor":
        out = child_floor(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"mode inconnu : {mode}")
    out["memory_self"] = _peak_memory()
    print(json.dumps(out))
    return 0


# --- Timed runs, from the parent -------------------------------------------------------------


@dataclass
class Run:
    total: float
    cpu: float  # CPU seconds of the child and its descendants over the same span as total
    timings: dict[str, float]
    pages: int
    memory_self: int  # peak RSS of the build process (VmHWM)
    memory_others: dict[str, int]  # {name: peak of one descendant of that name} (sampled)
    memory_tree: int  # peak of the summed memory of all its processes (sampled)
    wall: float  # of the whole subprocess, interpreter start included
    others: float  # CPU seconds other processes of the machine took meanwhile

    @property
    def memory(self) -> int:
        """Peak memory of the build, all its processes together."""
        return self.memory_tree

    @property
    def noisy(self) -> bool:
        return self.others > NOISY_SHARE * self.wall


@dataclass
class Series:
    """The runs of one variant at one size."""

    runs: list[Run] = field(default_factory=list)
    reruns: int = 0

    def median(self, key: str) -> float:
        if key in ("total", "cpu"):
            return statistics.median(getattr(run, key) for run in self.runs)
        return statistics.median(run.timings.get(key, 0.0) for run in self.runs)

    @property
    def memory(self) -> int:
        return max(run.memory for run in self.runs)

    @property
    def others(self) -> float:
        return sum(run.others for run in self.runs)

    @property
    def pages(self) -> int:
        return self.runs[-1].pages


def run_child(args: list[str], retries: int, series: Series, before=None) -> None:
    """Run a timed child (again if the machine was busy) and add the quietest attempt."""
    attempts: list[Run] = []
    for _ in range(retries + 1):
        if before:
            before()
        busy0, own0 = machine_busy_seconds(), _cpu_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sampler = MemorySampler(proc.pid)
        stdout, stderr = proc.communicate()
        wall = time.perf_counter() - start
        memory_tree = sampler.stop()
        busy1, own1 = machine_busy_seconds(), _cpu_seconds()
        if proc.returncode != 0:
            raise RuntimeError(f"échec de « {' '.join(args)} » :\n{stdout[-3000:]}{stderr[-3000:]}")
        out = json.loads(stdout.strip().splitlines()[-1])
        others = 0.0
        if busy0 is not None and busy1 is not None:
            others = max(0.0, (busy1 - busy0) - (own1 - own0))
        attempts.append(
            Run(
                out["total"],
                out["cpu"],
                out["timings"],
                out["pages"],
                out["memory_self"],
                dict(sampler.others),
                max(memory_tree, out["memory_self"]),
                wall,
                others,
            )
        )
        if not attempts[-1].noisy:
            break
    kept = min(attempts, key=lambda run: run.others / run.wall)
    series.runs.append(kept)
    series.reruns += len(attempts) - 1
    shown = {k: v for k, v in kept.timings.items() if k != "build_site"}
    stages = ", ".join(f"{key} {seconds(value)}" for key, value in shown.items())
    print(
        f"    {args[0]} : {seconds(kept.total)} s{f' ({stages})' if stages else ''} ; mémoire "
        f"{kept.memory / 1e6:.0f} Mo ; autres processus {seconds(kept.others)} s CPU ; "
        f"{len(attempts)} essai(s)",
        file=sys.stderr,
        flush=True,
    )


# --- Baseline: hand-written Markdown pages ---------------------------------------------------

BASELINE_CONFIG = """\
site_name: Référence MkDocs + Material
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
plugins:
  - search:
      lang: fr
nav:
  - Accueil: index.md
not_in_nav: |
  /innovations/*.md
"""


def _items(values: list[str]) -> str:
    return "\n".join(f"- {value}" for value in values)


def baseline_markdown(doc: dict[str, Any]) -> str:
    """The text fields of an innovation, written by hand as plain Markdown (sections a sheet
    leaves out are left out)."""
    parts = [f"# {doc['nom']}", doc["accroche"]]
    parts.append("Porté par " + " ; ".join(c["nom"] for c in doc.get("porteurs") or []) + ".")
    if "probleme" in doc:
        parts += ["## Le problème", doc["probleme"]]
    if doc.get("principes"):  # optional: a new carrier's sheet may not give them yet
        parts += ["## Les principes", _items(doc["principes"])]
    if doc.get("etapes"):
        parts.append("## Les étapes")
        for step in doc["etapes"]:
            duration = f" ({step['duree']})" if "duree" in step else ""
            parts += [f"### {step['titre']}{duration}", step.get("description", "")]
    if doc.get("moyens"):
        parts.append("## Moyens et coûts")
        for key, title in (
            ("humains", "humains"),
            ("financiers", "financiers"),
            ("outils", "Outils"),
        ):
            if key in doc["moyens"]:
                parts.append(f"**{title.capitalize()}** : {doc['moyens'][key]}")
    if doc.get("partenaires"):
        parts += [
            "## Les partenaires",
            _items([f"**{p['nom']}** : {p.get('role', '')}" for p in doc["partenaires"]]),
        ]
    for key, title in (
        ("facteurs_cles", "Facteurs clés de succès"),
        ("ecueils", "Écueils à éviter"),
        ("indicateurs_suivi", "Indicateurs de suivi"),
    ):
        if doc.get(key):
            parts += [f"## {title}", _items(doc[key])]
    parcours = doc.get("parcours_ais", {})
    if parcours.get("transferabilite"):
        parts.append("## Transférabilité")
        for key, value in parcours["transferabilite"].items():
            parts.append(
                f"**{key.replace('_', ' ')}** ({value['niveau']}) : {value.get('justification', '')}"
            )
    if parcours.get("paliers"):
        stages = [
            f"{s['palier']} : {s['description']}" if "description" in s else s["palier"]
            for s in parcours["paliers"]
        ]
        parts += ["## Le parcours AIS#Emploi", _items(stages)]
    if doc.get("essaimage"):
        parts.append("## Essaimage")
        for site in doc["essaimage"]:
            lines = [
                f"- **{site['structure']}** ({site.get('date_debut', '')}) : "
                f"{site.get('formation', '')}"
            ]
            lines += [
                f"    - {j['jalon']} : {j['resultat']}"
                for j in site.get("jalons", [])
                if "resultat" in j
            ]
            parts.append("\n".join(lines))
    if doc.get("chiffres"):
        parts += [
            "## Chiffres",
            _items([f"{f['valeur']} {f['libelle']}" for f in doc["chiffres"]]),
        ]
    if "niveau_preuve" in doc:
        parts += [
            "## Niveau de preuve",
            f"Niveau {doc['niveau_preuve']['niveau']} sur 5.",
            doc["niveau_preuve"].get("justification", ""),
        ]
    parts += [
        "## Sources",
        _items(
            [s["titre"] + (f", {s['editeur']}" if "editeur" in s else "") for s in doc["sources"]]
        ),
    ]
    if "contact" in doc:
        contact = doc["contact"]
        parts += [
            "## Contact",
            ", ".join(contact[k] for k in ("structure", "email", "telephone") if k in contact),
        ]
    return "\n\n".join(parts) + "\n"


def write_baseline(innovations: list[dict[str, Any]], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    (docs / "innovations").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text(
        f"# Référence\n\n{len(innovations)} fiches écrites à la main.\n", encoding="utf-8"
    )
    for doc in innovations:
        (docs / "innovations" / f"{doc['id']}.md").write_text(
            baseline_markdown(doc), encoding="utf-8"
        )


# --- What the built site weighs ----------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    total = 0
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    return total


def largest_page(site: Path) -> tuple[str, int]:
    """(URL path, bytes) of the site's heaviest HTML page: pages listing the whole catalogue."""
    sizes = ((path, path.stat().st_size) for path in site.rglob("*.html"))
    path, size = max(sizes, key=lambda item: item[1], default=(site / "index.html", 0))
    url = path.parent.relative_to(site).as_posix() + "/" if path.name == "index.html" else ""
    return (url.removeprefix("./") or path.relative_to(site).as_posix(), size)


# What GitHub Pages sends compressed (gzip) to a browser that accepts it; Pagefind's index files
# are gzip files already and go as they are.
COMPRESSED_SUFFIXES = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt")


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly, text compressed as GitHub Pages does, and records for each
    request (path, bytes sent, bytes of the file)."""

    sent: list[tuple[str, int, int]]  # set on the partial class made by serve()
    lock: threading.Lock

    def log_message(self, *args) -> None:
        pass

    def _record(self, sent: int, raw: int) -> None:
        with self.lock:
            self.sent.append((self.path.split("?", 1)[0], sent, raw))

    def do_GET(self) -> None:  # noqa: N802 (library API)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED_SUFFIXES and path.is_file()):
            super().do_GET()
            return
        raw = path.read_bytes()
        body = gzip.compress(raw, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self._record(len(body), len(raw))

    def copyfile(self, source, outputfile) -> None:
        count = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            count += len(chunk)
        self._record(count, count)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    """The folder on an ephemeral port of 127.0.0.1: (base URL, [(path, bytes sent, bytes of
    the file)])."""
    sent: list[tuple[str, int, int]] = []
    handler_class = type("Handler", (_CountingHandler,), {"sent": sent, "lock": threading.Lock()})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Query:
    bytes: int  # sent for pagefind/ and the explorer script (text compressed, as on GitHub Pages)
    raw_bytes: int  # the same files' sizes
    requests: int  # how many of them
    html: int  # the explorer page itself (file size)
    results: int  # results shown
    chromium: str


def first_query(site: Path, query: str = QUERY) -> Query:
    """Open innovations/ in headless Chromium, search, and weigh what the search downloaded.

    The bytes are counted by the server (body bytes sent, text compressed with gzip as GitHub
    Pages sends it), which would also see the requests of a web worker.
    """
    from playwright.sync_api import sync_playwright

    with serve(site) as (base, sent), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(base + "innovations/", wait_until="networkidle")
            box = page.get_by_label(SEARCH_LABEL)
            box.wait_for(state="visible", timeout=120_000)  # shown once Pagefind is ready
            # The list may already show every innovation: mark it, to wait for the results.
            page.eval_on_selector_all(
                "[data-results] > li", "items => items.forEach((li) => li.dataset.avant = '')"
            )
            box.fill(query)
            page.locator("[data-results] > li:not([data-avant]) h3 a").first.wait_for(
                timeout=120_000
            )
            seen, quiet_since = len(sent), time.monotonic()
            while time.monotonic() - quiet_since < 1.0:  # no new response for 1 s
                page.wait_for_timeout(100)
                if len(sent) != seen:
                    seen, quiet_since = len(sent), time.monotonic()
            if errors:
                raise RuntimeError(f"erreurs JavaScript dans la page : {errors}")
            results = page.locator("[data-results] h3 a").count()
            version = browser.version
        finally:
            browser.close()
    total = raw_total = requests = html = 0
    for path, size, raw in sent:
        if path.startswith("/pagefind/") or path in ("/" + EXPLORER_SCRIPT, "/" + QUERY_SCRIPT):
            total += size
            raw_total += raw
            requests += 1
        elif path == "/innovations/":
            html = raw
    return Query(total, raw_total, requests, html, results, version)


# --- One catalogue at one size -----------------------------------------------------------------


@dataclass
class Measure:
    kind: str  # SYNTHETIC or REAL
    size: int
    build: Series
    baseline: Series
    floor: Series = field(default_factory=lambda: Series())
    site_bytes: int = 0
    page_bytes: int = 0
    baseline_site_bytes: int = 0
    baseline_page_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)  # (URL path, bytes) of the heaviest HTML page
    baseline_largest_page: tuple[str, int] = ("", 0)
    query: Query | None = None
    baseline_query_bytes: int = 0

    @property
    def series(self) -> tuple[Series, ...]:
        return (self.build, self.baseline)

    @property
    def ratio(self) -> float:
        return self.build.median("total") / self.baseline.median("total")

    @property
    def maps_share(self) -> float:
        """Share of the build's wall time spent drawing maps."""
        return self.build.median("maps") / self.build.median("total")


def catalogue_folder(kind: str, size: int, workdir: Path) -> Path:
    return workdir / (f"catalogue-{size}" if kind == SYNTHETIC else f"taille-reelle-{size}")


def prepare(kind: str, size: int, workdir: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The catalogue's folder (written unless already there) and its innovations, parsed."""
    content = catalogue_folder(kind, size, workdir)
    if kind == SYNTHETIC:
        synth.ensure_catalogue(size, content)
        return content, synth.generate(size).innovations
    realsize.ensure_catalogue(size, content)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    innovations = [yaml.load(text, Loader=loader) for _, text in realsize.copies(size)]
    return content, innovations


def measure(kind: str, size: int, workdir: Path, repeat: int, retries: int, keep: bool) -> Measure:
    content, innovations = prepare(kind, size, workdir)
    first_id = innovations[0]["id"] if innovations else ""
    suffix = f"{kind}-{size}"
    baseline_dir = workdir / f"reference-{suffix}"
    write_baseline(innovations, baseline_dir)
    site = workdir / f"site-{suffix}"

    def clean(*folders: Path):
        def before() -> None:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            os.sync()  # each run starts with nothing left to write back from the previous one

        return before

    m = Measure(kind, size, Series(), Series())
    for index in range(repeat):
        print(
            f"  {CATALOGUE_NAMES[kind]}, N = {thousands(size)}, mesure {index + 1}/{repeat}…",
            file=sys.stderr,
            flush=True,
        )
        run_child(["build", str(content), str(site)], retries, m.build, clean(site))
        run_child(
            ["baseline", str(baseline_dir)], retries, m.baseline, clean(baseline_dir / "site")
        )
        floor_site = workdir / f"plancher-{suffix}"
        run_child(["floor", str(content), str(floor_site)], retries, m.floor, clean(floor_site))
        shutil.rmtree(floor_site, ignore_errors=True)

    m.site_bytes = folder_bytes(site)
    page = site / "innovations" / first_id / "index.html"
    m.page_bytes = page.stat().st_size if page.is_file() else 0
    m.largest_page = largest_page(site)
    m.query = first_query(site)
    baseline_site = baseline_dir / "site"
    m.baseline_site_bytes = folder_bytes(baseline_site)
    page = baseline_site / "innovations" / first_id / "index.html"
    m.baseline_page_bytes = page.stat().st_size if page.is_file() else 0
    m.baseline_largest_page = largest_page(baseline_site)
    index = (baseline_site / "search" / "search_index.json").read_bytes()
    m.baseline_query_bytes = len(gzip.compress(index, compresslevel=6, mtime=0))  # as sent
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(baseline_dir, ignore_errors=True)
    return m


# --- Preview latency ---------------------------------------------------------------------------


@dataclass
class Preview:
    kind: str
    size: int
    first_build: float  # from starting the server to a sheet served
    edits: list[float] = field(default_factory=list)  # save → page shows the new text
    quiet_waits: list[float] = field(default_factory=list)  # background work before each edit
    stopped: str = ""  # how the server ended

    @property
    def latency(self) -> float:
        return statistics.median(self.edits) if self.edits else float("nan")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_quiet(pid: int, *, idle: float = 1.0, threshold: float = 0.1) -> float:
    """Wait until the process tree used less than threshold CPU seconds over `idle` seconds
    (its background search has finished); returns the seconds waited."""
    start = time.perf_counter()
    last = tree_cpu(pid)
    while time.perf_counter() - start < QUIET_TIMEOUT:
        time.sleep(idle)
        now = tree_cpu(pid)
        if now - last < threshold:
            break
        last = now
    return time.perf_counter() - start


# The `accroche` line, and the indented lines of its block if it has one.
_ACCROCHE = re.compile(r"^accroche:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)


def with_accroche(text: str, accroche: str) -> str:
    """The sheet's YAML with its `accroche` replaced (a double-quoted scalar, as JSON writes it)."""
    line = f"accroche: {json.dumps(accroche, ensure_ascii=False)}\n"
    return _ACCROCHE.sub(lambda m: line, text, count=1)


def measure_preview(
    kind: str, size: int, workdir: Path, edits: int, as_is: bool = False
) -> Preview:
    """Serve a copy of the catalogue, edit one sheet `edits` times, time each until served."""
    source, innovations = prepare(kind, size, workdir)
    content = workdir / f"apercu-{kind}-{size}"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(source, content)
    ident = innovations[len(innovations) // 2]["id"]  # a sheet from the middle of the catalogue
    sheet = content / "innovations" / f"{ident}.yml"
    original = sheet.read_text(encoding="utf-8")
    if not _ACCROCHE.search(original):
        raise RuntimeError(f"pas de ligne « accroche: » dans {sheet}")
    accroche = " ".join(str(yaml.safe_load(original)["accroche"]).split())
    port = free_port()
    url = f"http://127.0.0.1:{port}/innovations/{ident}/"
    log_path = workdir / f"apercu-{kind}-{size}.log"
    print(
        f"  aperçu, {CATALOGUE_NAMES[kind]}, N = {thousands(size)} : {url}",
        file=sys.stderr,
        flush=True,
    )
    with open(log_path, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        command = ["-m", "generator"] if as_is else [str(Path(__file__).resolve()), "--child"]
        server = subprocess.Popen(
            [
                sys.executable,
                *command,
                "serve",
                "--content",
                str(content),
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            result = Preview(kind, size, 0.0)
            while fetch_page(url) is None:
                if server.poll() is not None:
                    raise RuntimeError(f"le serveur s'est arrêté (journal : {log_path})")
                if time.perf_counter() - start > SERVE_START_TIMEOUT:
                    raise RuntimeError(f"le serveur ne répond pas (journal : {log_path})")
                time.sleep(POLL_PERIOD)
            result.first_build = time.perf_counter() - start
            for index in range(edits):
                result.quiet_waits.append(wait_quiet(server.pid))
                token = f"Repère {os.getpid()}-{index + 1} de la mesure."
                text = with_accroche(original, f"{accroche} {token}")
                saved = time.perf_counter()
                sheet.write_text(text, encoding="utf-8")
                while True:
                    page = fetch_page(url)
                    if page is not None and token in page:
                        break
                    if server.poll() is not None:
                        raise RuntimeError(f"le serveur s'est arrêté (journal : {log_path})")
                    if time.perf_counter() - saved > EDIT_TIMEOUT:
                        raise RuntimeError(
                            f"la modification n'apparaît pas après {EDIT_TIMEOUT:.0f} s "
                            f"(journal : {log_path})"
                        )
                    time.sleep(POLL_PERIOD)
                result.edits.append(time.perf_counter() - saved)
                print(
                    f"    modification {index + 1} : {seconds(result.edits[-1])} s "
                    f"(attente du calme avant : {seconds(result.quiet_waits[-1])} s)",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            result_stop = stop_server(server)
    result.stopped = result_stop
    shutil.rmtree(content, ignore_errors=True)
    return result


def stop_server(server: subprocess.Popen) -> str:
    """Ctrl+C, as a user would; then SIGTERM, then SIGKILL (this process only)."""
    if server.poll() is not None:
        return f"arrêté seul (code {server.returncode})"
    for sig, wait in ((signal.SIGINT, 60), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        server.send_signal(sig)
        try:
            server.wait(timeout=wait)
            return "arrêté par Ctrl+C" if sig == signal.SIGINT else f"arrêté par {sig.name}"
        except subprocess.TimeoutExpired:
            continue
    return "ne s'arrête pas"


# --- Report ------------------------------------------------------------------------------------


def megabytes(value: int) -> str:
    return f"{value / 1e6:.1f}".replace(".", ",")


def kilobytes(value: int) -> str:
    return thousands(round(value / 1e3))


def percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def ratio(value: float) -> str:
    return f"{seconds(value)} ×"


HEADER = (
    "| Fiches | Construction | Pages | Validation (s) | Modèle (s) | Rendu des pages (s) "
    "| dont cartes (s) | MkDocs (s) | Recherche (s) | Total (s) | Rapport à la référence "
    "| Mémoire de pointe (Mo) | Taille du site (Mo) | Une fiche (octets) "
    "| Première recherche (Ko) | Plus grosse page |"
)


def _largest(page: tuple[str, int]) -> str:
    return f"{page[0] or '/'} ({kilobytes(page[1])} Ko)"


def table(measures: list[Measure]) -> str:
    lines = [
        HEADER,
        "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|",
    ]
    for m in measures:
        b, q = m.build, m.query
        lines.append(
            f"| {thousands(m.size)} | {CATALOGUE_NAMES[m.kind]} | {thousands(b.pages)} "
            f"| {seconds(b.median('validate'))} | {seconds(b.median('model'))} "
            f"| {seconds(b.median('pages'))} | {seconds(b.median('maps'))} "
            f"| {seconds(b.median('mkdocs'))} | {seconds(b.median('search'))} "
            f"| {seconds(b.median('total'))} | {ratio(m.ratio)} | {megabytes(b.memory)} "
            f"| {megabytes(m.site_bytes)} | {thousands(m.page_bytes)} "
            f"| {kilobytes(q.bytes if q else 0)} | {_largest(m.largest_page)} |"
        )
        f = m.floor
        if f.runs:
            lines.append(
                f"| {thousands(m.size)} | {FLOOR_NAMES[m.kind]} | {thousands(f.pages)} "
                f"| {seconds(f.median('validate'))} | {seconds(f.median('model'))} | — | — "
                f"| {seconds(f.median('mkdocs'))} | — | {seconds(f.median('total'))} "
                f"| {ratio(f.median('total') / m.baseline.median('total'))} "
                f"| {megabytes(f.memory)} | — | — | — | — |"
            )
        r = m.baseline
        lines.append(
            f"| {thousands(m.size)} | {BASELINE_NAMES[m.kind]} | {thousands(r.pages)} "
            f"| — | — | — | — | {seconds(r.median('mkdocs'))} | {seconds(r.median('search'))} "
            f"| {seconds(r.median('total'))} | 1 × | {megabytes(r.memory)} "
            f"| {megabytes(m.baseline_site_bytes)} | {thousands(m.baseline_page_bytes)} "
            f"| {kilobytes(m.baseline_query_bytes)} | {_largest(m.baseline_largest_page)} |"
        )
    return "\n".join(lines)


PREVIEW_HEADER = (
    "| Aperçu | Fiches | Première construction (s) | Modification → page à jour, médiane (s) "
    "| Mesures (s) | Attente du calme avant chaque modification (s) | Arrêt |"
)


def preview_table(previews: list[Preview]) -> str:
    lines = [PREVIEW_HEADER, "|:---|---:|---:|---:|:---|:---|:---|"]
    for p in previews:
        lines.append(
            f"| {CATALOGUE_NAMES[p.kind]} | {thousands(p.size)} | {seconds(p.first_build)} "
            f"| {seconds(p.latency)} | {' ; '.join(seconds(v) for v in p.edits)} "
            f"| {' ; '.join(seconds(v) for v in p.quiet_waits)} | {p.stopped} |"
        )
    return "\n".join(lines)


def descendants(runs: list[Run], shown: int = 3) -> str:
    """The largest peaks of the build's descendants, by process name."""
    peaks: dict[str, int] = {}
    for run in runs:
        for name, memory in run.memory_others.items():
            peaks[name] = max(peaks.get(name, 0), memory)
    largest = sorted(peaks.items(), key=lambda item: -item[1])[:shown]
    return ", ".join(f"{name} {megabytes(memory)} Mo" for name, memory in largest) or "aucun"


def verdict(ok: bool | None) -> str:
    return "➖ non mesuré" if ok is None else ("✅" if ok else "❌")


def targets(measures: list[Measure], previews: list[Preview]) -> list[str]:
    synthetic = {m.size: m for m in measures if m.kind == SYNTHETIC}
    real = {m.size: m for m in measures if m.kind == REAL}
    lines = []

    def add(ok: bool | None, text: str, detail: str = "") -> None:
        lines.append(f"- {verdict(ok)} {text}" + (f" — {detail}" if ok is not None else ""))

    def against_baseline(m: Measure | None, factor: float, text: str) -> None:
        if not m:
            add(None, text)
            return
        ours, ref = m.build.median("total"), m.baseline.median("total")
        add(
            ours <= factor * ref,
            text,
            f"{seconds(ours)} s contre {seconds(ref)} s, soit {ratio(ours / ref)}",
        )

    against_baseline(
        real.get(REAL_AT),
        REAL_FACTOR,
        f"construction de {thousands(REAL_AT)} fiches de taille réelle ≤ {seconds(REAL_FACTOR)} × "
        "la référence",
    )
    at = real.get(REAL_AT)
    if at and at.floor.runs:
        floor, ref = at.floor.median("total"), at.baseline.median("total")
        lines.append(
            f"- ℹ️ plancher à {thousands(REAL_AT)} fiches de taille réelle (le même site, "
            f"{thousands(at.floor.pages)} pages, chacune vide, sans données ouvertes ni "
            f"recherche : MkDocs et Material seuls) — {seconds(floor)} s, soit "
            f"{ratio(floor / ref)} la référence ; l'objectif laisse "
            f"{seconds(max(0.0, REAL_FACTOR * ref - floor))} s à tout le reste (le texte des "
            "pages, les cartes, les données ouvertes, l'index de recherche)"
        )
    against_baseline(
        synthetic.get(BASELINE_AT),
        BASELINE_FACTOR,
        f"construction de {thousands(BASELINE_AT)} fiches synthétiques ≤ "
        f"{seconds(BASELINE_FACTOR)} × la référence (issue « passage à l'échelle »)",
    )
    small, large = synthetic.get(LINEAR_FROM), synthetic.get(LINEAR_TO)
    text = (
        f"{thousands(LINEAR_TO)} fiches ≤ {seconds(LINEAR_FACTOR)} × le temps de "
        f"{thousands(LINEAR_FROM)} (synthétiques)"
    )
    if small and large:
        a, b = small.build.median("total"), large.build.median("total")
        add(
            b <= LINEAR_FACTOR * a,
            text,
            f"{seconds(b)} s contre {seconds(a)} s, soit {ratio(b / a)}",
        )
    else:
        add(None, text)
    m = synthetic.get(MEMORY_AT)
    text = (
        f"mémoire de pointe < {thousands(MEMORY_LIMIT // 10**6)} Mo à {thousands(MEMORY_AT)} "
        "fiches synthétiques, tous les processus de la construction ensemble (Pagefind compris)"
    )
    if m:
        runs = m.build.runs
        add(
            m.build.memory < MEMORY_LIMIT,
            text,
            f"{megabytes(m.build.memory)} Mo (processus de construction seul : "
            f"{megabytes(max(r.memory_self for r in runs))} Mo ; les autres au plus : "
            f"{descendants(runs)})",
        )
    else:
        add(None, text)
    m = synthetic.get(QUERY_AT)
    text = f"première recherche ≤ {kilobytes(QUERY_LIMIT)} Ko à {thousands(QUERY_AT)} fiches"
    if m and m.query:
        add(m.query.bytes <= QUERY_LIMIT, text, f"{kilobytes(m.query.bytes)} Ko transférés")
    else:
        add(None, text)
    for p in previews:
        add(
            p.latency <= PREVIEW_LIMIT,
            f"aperçu, {CATALOGUE_NAMES[p.kind]} de {thousands(p.size)} fiches : la page montre "
            f"la modification en ≤ {seconds(PREVIEW_LIMIT)} s",
            f"médiane {seconds(p.latency)} s ({' ; '.join(seconds(v) for v in p.edits)})",
        )
    if not previews:
        add(None, f"aperçu : la page montre la modification en ≤ {seconds(PREVIEW_LIMIT)} s")
    small, large = synthetic.get(PAGE_FROM), synthetic.get(PAGE_TO)
    text = (
        f"une fiche pèse à {thousands(PAGE_TO)} fiches à {percent(PAGE_DRIFT)} près ce qu'elle "
        f"pèse à {thousands(PAGE_FROM)}"
    )
    if small and large and small.page_bytes:
        drift = large.page_bytes / small.page_bytes - 1
        add(
            abs(drift) <= PAGE_DRIFT,
            text,
            f"{thousands(large.page_bytes)} octets contre {thousands(small.page_bytes)} "
            f"({'+' if drift >= 0 else ''}{percent(drift)})",
        )
    else:
        add(None, text)
    m = synthetic.get(VALIDATE_AT)
    text = f"validation de {thousands(VALIDATE_AT)} fiches < {seconds(VALIDATE_LIMIT)} s"
    if m:
        value = m.build.median("validate")
        add(value < VALIDATE_LIMIT, text, f"{seconds(value)} s (étape de la construction)")
    else:
        add(None, text)
    m = synthetic.get(MAPS_AT)
    text = f"cartes < {percent(MAPS_LIMIT)} de la construction à {thousands(MAPS_AT)} fiches"
    if m:
        add(
            m.maps_share < MAPS_LIMIT,
            text,
            f"{percent(m.maps_share)} ({seconds(m.build.median('maps'))} s passées à dessiner "
            f"les cartes sur {seconds(m.build.median('total'))} s)",
        )
    else:
        add(None, text)
    return lines


def machine() -> str:
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.0f} Gio"
    system = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"') + f" (Linux {platform.release()})"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return (
        f"{os.cpu_count()} processeurs, {memory} de mémoire, {system}, Python "
        f"{platform.python_version()}, MkDocs {version('mkdocs')}, Material "
        f"{version('mkdocs-material')}, Pagefind {version('pagefind_bin')}"
    )


NOTES = (
    "Temps en secondes, chacun dans un processus neuf. Total : de l'appel à la fin, imports "
    "compris (interpréteur exclu). Étapes de `build_site` : validation, modèle (le catalogue "
    "et la liste de ce que contient le site, `site_contents`), rendu des pages (`SitePage.body()`"
    ", appelé par le greffon pour chaque page au moment où MkDocs l'écrit ; cartes comprises, "
    "dont le temps est aussi donné à part), MkDocs (le reste de `build_site` : lecture de la "
    "configuration, gabarit de Material pour chaque page, écriture des fichiers, et l'attente "
    "de la fin de la recherche après la dernière page), recherche (la durée de l'index dans "
    "sa copie du processus : les copies des fiches pour Pagefind, faites à mesure qu'elles "
    "sont écrites, puis Pagefind, pendant que MkDocs écrit les autres pages ; les fichiers de "
    "données, faits eux aussi dans une copie du processus pendant les pages, ne sont comptés "
    "dans aucune colonne). Référence : "
    "`mkdocs build` avec Material de N pages Markdown écrites à la main avec le même texte, "
    "navigation réduite à l'accueil, recherche de Material (lunr : son temps est celui du "
    "greffon search, sa « première recherche » est search_index.json, téléchargé en entier et "
    "compressé). Mémoire de pointe : la somme des mémoires de tous les processus de la "
    f"construction (le build, les processus de validation, ses copies « python » qui font "
    f"les données ouvertes et la recherche, Pagefind), "
    f"relevée toutes les {seconds(MEMORY_PERIOD)} s dans /proc (taille proportionnelle, Pss, "
    "pour ne pas compter deux fois les pages partagées). Première recherche : octets transférés "
    f"pour pagefind/ et les scripts {EXPLORER_SCRIPT} et {QUERY_SCRIPT}, de l'ouverture de "
    "innovations/ aux "
    f"résultats de « {QUERY} », le texte (JavaScript, JSON) compressé en gzip comme le fait "
    "GitHub Pages (l'index de Pagefind l'est déjà)."
)
PREVIEW_NOTES = (
    "Aperçu : `python -m generator serve --content <copie du catalogue>` dans un processus "
    "neuf. Première construction : du lancement à la première réponse pour une fiche "
    "(interpréteur et imports compris). Modification : l'`accroche` d'une fiche du milieu du "
    "catalogue reçoit une phrase nouvelle ; temps de l'enregistrement du fichier à la page "
    "`innovations/<id>/` servie qui la contient (interrogée toutes les "
    f"{round(POLL_PERIOD * 1000)} ms sur 127.0.0.1), ce qui comprend la surveillance des "
    "fichiers de MkDocs (relevé toutes les 0,5 s). Avant chaque modification, le serveur "
    "finit son travail de fond (l'index de recherche, refait après chaque construction)."
)


def parse_kinds(text: str) -> list[str]:
    kinds = [part.strip() for part in text.split(",") if part.strip()]
    for kind in kinds:
        if kind not in CATALOGUE_NAMES:
            raise argparse.ArgumentTypeError(
                f"catalogue inconnu : {kind} (au choix : {', '.join(CATALOGUE_NAMES)})"
            )
    return kinds


def parse_sizes_or_none(text: str) -> list[int]:
    return [] if text.strip() in ("", "0") else parse_sizes(text)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(
        description="Mesure la construction du site (validation, modèle, pages, MkDocs, "
        "recherche), son poids, la première recherche et la latence de l'aperçu, sur des "
        "catalogues synthétiques et de taille réelle, et les compare à une construction MkDocs "
        "+ Material de référence."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes_or_none,
        default=[100, 1000, 5000],
        metavar="N,N…",
        help="tailles du catalogue synthétique (par défaut : 100,1000,5000 ; 0 : aucune)",
    )
    parser.add_argument(
        "--real-sizes",
        type=parse_sizes_or_none,
        default=[1000],
        metavar="N,N…",
        help="tailles du catalogue de taille réelle (par défaut : 1000 ; 0 : aucune)",
    )
    parser.add_argument(
        "--preview",
        type=int,
        default=1000,
        metavar="N",
        help="taille des catalogues de la mesure de l'aperçu (par défaut : 1000 ; 0 : pas "
        "de mesure)",
    )
    parser.add_argument(
        "--preview-on",
        type=parse_kinds,
        default=[REAL, SYNTHETIC],
        metavar="CATALOGUES",
        help=f"catalogues de la mesure de l'aperçu (par défaut : {REAL},{SYNTHETIC})",
    )
    parser.add_argument(
        "--preview-as-is",
        action="store_true",
        help="lance `python -m generator serve` tel quel (sans la copie des réglages de MkDocs "
        "à chaque reconstruction, voir child_serve)",
    )
    parser.add_argument(
        "--edits", type=int, default=3, help="modifications mesurées par aperçu (médiane)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="mesures par taille (médiane ; par défaut : 3)"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help="nouvelles tentatives d'une mesure pendant laquelle la machine était chargée "
        "par d'autres processus (par défaut : 2)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        metavar="DOSSIER",
        help="dossier de travail : catalogues (gardés d'une fois sur l'autre), sites construits "
        "(par défaut : benchmarks/out)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="garde les sites construits dans le dossier de travail"
    )
    args = parser.parse_args(argv)
    repeat, retries = max(1, args.repeat), max(0, args.retries)
    if not Path(CHROMIUM).is_file():
        print(
            "erreur : Chromium introuvable (apt-get install chromium) : il mesure la première "
            "recherche.",
            file=sys.stderr,
        )
        return 2
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now().astimezone()
    load = os.getloadavg()
    measures: list[Measure] = []
    previews: list[Preview] = []
    plan = [(SYNTHETIC, size) for size in args.sizes] + [(REAL, size) for size in args.real_sizes]
    try:
        for kind, size in plan:
            measures.append(measure(kind, size, workdir, repeat, retries, args.keep))
        if args.preview > 0:
            for kind in args.preview_on:
                previews.append(
                    measure_preview(
                        kind, args.preview, workdir, max(1, args.edits), args.preview_as_is
                    )
                )
    except RuntimeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    elapsed = dt.datetime.now().astimezone() - started

    chromium = next((m.query.chromium for m in measures if m.query), "?")
    print(
        f"Construction du site à l'échelle — {machine()}, Chromium {chromium} ; "
        f"{started:%Y-%m-%d %H:%M %Z}, {round(elapsed.total_seconds() / 60)} min ; médiane de "
        f"{repeat} mesure{'s' if repeat > 1 else ''}.\n"
    )
    print(table(measures))
    print(f"\n{NOTES}\n")
    for m in measures:
        q = m.query
        totals = [run.total for run in m.build.runs]
        runs = m.build.runs
        print(
            f"- {CATALOGUE_NAMES[m.kind]}, N = {thousands(m.size)} : total de la construction "
            f"entre {seconds(min(totals))} et {seconds(max(totals))} s (processeur : "
            f"{seconds(m.build.median('cpu'))} s ; `build_site` seul "
            f"{seconds(m.build.median('build_site'))} s) ; mémoire : tous processus "
            f"{megabytes(m.build.memory)} Mo, processus de construction "
            f"{megabytes(max(r.memory_self for r in runs))} Mo, les autres au plus "
            f"{descendants(runs)} ; première recherche : "
            f"{q.requests if q else 0} requêtes, {kilobytes(q.raw_bytes if q else 0)} Ko avant "
            f"compression, {q.results if q else 0} résultats affichés, page « innovations/ » "
            f"{kilobytes(q.html if q else 0)} Ko ; cartes {percent(m.maps_share)} du total ; "
            f"CPU pris par d'autres processus : "
            f"{seconds(sum(series.others for series in m.series))} s, "
            f"{sum(series.reruns for series in m.series)} mesure(s) refaite(s)."
        )
    if previews:
        print()
        print(preview_table(previews))
        print(f"\n{PREVIEW_NOTES}")
    timed = [run for m in measures for series in m.series for run in series.runs]
    others = sum(run.others for run in timed)
    print(
        f"\nCharge moyenne au départ : {', '.join(f'{v:.2f}' for v in load).replace('.', ',')}. "
        f"Pendant les {len(timed)} mesures retenues ({seconds(sum(run.wall for run in timed))} s), "
        f"d'autres processus ont pris {seconds(others)} s de processeur"
        + (" (machine partagée : temps écoulés bruités)." if others > 1 else ".")
    )
    print("\nObjectifs :")
    print("\n".join(targets(measures, previews)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
