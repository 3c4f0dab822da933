"""Build benchmark at scale: `python benchmarks/run.py [--sizes 100,1000,5000] [--repeat 3]`.

For each size N, on the synthetic catalogue of benchmarks/synth.py, measures:

- the whole build (`generator.site.build_site`) in a fresh subprocess: validation, page
  generation (maps included), MkDocs, Pagefind, total wall time (imports included), and the peak
  memory of the build, i.e. the largest resident set of any of its processes (the build itself,
  the validation workers, Pagefind), read from `getrusage` in the build process;
- the built site: bytes on disk, bytes of one innovation page (the first innovation of the
  catalogue, the same at every N), bytes of the explorer page `innovations/` (it lists every
  innovation for readers without JavaScript);
- the bytes a first search downloads: the site is served on 127.0.0.1, `innovations/` opened in
  headless Chromium (Playwright), « formation » typed in the search box; the response bodies of
  every request under `pagefind/` and of the explorer script are summed, from page load to the
  results;
- the share of map drawing: `generate_docs` timed with and without the map hooks (each variant
  in a fresh subprocess), the difference compared with the whole build;
- a baseline measured in the same run: a plain MkDocs + Material build of N hand-written
  Markdown pages with the same text, a navigation that lists only the index page and Material's
  own search plugin (lunr, whose `search_index.json` is downloaded whole by the first query).

Times are medians of --repeat runs, interleaved (build, baseline, generation with maps, without
maps, then again) so that a burst of load from other processes does not hit a single variant. The
CPU time that other processes of the machine took during each timed run is measured
(/proc/stat); a run during which they took more than NOISY_SHARE of a processor is run again (up to
--retries times) and the quietest attempt is kept. Targets are printed with ✅/❌; missing one
does not change the exit status (0 unless a build fails).
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
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCHMARKS))

from synth import ensure_catalogue, generate  # noqa: E402
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

# Targets (issues "Scale" and "Territory maps").
BASELINE_FACTOR, BASELINE_AT = 1.5, 1000
LINEAR_FACTOR, LINEAR_FROM, LINEAR_TO = 5.5, 1000, 5000
MEMORY_LIMIT, MEMORY_AT = 1_000_000_000, 5000
PAGE_DRIFT, PAGE_FROM, PAGE_TO = 0.10, 100, 5000
QUERY_LIMIT, QUERY_AT = 400_000, 5000
VALIDATE_LIMIT, VALIDATE_AT = 2.0, 1000
MAPS_LIMIT, MAPS_AT = 0.10, 1000


# --- Child processes: one timed build each ---------------------------------------------------


def _peak_memory() -> tuple[int, int]:
    """(peak RSS of this process, largest peak RSS of its waited-for descendants), in bytes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return own, children


def _cpu() -> float:
    """CPU seconds of this process and of its waited-for descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child_build(content: Path, site: Path) -> dict[str, Any]:
    """The project's build, as `python -m generator build` runs it."""
    start, cpu = time.perf_counter(), _cpu()
    from generator.site.build import build_site

    result = build_site(content, site)
    total = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"le catalogue {content} n'est pas valide")
    return {
        "timings": result.timings,
        "total": total,
        "cpu": _cpu() - cpu,
        "pages": result.pages,
    }


