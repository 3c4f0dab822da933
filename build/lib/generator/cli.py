"""Command line: `python -m generator <verb>`; messages in French, exit codes 0, 1 or 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .commands import build, new, serve, validate

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_ARGPARSE_FR = [
    ("the following arguments are required", "arguments obligatoires manquants"),
    ("invalid choice", "choix invalide"),
    ("unrecognized arguments", "arguments non reconnus"),
    ("expected one argument", "une valeur est attendue"),
    ("choose from", "choisir parmi"),
    ("argument", "argument"),
]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        if prefix is None:
            prefix = "utilisation : "
        return super().add_usage(usage, actions, groups, prefix=prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse with French framing; usage errors exit with status 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, french in _ARGPARSE_FR:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {message}\n")


def make_parser() -> FrenchParser:
    parser = FrenchParser(
        prog="python -m generator",
        description="Catalogue des innovations pour l'emploi : valider le contenu, construire "
        "et prévisualiser le site.",
    )
    sub = parser.add_subparsers(
        dest="command", title="commandes", metavar="COMMANDE", parser_class=FrenchParser
    )
    for module in (validate, build, serve, new):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
