"""`new`: write the commented template of a new innovation or territory.

Exit codes: 0 when the file is written; 1 when the identifier is already taken (the file is
never overwritten); 2 on a usage problem (invalid identifier, unknown kind, missing folder).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from ..contribute.scaffold import FOLDERS, ScaffoldError, create

EPILOG = """\
exemples :
  python -m generator new innovation mon-innovation
  python -m generator new territoire ma-commune

codes de sortie : 0 si la fiche est créée ; 1 si l'identifiant est déjà pris (le fichier
existant n'est jamais remplacé) ; 2 si la commande est mal appelée (identifiant invalide,
dossier introuvable)."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="crée la fiche d'une nouvelle innovation ou d'un nouveau territoire",
        description="Crée content/innovations/<id>.yml ou content/territories/<id>.yml : un "
        "modèle commenté où chaque champ est expliqué. Les champs obligatoires sont vides, "
        "les champs facultatifs en commentaire ; « validate » liste ensuite ce qui reste à "
        "remplir.",
        epilog=EPILOG,
    )
    parser.add_argument(
        "kind",
        choices=sorted(FOLDERS),
        metavar="TYPE",
        help="innovation ou territoire",
    )
    parser.add_argument(
        "ident",
        metavar="IDENTIFIANT",
        help="l'identifiant de la fiche, qui sera aussi le nom du fichier : minuscules sans "
        "accents, chiffres et tirets (par exemple vita-air)",
    )
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier de contenu (par défaut : content)",
    )
    parser.set_defaults(run=run)


def python_command() -> str:
    """How to call this Python again: `python` when it is the one on the PATH (an activated
    environment), else its path, relative when under the working folder (`.venv/bin/python`)."""
    on_path = shutil.which("python")
    if on_path and os.path.realpath(on_path) == os.path.realpath(sys.executable):
        return "python"
    executable = Path(sys.executable)
    try:
        return executable.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return executable.as_posix()


def run(args: argparse.Namespace) -> int:
    try:
        created = create(Path(args.content), args.kind, args.ident)
    except ScaffoldError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2 if exc.usage else 1
    shown = created.path.as_posix()
    validate = f"{python_command()} -m generator validate"
    if args.content != "content":
        validate += f" {args.content}"
    print(f"Fiche créée : {shown}")
    print(
        "Ensuite :\n"
        f"  1. Ouvrez {shown} : les lignes « ## » expliquent chaque champ.\n"
        "  2. Remplissez les champs obligatoires (laissés vides) et, si vous le souhaitez,\n"
        "     les champs facultatifs (en commentaire : retirez « # » au début de leurs lignes).\n"
        f"  3. Vérifiez : {validate}\n"
        "     La liste des problèmes dit ce qui reste à remplir, ligne par ligne."
    )
    return 0
