#!/usr/bin/env python3
"""Check that the web addresses cited in the content still answer (run weekly by liens.yml).

    python tools/check_links.py [DOSSIER] [--format text|github] [--summary FICHIER]

Every `http(s)://` address found in a content file (source `url`, `site_web`, links inside
texts) is requested once. Exit code 1 if an address is gone (404, 410, unknown host), else 0;
other failures (timeouts, 403 from bot protection, server errors) are reported as warnings,
since they are often temporary. Never run by the tests: they do not depend on the network.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.load.loader import load_file  # noqa: E402

URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
TIMEOUT = 20
WORKERS = 8
GONE = {404, 410}
USER_AGENT = "Mozilla/5.0 (compatible; catalogue-innovations-emploi link check)"


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Outcome:
    url: str
    broken: bool  # gone for good: an error
    problem: str  # empty when the address answers


def _strings(node: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))


def find_urls(content_dir: Path) -> dict[str, list[Place]]:
    """{address: every place it appears}, from every YAML file under content_dir."""
    found: dict[str, list[Place]] = defaultdict(list)
    for path in sorted(content_dir.rglob("*.y*ml")):
        doc, _ = load_file(path, path.as_posix())
        if doc is None:
            continue
        for json_path, text in _strings(doc.data, ()):
            for match in URL.finditer(text):
                url = match.group(0).rstrip(".,;:!?»")
                line, column = doc.where(json_path)
                found[url].append(Place(doc.path, line, column))
    return dict(found)


def check(url: str) -> Outcome:
    """HEAD, then GET for servers that refuse HEAD."""
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT):
                return Outcome(url, False, "")
        except urllib.error.HTTPError as exc:
            if exc.code in GONE and method == "GET":
                return Outcome(url, True, f"la page n'existe plus (HTTP {exc.code})")
            last = f"HTTP {exc.code}"
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, socket.gaierror):
                return Outcome(url, True, "le nom de domaine n'existe pas (ou plus)")
            last = str(exc.reason)
        except (TimeoutError, OSError, ValueError) as exc:
            last = str(exc) or type(exc).__name__
    return Outcome(url, False, f"ne répond pas normalement ({last})")


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie les liens cités dans le contenu.")
    parser.add_argument("content_dir", nargs="?", default="content", metavar="DOSSIER")
    parser.add_argument("--format", choices=["text", "github"], default="text")
    parser.add_argument("--summary", metavar="FICHIER", help="résumé Markdown à compléter")
    args = parser.parse_args(argv)
    content = Path(args.content_dir)
    if not content.is_dir():
        print(f"erreur : le dossier « {content} » n'existe pas", file=sys.stderr)
        return 2
    urls = find_urls(content)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(check, sorted(urls)))
    problems = [o for o in outcomes if o.problem]
    for outcome in problems:
        for place in urls[outcome.url]:
            if args.format == "github":
                kind = "error" if outcome.broken else "warning"
                print(
                    f"::{kind} file={place.file},line={place.line},col={place.column}"
                    f"::{_escape(f'{outcome.url} : {outcome.problem}')}"
                )
            else:
                kind = "erreur" if outcome.broken else "avertissement"
                print(
                    f"{place.file}:{place.line}:{place.column}: {kind}: {outcome.url} : "
                    f"{outcome.problem}"
                )
    broken = sum(1 for o in problems if o.broken)
    summary = (
        f"{len(urls)} adresses vérifiées : {broken} introuvable(s), "
        f"{len(problems) - broken} à revoir."
    )
    print(summary, file=sys.stderr)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as out:
            out.write(f"## Liens du contenu\n\n{summary}\n\n")
            for outcome in problems:
                where = ", ".join(f"`{p.file}:{p.line}`" for p in urls[outcome.url])
                out.write(f"- {outcome.url} — {outcome.problem} ({where})\n")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
