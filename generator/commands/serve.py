"""`serve`: preview the site locally; saving a content file rebuilds only what it affects."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

DEFAULT_CONTENT = "content"


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="prévisualise le site, rechargé à chaque modification",
        description="Construit le site et le sert sur http://127.0.0.1:8000/ ; "
        "chaque modification d'un fichier de content/ reconstruit les pages concernées et "
        "recharge la page.",
    )
    parser.add_argument(
        "--content",
        default=DEFAULT_CONTENT,
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


class _DirtyNotice(logging.Filter):
    """MkDocs warns in English at each dirty build; the preview's dirty builds are deliberate."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    from ..site.build import DEFAULT_CONFIG, PLUGIN

    content = Path(args.content).resolve()
    if not content.is_dir():
        print(f"erreur : le dossier de contenu « {args.content} » n'existe pas", file=sys.stderr)
        return 2
    # The preview's own address: pages served at the root, and its canonical links, sitemap and
    # schemas' $id name the preview, never the published site.
    overrides: dict[str, object] = {"site_url": f"http://{args.dev_addr}/"}
    if args.content != DEFAULT_CONTENT:
        overrides["plugins"] = {
            PLUGIN: {"content": str(content)}
        }  # a dict: MkDocs reads it again at each rebuild
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    print(f"Prévisualisation sur http://{args.dev_addr}/ (Ctrl+C pour arrêter).", file=sys.stderr)
    serve(
        str(DEFAULT_CONFIG),
        dev_addr=args.dev_addr,
        livereload=True,
        build_type="dirty",  # only the pages an edit affects are rebuilt (see site/plugin.py)
        strict=False,
        **overrides,
    )
    return 0
