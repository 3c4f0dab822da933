"""Diagnostics: what the validator reports, and the three ways to print them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from .french import plural, word

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


# At most this many diagnostics of one code in one file; the rest are counted in a last one.
MAX_PER_FILE_AND_CODE = 10


def cap(diagnostics: Iterable[Diagnostic], limit: int = MAX_PER_FILE_AND_CODE) -> list[Diagnostic]:
    """The first `limit` diagnostics of each (file, code), then one « … et N autres » for the
    rest: a file with 100,000 wrong items says so in 11 lines, not 100,000 (and the memory
    stays bounded, since the input is consumed as it comes)."""
    kept: list[Diagnostic] = []
    counts: dict[tuple[str, str], int] = {}
    hidden: dict[tuple[str, str], list] = {}  # key -> [first hidden diagnostic, count, error?]
    for d in diagnostics:
        key = (d.file, d.code)
        seen = counts.get(key, 0)
        counts[key] = seen + 1
        if seen < limit:
            kept.append(d)
            continue
        entry = hidden.get(key)
        if entry is None:
            hidden[key] = [d, 1, d.is_error]
        else:
            entry[1] += 1
            entry[2] = entry[2] or d.is_error
    for (file, code), (first, count, error) in hidden.items():
        kept.append(
            Diagnostic(
                file,
                first.line,
                first.column,
                "error" if error else "warning",
                code,
                f"… et {plural(count, 'autre problème', 'autres problèmes')} [{code}] dans ce "
                f"fichier, {word(count, 'non détaillé', 'non détaillés')}",
                "Le même problème se répète : corrigez les premiers signalés, puis validez à "
                "nouveau.",
            )
        )
    return kept


# What a terminal or a CI log would interpret: C0 and C1 controls, DEL, line and paragraph
# separators, and the bidirectional controls that reorder what is displayed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`, `\\u2028`):
    a value quoted in a message can never start a line of its own nor move the cursor, so
    it cannot pass for another diagnostic."""
    return _UNPRINTABLE.sub(_escape_char, text)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """`file:line:col: erreur [code]: message`, then the hint indented."""
    lines = []
    for d in diagnostics:
        lines.append(
            f"{printable(d.file)}:{d.line}:{d.column}: {SEVERITY_FR[d.severity]} "
            f"[{printable(d.code)}]: {printable(d.message)}"
        )
        if d.hint:
            lines.append(f"    conseil : {printable(d.hint)}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = []
    for d in diagnostics:
        item = asdict(d)
        # Messages are text for people, that programs print: controls quoted from a value are
        # escaped there too. The file name stays exact (JSON escapes it), for programs to use.
        item["message"] = printable(d.message)
        item["hint"] = printable(d.hint)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # Controls are written as escapes first: ESC sequences would colour or hide log lines.
    text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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

    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."
