"""`serve`: preview the site locally, rebuilt and reloaded when a file under content/ changes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..site import DEFAULT_CONFIG

HOOKS = [
    str(Path(__file__).parent.parent / name) for name in ("mkdocs_hooks.py", "serve_hooks.py")
]  # replaces mkdocs.yml's list: keep its hook first


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="prévisualise le site, rechargé à chaque modification",
        description="Construit le site et le sert sur http://127.0.0.1:8000/ ; "
        "chaque modification d'un fichier de content/ reconstruit le site et "
        "recharge la page.",
    )
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier de contenu (par défaut : content)",
    )
    parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="adresse d'écoute (par défaut : 127.0.0.1:8000)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    content = Path(args.content).resolve()
    if not content.is_dir():
        print(f"erreur : le dossier de contenu « {args.content} » n'existe pas", file=sys.stderr)
        return 2
    docs = (Path("build") / "preview-docs").resolve()
    docs.mkdir(parents=True, exist_ok=True)
    # As given, so that problems are printed as content/innovations/x.yml:12:5
    os.environ["CATALOGUE_CONTENT_DIR"] = args.content
    print(f"Prévisualisation sur http://{args.dev_addr}/ (Ctrl+C pour arrêter).", file=sys.stderr)
    serve(
        str(DEFAULT_CONFIG),
        docs_dir=str(docs),
        hooks=HOOKS,
        watch=[str(content)],
        dev_addr=args.dev_addr,
        livereload=True,
        strict=False,
    )
    return 0
