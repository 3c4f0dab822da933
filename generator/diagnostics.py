"""Diagnostics: what the validator reports, and the three ways to print them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a content file (1-based line and column)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_key(d: Diagnostic) -> tuple:
    return (d.file, d.line, d.column, d.code, d.message)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """`file:line:col: erreur [code]: message`, then the hint indented."""
    lines = []
    for d in diagnostics:
        lines.append(
            f"{d.file}:{d.line}:{d.column}: {SEVERITY_FR[d.severity]} [{d.code}]: {d.message}"
        )
        if d.hint:
            lines.append(f"    conseil : {d.hint}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = []
    for d in diagnostics:
        item = asdict(d)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, shown as annotations on pull requests."""
    lines = []
    for d in diagnostics:
        kind = "error" if d.is_error else "warning"
        message = d.message + (f" — {d.hint}" if d.hint else "")
        lines.append(
            f"::{kind} file={_gh_escape(d.file, prop=True)},line={d.line},col={d.column},"
            f"title={_gh_escape(d.code, prop=True)}::{_gh_escape(message)}"
        )
    return "\n".join(lines)


def summary_fr(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "Aucun problème : le contenu est valide."

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n > 1 else ''}"

    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."
