"""`build`: validate, generate the pages, build the site with MkDocs and index it for search."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import format_text, summary_fr


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="construit le site à partir du contenu",
        description="Valide le contenu, génère les pages, construit le site "
        "(MkDocs, mode strict) et l'index de recherche. Si le contenu a des "
        "erreurs, rien n'est écrit et le site existant reste en place.",
    )
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier de contenu (par défaut : content)",
    )
    parser.add_argument(
        "--site-dir",
        default="site",
        metavar="DOSSIER",
        help="dossier du site construit (par défaut : site)",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="adresse publique du site, par exemple https://exemple.github.io/depot/",
    )
    parser.add_argument(
        "--config",
        default=None,
        metavar="FICHIER",
        help="configuration MkDocs (par défaut : mkdocs.yml du projet)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..check.validate import ContentDirError
    from ..site.build import BuildError, build_site  # imported here: MkDocs is slow to import

    kwargs = {"site_url": args.site_url}
    if args.config:
        kwargs["config_file"] = Path(args.config)
    try:
        result = build_site(Path(args.content), Path(args.site_dir), **kwargs)
    except ContentDirError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    if not result.ok:
        print(summary_fr(result.diagnostics), file=sys.stderr)
        print("Le site n'a pas été construit : corrigez les erreurs ci-dessus.", file=sys.stderr)
        return 1
    print(f"Site construit dans {args.site_dir}/ : {result.pages} pages.", file=sys.stderr)
    return 0