def child_baseline(folder: Path) -> dict[str, Any]:
    """`mkdocs build` of the baseline folder, with the time spent in the search plugin apart."""
    start, cpu = time.perf_counter(), _cpu()
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent = [0.0]

    def timed(method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t0

        return wrapper

    # Patched on the class before the plugin is instantiated by load_config.
    SearchPlugin.on_page_context = timed(SearchPlugin.on_page_context)
    SearchPlugin.on_post_build = timed(SearchPlugin.on_post_build)
    build(load_config(str(folder / "mkdocs.yml")))
    total = time.perf_counter() - start
    pages = sum(1 for _ in (folder / "docs").rglob("*.md"))
    return {
        "timings": {"mkdocs": total - spent[0], "search": spent[0]},
        "total": total,
        "cpu": _cpu() - cpu,
        "pages": pages,
    }


def child_generate(content: Path, docs: Path, maps: bool) -> dict[str, Any]:
    """Time model + generate_docs (the build's "generate" stage), with or without the maps."""
    import generator.maps.site as maps_site
    import generator.render.pages  # noqa: F401 (imported before timing, in both variants)
    from generator.model import build_catalogue
    from generator.site.build import generate_docs
    from generator.validate import validate_content

    result = validate_content(content)
    if not result.ok:
        raise SystemExit(f"le catalogue {content} n'est pas valide")
    if not maps:
        maps_site.page_hooks = lambda catalogue: {}
        maps_site.write = lambda catalogue, docs_dir: None
    start, cpu = time.perf_counter(), _cpu()
    catalogue = build_catalogue(result.content)
    pages = generate_docs(catalogue, docs, content)
    return {
        "timings": {},
        "total": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "pages": pages,
    }


def child_main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "build":
        out = child_build(Path(rest[0]), Path(rest[1]))
    elif mode == "baseline":
        out = child_baseline(Path(rest[0]))
    elif mode == "generate":
        out = child_generate(Path(rest[0]), Path(rest[1]), rest[2] == "maps")
    else:
        raise SystemExit(f"mode inconnu : {mode}")
    out["memory_self"], out["memory_children"] = _peak_memory()
    print(json.dumps(out))
    return 0


# --- Timed runs, from the parent -------------------------------------------------------------


@dataclass
class Run:
    total: float
    cpu: float  # CPU seconds of the child and its descendants over the same span as total
    timings: dict[str, float]
    pages: int
    memory_self: int
    memory_children: int
    wall: float  # of the whole subprocess, interpreter start included
    others: float  # CPU seconds other processes of the machine took meanwhile

    @property
    def memory(self) -> int:
        """Largest resident set of any process of the build."""
        return max(self.memory_self, self.memory_children)

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
    def memory_sum(self) -> int:
        return max(run.memory_self + run.memory_children for run in self.runs)

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
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        busy1, own1 = machine_busy_seconds(), _cpu_seconds()
        if done.returncode != 0:
            raise RuntimeError(
                f"échec de « {' '.join(args)} » :\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        out = json.loads(done.stdout.strip().splitlines()[-1])
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
                out["memory_children"],
                wall,
                others,
            )
        )
        if not attempts[-1].noisy:
            break
    kept = min(attempts, key=lambda run: run.others / run.wall)
    series.runs.append(kept)
    series.reruns += len(attempts) - 1
    stages = ", ".join(f"{key} {seconds(value)}" for key, value in kept.timings.items())
    print(
        f"    {args[0]} : {seconds(kept.total)} s{f' ({stages})' if stages else ''} ; autres processus "
        f"{seconds(kept.others)} s CPU ; {len(attempts)} essai(s)",
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
    """The text fields of a synthetic innovation, written by hand as plain Markdown."""
    parts = [f"# {doc['nom']}", doc["accroche"]]
    parts.append("Porté par " + " ; ".join(c["nom"] for c in doc["porteurs"]) + ".")
    parts += ["## Le problème", doc["probleme"]]
    parts += ["## Les principes", _items(doc["principes"])]
    parts.append("## Les étapes")
    for step in doc["etapes"]:
        parts += [f"### {step['titre']} ({step['duree']})", step["description"]]
    parts.append("## Moyens et coûts")
    for key, title in (("humains", "humains"), ("financiers", "financiers"), ("outils", "Outils")):
        if key in doc["moyens"]:
            parts.append(f"**{title.capitalize()}** : {doc['moyens'][key]}")
    parts += [
        "## Les partenaires",
        _items([f"**{p['nom']}** : {p['role']}" for p in doc["partenaires"]]),
    ]
    parts += ["## Facteurs clés de succès", _items(doc["facteurs_cles"])]
    parts += ["## Écueils à éviter", _items(doc["ecueils"])]
    parts += ["## Indicateurs de suivi", _items(doc["indicateurs_suivi"])]
    parcours = doc["parcours_ais"]
    parts.append("## Transférabilité")
    for key, value in parcours["transferabilite"].items():
        parts.append(f"**{key.replace('_', ' ')}** ({value['niveau']}) : {value['justification']}")
    parts += [
        "## Le parcours AIS#Emploi",
        _items([f"{s['palier']} : {s['description']}" for s in parcours["paliers"]]),
    ]
    parts.append("## Essaimage")
    for site in doc["essaimage"]:
        lines = [f"- **{site['structure']}** ({site['date_debut']}) : {site['formation']}"]
        lines += [
            f"    - {j['jalon']} : {j['resultat']}"
            for j in site.get("jalons", [])
            if "resultat" in j
        ]
        parts.append("\n".join(lines))
    parts += ["## Chiffres", _items([f"{f['valeur']} {f['libelle']}" for f in doc["chiffres"]])]
    parts += [
        "## Niveau de preuve",
        f"Niveau {doc['niveau_preuve']['niveau']} sur 5.",
        doc["niveau_preuve"]["justification"],
    ]
    parts += [
        "## Sources",
        _items(
            [s["titre"] + (f", {s['editeur']}" if "editeur" in s else "") for s in doc["sources"]]
        ),
    ]
    contact = doc["contact"]
    parts += ["## Contact", f"{contact['structure']}, {contact['email']}, {contact['telephone']}"]
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
        if path.startswith("/pagefind/") or path == "/" + EXPLORER_SCRIPT:
            total += size
            raw_total += raw
            requests += 1
        elif path == "/innovations/":
            html = raw
    return Query(total, raw_total, requests, html, results, version)


# --- One size ----------------------------------------------------------------------------------


@dataclass
class Measure:
    size: int
    build: Series
    baseline: Series
    with_maps: Series
    without_maps: Series
    site_bytes: int = 0
    page_bytes: int = 0
    baseline_site_bytes: int = 0
    baseline_page_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)  # (URL path, bytes) of the heaviest HTML page
    query: Query | None = None
    baseline_query_bytes: int = 0

    @property
    def series(self) -> tuple[Series, ...]:
        return (self.build, self.baseline, self.with_maps, self.without_maps)

    @property
    def maps_share(self) -> float:
        """Share of the build's wall time that drawing the maps adds."""
        drawn = self.with_maps.median("total") - self.without_maps.median("total")
        return drawn / self.build.median("total")

    @property
    def maps_share_cpu(self) -> float:
        """The same in CPU time (less sensitive to the load of the machine)."""
        drawn = self.with_maps.median("cpu") - self.without_maps.median("cpu")
        return drawn / self.build.median("cpu")


