"""`serve`: preview the site locally; saving a content file rebuilds only what it affects."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import socket
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
    problem = port_problem(args.dev_addr)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    print(f"Prévisualisation sur http://{args.dev_addr}/ (Ctrl+C pour arrêter).", file=sys.stderr)
    try:
        serve(
            str(DEFAULT_CONFIG),
            dev_addr=args.dev_addr,
            livereload=True,
            build_type="dirty",  # only the pages an edit affects are rebuilt (see site/plugin.py)
            strict=False,
            **overrides,
        )
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(_busy(args.dev_addr, exc), file=sys.stderr)
        return 1
    print("Prévisualisation arrêtée. À bientôt !", file=sys.stderr)
    return 0


def _busy(dev_addr: str, exc: OSError) -> str:
    host, _, port = dev_addr.rpartition(":")
    other = f"{host or '127.0.0.1'}:{int(port) + 1}" if port.isdigit() else "127.0.0.1:8001"
    why = (
        "est déjà utilisée (une autre prévisualisation tourne peut-être encore)"
        if exc.errno == errno.EADDRINUSE
        else "n'est pas disponible"
    )
    return (
        f"erreur : l'adresse {dev_addr} {why}.\n"
        f"    conseil : arrêtez l'autre programme (Ctrl+C dans son terminal), ou choisissez "
        f"une autre adresse : python3 dev.py serve --dev-addr {other}"
    )


def port_problem(dev_addr: str) -> str:
    """A French message if the preview cannot listen on `dev_addr` ("IP:PORT"), else ""."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        return (
            f"erreur : adresse « {dev_addr} » invalide.\n"
            "    conseil : écrivez-la IP:PORT, par exemple --dev-addr 127.0.0.1:8001"
        )
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            if os.name != "nt":  # as the server: a port left in TIME_WAIT is free
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), int(port)))
    except OSError as exc:
        return _busy(dev_addr, exc)
    return ""
