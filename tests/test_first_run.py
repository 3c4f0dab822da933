"""A newcomer's first run: French help, a quiet Ctrl+C, a clear message for a busy port, no
warning at install or on the shipped content, and `dev.py test` saying what it needs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from generator.check.validate import validate_content
from generator.model import build_catalogue

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid"
PYTHON = sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _english_or_traceback(text: str) -> list[str]:
    return [w for w in ("Traceback", "Error:", "usage:", "Shutting down") if w in text]


def test_dev_py_without_a_command_prints_french_help() -> None:
    done = subprocess.run([PYTHON, "dev.py"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "utilisation : python3 dev.py COMMANDE" in done.stdout
    assert "serve" in done.stdout and "Chromium" in done.stdout
    assert not _english_or_traceback(done.stdout + done.stderr)


def test_serve_on_a_busy_port_says_so_in_french_and_suggests_another(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [PYTHON, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"l'adresse 127.0.0.1:{port} est déjà utilisée" in done.stderr
    assert f"--dev-addr 127.0.0.1:{port + 1}" in done.stderr
    assert not _english_or_traceback(done.stderr)


def test_ctrl_c_ends_the_preview_quietly() -> None:
    """As a terminal does: SIGINT to dev.py and the preview it started (one process group)."""
    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, "dev.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("la prévisualisation n'a pas démarré")
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert not _english_or_traceback(err), err
    assert "Prévisualisation arrêtée. À bientôt !" in err


def test_the_licence_is_an_spdx_string_for_a_warning_free_install() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    requires = project["build-system"]["requires"]
    assert any(r.replace(" ", "").startswith("setuptools>=77") for r in requires)


def test_dev_py_test_says_what_it_lacks_and_how_to_get_it(tmp_path: Path) -> None:
    """Without Chromium, npm or the npm tools: French instructions for each system."""
    sys.path.insert(0, str(ROOT))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT))
    nothing = dev.missing_tools(which=lambda name: None, root=tmp_path, install=False)
    text = "\n".join(nothing)
    if not Path("/usr/bin/chromium").exists():
        for words in ("apt-get install chromium", "brew install --cask chromium", "winget"):
            assert words in text, words
    for words in ("npm", "Debian, Ubuntu", "macOS", "Windows", "npm ci", "default-jre-headless"):
        assert words in text, words
    everything = dev.missing_tools(which=lambda name: f"/usr/bin/{name}", root=ROOT, install=False)
    assert everything == []


def test_dev_py_test_installs_the_npm_tools_when_npm_is_there(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT))
    calls: list[list[str]] = []
    original = dev.run
    dev.run = calls.append
    try:
        dev.missing_tools(which=lambda name: f"/usr/bin/{name}", root=tmp_path)
    finally:
        dev.run = original
    assert calls == [["/usr/bin/npm", "ci", "--no-audit", "--no-fund"]]


def test_a_figure_may_say_its_date_is_unknown(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    sheet = content / "territories" / "parthenay.yml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace('    date: "2024-01"\n', "    date_inconnue: true\n"), "utf-8")
    result = validate_content(content)
    assert result.ok and not result.diagnostics, [str(d) for d in result.diagnostics]
    figure = build_catalogue(result.content).territories["parthenay"].chiffres[0]
    assert figure.date == "" and figure.date_inconnue
    # without any date, the rule still asks for one, and names the explicit way out
    sheet.write_text(text.replace('    date: "2024-01"\n', ""), "utf-8")
    (warning,) = validate_content(content).diagnostics
    assert warning.code == "chiffre-sans-date" and "date_inconnue: true" in warning.hint
