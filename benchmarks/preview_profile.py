"""Where one preview rebuild spends its time: `python benchmarks/preview_profile.py DOSSIER`.

Does in one process what `python -m generator serve --content DOSSIER` does (MkDocs' serve
command: configuration reloaded before each build, dirty builds, the catalogue plugin kept from
one build to the next), without the HTTP server and the file watcher: a first build, then the
`accroche` of one sheet is changed and the rebuild is timed stage by stage (validation, model,
pages rendered by `SitePage.body()`, MkDocs' own work) and profiled with pyinstrument
(`pip install pyinstrument`). The content folder is copied first; the copy is removed at the end.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _timed, with_accroche  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, metavar="DOSSIER", help="catalogue à servir")
    parser.add_argument(
        "--sheet", help="identifiant de la fiche modifiée (par défaut : celle du milieu)"
    )
    parser.add_argument("--rebuilds", type=int, default=3, help="reconstructions chronométrées")
    parser.add_argument("--html", type=Path, help="écrit aussi le profil en HTML dans ce fichier")
    parser.add_argument(
        "--all", action="store_true", help="montre aussi les appels internes des bibliothèques"
    )
    args = parser.parse_args(argv)

    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from pyinstrument import Profiler

    from generator.site.build import DEFAULT_CONFIG, PLUGIN
    from generator.site.render.pages import SitePage

    work = Path(tempfile.mkdtemp(prefix="apercu-profil-"))
    try:
        content = work / "content"
        shutil.copytree(args.content, content)
        sheets = sorted((content / "innovations").glob("*.yml"))
        sheet = (
            content / "innovations" / f"{args.sheet}.yml"
            if args.sheet
            else sheets[len(sheets) // 2]
        )
        original = sheet.read_text(encoding="utf-8")
        accroche = " ".join(str(yaml.safe_load(original)["accroche"]).split())
        site_dir = work / "site"
        overrides = {"plugins": [{PLUGIN: {"content": str(content)}}], "strict": False}
        serve_url = "http://127.0.0.1:8000/"

        def get_config():
            config = load_config(
                str(DEFAULT_CONFIG), site_dir=str(site_dir), **copy.deepcopy(overrides)
            )
            config.site_url = serve_url
            return config

        spent: dict[str, float] = {}
        calls = {"pages": 0}
        body = SitePage.body
        edited = f"innovations/{sheet.stem}.md"
        ready: dict[str, float] = {}

        def counted(self):
            calls["pages"] += 1
            made = body(self)
            if self.path == edited:
                ready["sheet"] = time.perf_counter()
            return made

        SitePage.body = _timed(spent, "pages", counted)

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)
        plugin = config.plugins[PLUGIN]
        start = time.perf_counter()
        build(config, serve_url=serve_url, dirty=True)
        first = time.perf_counter() - start
        print(
            f"première construction : {first:.2f} s ({calls['pages']} pages rendues)",
            file=sys.stderr,
        )
        rows = []
        profiler = Profiler(interval=0.001)
        for index in range(max(1, args.rebuilds)):
            if plugin._search is not None:
                plugin._search.result()  # the background search of the previous build
            text = with_accroche(original, f"{accroche} Repère {index + 1}.")
            sheet.write_text(text, encoding="utf-8")
            spent.clear()
            ready.clear()
            calls["pages"] = 0
            start = time.perf_counter()
            if index == 0:
                profiler.start()
            config = get_config()
            loaded = time.perf_counter() - start
            same = config.plugins[PLUGIN] is plugin
            build(config, serve_url=serve_url, dirty=True)
            if index == 0:
                profiler.stop()
            total = time.perf_counter() - start
            timings = plugin.report.timings
            rows.append(
                {
                    "total": round(total, 3),
                    "config": round(loaded, 3),
                    "validate": round(timings.get("validate", 0.0), 3),
                    "model": round(timings.get("model", 0.0), 3),
                    "pages": round(spent.get("pages", 0.0), 3),
                    "pages_rendered": calls["pages"],
                    "sheet_ready": round(ready.get("sheet", start) - start, 3),
                    "mkdocs_rest": round(
                        total
                        - loaded
                        - timings.get("validate", 0.0)
                        - timings.get("model", 0.0)
                        - spent.get("pages", 0.0),
                        3,
                    ),
                    "plugin_kept": same,
                }
            )
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
        config.plugins.on_shutdown()
        print(profiler.output_text(unicode=True, color=False, show_all=args.all))
        if args.html:
            args.html.write_text(profiler.output_html(), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
