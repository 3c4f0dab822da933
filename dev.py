#!/usr/bin/env python3
"""Set-up and everyday commands, with only Python >= 3.11 and git installed.

    python3 dev.py serve   build the site from content/ and preview it with live reload
    python3 dev.py test    lint, validate the shipped content, run every test
    python3 dev.py build   build the site into site/
    python3 dev.py validate | new …   any other command of `python -m generator`

Each command creates (or reuses) the virtual environment .venv and installs the project into it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py runs before the venv exists)
        sys.exit("Python 3.11 ou plus récent est nécessaire (python3 --version).")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not PYTHON.exists():
        say("Création de l'environnement virtuel .venv")
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installation des dépendances (une seule fois, ou après un changement de pyproject.toml)")
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[test]"])
    STAMP.write_text(wanted)


def run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(done.returncode)


def main() -> None:
    verb = sys.argv[1] if len(sys.argv) > 1 else ""
    rest = sys.argv[2:]
    if not verb or verb.startswith("-"):
        sys.exit(__doc__)
    ensure_venv()
    if verb != "test":
        run([str(PYTHON), "-m", "generator", verb, *rest])
    else:
        say("Style du code (ruff)")
        run([str(BIN / "ruff"), "check", "."])
        run([str(BIN / "ruff"), "format", "--check", "."])
        say("Validation du contenu livré")
        run([str(PYTHON), "-m", "generator", "validate"])
        say("Tests")
        run([str(PYTHON), "-m", "pytest", *rest])


if __name__ == "__main__":
    main()