def measure(size: int, workdir: Path, repeat: int, retries: int, keep: bool) -> Measure:
    content = workdir / f"catalogue-{size}"
    ensure_catalogue(size, content)
    innovations = generate(size).innovations
    first_id = innovations[0]["id"] if innovations else ""
    baseline_dir = workdir / f"reference-{size}"
    write_baseline(innovations, baseline_dir)
    site = workdir / f"site-{size}"
    docs = workdir / f"docs-{size}"

    def clean(*folders: Path):
        def before() -> None:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            os.sync()  # each run starts with nothing left to write back from the previous one

        return before

    m = Measure(size, Series(), Series(), Series(), Series())
    for index in range(repeat):
        print(f"  N = {thousands(size)}, mesure {index + 1}/{repeat}…", file=sys.stderr, flush=True)
        run_child(["build", str(content), str(site)], retries, m.build, clean(site))
        run_child(
            ["baseline", str(baseline_dir)], retries, m.baseline, clean(baseline_dir / "site")
        )
        for maps, series in (("maps", m.with_maps), ("sans-cartes", m.without_maps)):
            run_child(["generate", str(content), str(docs), maps], retries, series, clean(docs))
    shutil.rmtree(docs, ignore_errors=True)

    m.site_bytes = folder_bytes(site)
    page = site / "innovations" / first_id / "index.html"
    m.page_bytes = page.stat().st_size if page.is_file() else 0
    m.largest_page = largest_page(site)
    m.query = first_query(site)
    baseline_site = baseline_dir / "site"
    m.baseline_site_bytes = folder_bytes(baseline_site)
    page = baseline_site / "innovations" / first_id / "index.html"
    m.baseline_page_bytes = page.stat().st_size if page.is_file() else 0
    index = (baseline_site / "search" / "search_index.json").read_bytes()
    m.baseline_query_bytes = len(gzip.compress(index, compresslevel=6, mtime=0))  # as sent
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(baseline_dir, ignore_errors=True)
    return m


# --- Report ------------------------------------------------------------------------------------


def megabytes(value: int) -> str:
    return f"{value / 1e6:.1f}".replace(".", ",")


def kilobytes(value: int) -> str:
    return thousands(round(value / 1e3))


def percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


HEADER = (
    "| Fiches | Construction | Pages | Validation (s) | Génération des pages (s) | MkDocs (s) "
    "| Recherche (s) | Total (s) | Mémoire de pointe (Mo) | Taille du site (Mo) "
    "| Une fiche (octets) | Première recherche (Ko) | Page « innovations/ » (Ko) "
    "| Cartes (% du total) |"
)


def table(measures: list[Measure]) -> str:
    lines = [HEADER, "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for m in measures:
        b, q = m.build, m.query
        lines.append(
            f"| {thousands(m.size)} | catalogue | {thousands(b.pages)} "
            f"| {seconds(b.median('validate'))} | {seconds(b.median('generate'))} "
            f"| {seconds(b.median('mkdocs'))} | {seconds(b.median('search'))} "
            f"| {seconds(b.median('total'))} | {megabytes(b.memory)} | {megabytes(m.site_bytes)} "
            f"| {thousands(m.page_bytes)} | {kilobytes(q.bytes if q else 0)} "
            f"| {kilobytes(q.html if q else 0)} | {percent(m.maps_share)} |"
        )
        r = m.baseline
        lines.append(
            f"| {thousands(m.size)} | référence MkDocs + Material (lunr) | {thousands(r.pages)} "
            f"| — | — | {seconds(r.median('mkdocs'))} | {seconds(r.median('search'))} "
            f"| {seconds(r.median('total'))} | {megabytes(r.memory)} "
            f"| {megabytes(m.baseline_site_bytes)} | {thousands(m.baseline_page_bytes)} "
            f"| {kilobytes(m.baseline_query_bytes)} | — | — |"
        )
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "➖ non mesuré" if ok is None else ("✅" if ok else "❌")


def targets(measures: list[Measure]) -> list[str]:
    at = {m.size: m for m in measures}
    lines = []

    def add(ok: bool | None, text: str, detail: str = "") -> None:
        lines.append(f"- {verdict(ok)} {text}" + (f" — {detail}" if ok is not None else ""))

    m = at.get(BASELINE_AT)
    if m:
        ours, ref = m.build.median("total"), m.baseline.median("total")
        add(
            ours <= BASELINE_FACTOR * ref,
            f"construction de {thousands(BASELINE_AT)} fiches ≤ {seconds(BASELINE_FACTOR)} × la "
            "référence",
            f"{seconds(ours)} s contre {seconds(ref)} s, soit {seconds(ours / ref)} ×",
        )
    else:
        add(None, f"construction de {thousands(BASELINE_AT)} fiches ≤ 1,5 × la référence")
    small, large = at.get(LINEAR_FROM), at.get(LINEAR_TO)
    text = (
        f"{thousands(LINEAR_TO)} fiches ≤ {seconds(LINEAR_FACTOR)} × le temps de "
        f"{thousands(LINEAR_FROM)} (linéaire)"
    )
    if small and large:
        a, b = small.build.median("total"), large.build.median("total")
        add(
            b <= LINEAR_FACTOR * a,
            text,
            f"{seconds(b)} s contre {seconds(a)} s, soit {seconds(b / a)} ×",
        )
    else:
        add(None, text)
    m = at.get(MEMORY_AT)
    text = (
        f"mémoire de pointe < {thousands(MEMORY_LIMIT // 10**6)} Mo à {thousands(MEMORY_AT)} fiches"
    )
    if m:
        add(m.build.memory < MEMORY_LIMIT, text, f"{megabytes(m.build.memory)} Mo")
    else:
        add(None, text)
    small, large = at.get(PAGE_FROM), at.get(PAGE_TO)
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
    m = at.get(QUERY_AT)
    text = f"première recherche < {kilobytes(QUERY_LIMIT)} Ko à {thousands(QUERY_AT)} fiches"
    if m and m.query:
        add(m.query.bytes < QUERY_LIMIT, text, f"{kilobytes(m.query.bytes)} Ko")
    else:
        add(None, text)
    m = at.get(VALIDATE_AT)
    text = f"validation de {thousands(VALIDATE_AT)} fiches < {seconds(VALIDATE_LIMIT)} s"
    if m:
        value = m.build.median("validate")
        add(value < VALIDATE_LIMIT, text, f"{seconds(value)} s (étape de la construction)")
    else:
        add(None, text)
    m = at.get(MAPS_AT)
    text = f"cartes < {percent(MAPS_LIMIT)} de la construction à {thousands(MAPS_AT)} fiches"
    if m:
        add(
            m.maps_share < MAPS_LIMIT,
            text,
            f"{percent(m.maps_share)} (génération {seconds(m.with_maps.median('total'))} s avec, "
            f"{seconds(m.without_maps.median('total'))} s sans ; en temps processeur "
            f"{percent(m.maps_share_cpu)})",
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(
        description="Mesure la construction du site (validation, pages, MkDocs, Pagefind), son "
        "poids et celui de la première recherche, sur des catalogues synthétiques, et les "
        "compare à une construction MkDocs + Material de référence."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[100, 1000, 5000],
        metavar="N,N…",
        help="nombres de fiches innovation (par défaut : 100,1000,5000)",
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
    try:
        for size in args.sizes:
            measures.append(measure(size, workdir, repeat, retries, args.keep))
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
    print(
        "\nTemps en secondes, chacun dans un processus neuf. Total : de l'appel à la fin, imports "
        "compris (interpréteur exclu). Recherche : durée de Pagefind, lancé après MkDocs sur "
        "les fiches, une fois par paquet de 1 500 fiches au plus (generator/site/search.py). "
        "Référence : `mkdocs build` avec Material de N pages Markdown "
        "écrites à la main avec le même texte, navigation réduite à l'accueil, recherche de Material "
        "(lunr : son temps est celui du greffon search, sa « première recherche » est "
        "search_index.json, téléchargé en entier et compressé). Mémoire de pointe : le plus grand ensemble "
        "résident de tous les processus de la construction (le build, les processus de validation, "
        "Pagefind). Première recherche : octets transférés pour pagefind/ et le script "
        f"{EXPLORER_SCRIPT}, de l'ouverture de innovations/ aux résultats de « {QUERY} », le "
        "texte (JavaScript, JSON) compressé en gzip comme le fait GitHub Pages (l'index de "
        "Pagefind l'est déjà). Cartes : "
        "différence de la génération des pages avec et sans les cartes, rapportée au total."
    )
    print()
    for m in measures:
        q = m.query
        totals = [run.total for run in m.build.runs]
        print(
            f"- N = {thousands(m.size)} : total de la construction entre {seconds(min(totals))} et "
            f"{seconds(max(totals))} s (processeur : {seconds(m.build.median('cpu'))} s) ; "
            f"génération {seconds(m.with_maps.median('total'))} s avec cartes, "
            f"{seconds(m.without_maps.median('total'))} s sans (processeur "
            f"{seconds(m.with_maps.median('cpu'))} et {seconds(m.without_maps.median('cpu'))} s : "
            f"cartes {percent(m.maps_share_cpu)} du temps processeur de la construction) ; "
            "mémoire du build "
            f"{megabytes(max(r.memory_self for r in m.build.runs))} Mo, de son plus gros "
            f"sous-processus {megabytes(max(r.memory_children for r in m.build.runs))} Mo (somme "
            f"{megabytes(m.build.memory_sum)} Mo) ; première recherche : "
            f"{q.requests if q else 0} requêtes, {kilobytes(q.raw_bytes if q else 0)} Ko avant "
            f"compression, {q.results if q else 0} résultats affichés ; "
            f"plus grosse page : {m.largest_page[0] or '/'} ({kilobytes(m.largest_page[1])} Ko) ; "
            f"référence {seconds(m.build.median('total') / m.baseline.median('total'))} × plus "
            f"rapide ; CPU pris par d'autres processus : "
            f"{seconds(sum(series.others for series in m.series))} s, "
            f"{sum(series.reruns for series in m.series)} mesure(s) refaite(s)."
        )
    timed = [run for m in measures for series in m.series for run in series.runs]
    others = sum(run.others for run in timed)
    print(
        f"\nCharge moyenne au départ : {', '.join(f'{v:.2f}' for v in load).replace('.', ',')}. "
        f"Pendant les {len(timed)} mesures retenues ({seconds(sum(run.wall for run in timed))} s), "
        f"d'autres processus ont pris {seconds(others)} s de processeur"
        + (" (machine partagée : temps écoulés bruités)." if others > 1 else ".")
    )
    print("\nObjectifs :")
    print("\n".join(targets(measures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
