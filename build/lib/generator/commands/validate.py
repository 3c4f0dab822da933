"""`validate`: check the content and print every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check.validate import ContentDirError, validate_content
from ..diagnostics import format_github, format_json, format_text, summary_fr

FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="vérifie le contenu et liste tous les problèmes",
        description="Vérifie chaque fichier de content/ (modèle, références, "
        "dates, codes…) et liste tous les problèmes trouvés.",
    )
    parser.add_argument(
        "content_dir",
        nargs="?",
        default="content",
        metavar="DOSSIER",
        help="dossier de contenu (par défaut : content)",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (lisible), json (pour un programme) ou github (annotations de pull request)",
    )
    parser.add_argument(
        "--changed",
        metavar="REVISION",
        help="ne signale que les problèmes des fichiers modifiés depuis cette "
        "révision git, et de ceux qui les citent",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = validate_content(Path(args.content_dir))
    except ContentDirError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    diagnostics = result.diagnostics
    if args.changed:
        from ..check.changed import ChangedError, restrict_to_changed

        try:
            diagnostics = restrict_to_changed(
                diagnostics, result, Path(args.content_dir), args.changed
            )
        except ChangedError as exc:
            print(f"erreur : {exc}", file=sys.stderr)
            return 2
    output = FORMATTERS[args.format](diagnostics)
    if output:
        print(output)
    if args.format == "text":
        print(summary_fr(diagnostics), file=sys.stderr)
    return 1 if any(d.is_error for d in diagnostics) else 0
