"""Lighthouse on the built site: `python benchmarks/lighthouse.py [--site DIR] [--content DIR]`.

Builds the catalogue (content/ by default, with its search index) unless --site gives a built
site, serves it on 127.0.0.1 with text compressed as GitHub Pages sends it (benchmarks/run.py's
server), and runs npm's `lighthouse` (package.json, `npm ci`) with Debian's Chromium
(CHROME_PATH, /usr/bin/chromium by default), headless, with its default mobile settings
(emulated phone, simulated slow 4G and CPU), on the home page, the explorer, a sheet (the first
innovation by name), the map and the figures page. Prints a Markdown table: accessibility and
performance scores, cumulative layout shift, largest contentful paint, total blocking time;
then, for each page, the audits that failed. Targets (issue 16): accessibility 100 and
performance ≥ 90 on each page. Not a test: missing a target does not change the exit status
(0 unless Lighthouse cannot run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from run import serve  # noqa: E402 (benchmarks/run.py: the compressing local server)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage"
TARGET_ACCESSIBILITY = 100
TARGET_PERFORMANCE = 90


@dataclass
class Result:
    name: str
    path: str
    accessibility: float
    performance: float
    cls: float
    lcp_ms: float
    tbt_ms: float
    failed: list[str]

    @property
    def ok(self) -> bool:
        return self.accessibility >= TARGET_ACCESSIBILITY and self.performance >= TARGET_PERFORMANCE


def pages(site: Path) -> list[tuple[str, str]]:
    """(name, path) of the audited pages; the sheet is the first innovation by folder name."""
    sheets = sorted(p.parent.name for p in site.glob("innovations/*/index.html"))
    if not sheets:
        raise SystemExit("aucune fiche dans le site construit")
    return [
        ("Accueil", ""),
        ("Explorateur", "innovations/"),
        ("Fiche", f"innovations/{sheets[0]}/"),
        ("Carte", "carte/"),
        ("Chiffres", "chiffres/"),
    ]


def audit(url: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=accessibility,performance",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"Lighthouse a échoué sur {url} :\n{done.stderr.strip()[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(name: str, path: str, report: dict) -> Result:
    categories, audits = report["categories"], report["audits"]
    failed = []
    for category in categories.values():
        for ref in category["auditRefs"]:
            a = audits[ref["id"]]
            if ref.get("weight", 0) and a.get("score") is not None and a["score"] < 0.9:
                failed.append(
                    f"{a['id']} ({a['score']:.2f}) : {a.get('displayValue') or a['title']}"
                )
    return Result(
        name,
        path,
        round(categories["accessibility"]["score"] * 100),
        round(categories["performance"]["score"] * 100),
        audits["cumulative-layout-shift"]["numericValue"],
        audits["largest-contentful-paint"]["numericValue"],
        audits["total-blocking-time"]["numericValue"],
        failed,
    )


def table(results: list[Result]) -> str:
    lines = [
        "| Page | Adresse | Accessibilité | Performance | CLS | LCP (s) | TBT (ms) | Cible |",
        "|:---|:---|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | `/{r.path}` | {r.accessibility:.0f} | {r.performance:.0f} "
            f"| {r.cls:.3f} | {r.lcp_ms / 1000:.1f} | {r.tbt_ms:.0f} | {'✅' if r.ok else '❌'} |"
        )
    return "\n".join(lines).replace(".", ",").replace("`/,", "`/.")


def build(content: Path, workdir: Path) -> Path:
    from generator.site.build import build_site

    site = workdir / "site"
    result = build_site(content, site, search=True)
    if not result.ok:
        raise SystemExit("la construction a échoué : lancez python -m generator check")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : construit)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--only", help="noms des pages à auditer, séparés par des virgules")
    parser.add_argument("--reports", type=Path, help="dossier où garder les rapports JSON")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse manque : lancez npm ci à la racine du dépôt")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site = args.site or build(args.content, Path(tmp))
        results = []
        with serve(site) as (base, _sent):
            wanted = {n.strip().casefold() for n in args.only.split(",")} if args.only else None
            for name, path in pages(site):
                if wanted and name.casefold() not in wanted:
                    continue
                folder = args.reports or Path(tmp)
                folder.mkdir(parents=True, exist_ok=True)
                report = audit(base + path, folder / f"{name.casefold()}.json")
                results.append(summarise(name, path, report))
                print(
                    f"{name} : {results[-1].performance:.0f} / {results[-1].accessibility:.0f}",
                    file=sys.stderr,
                )
        version = report.get("lighthouseVersion", "?")
        browser = report.get("environment", {}).get("hostUserAgent", "?")
    print(table(results))
    print()
    print(f"Lighthouse {version}, réglages par défaut (mobile) ; navigateur : {browser}.")
    for r in results:
        if r.failed:
            print(f"- {r.name} : " + " ; ".join(r.failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
