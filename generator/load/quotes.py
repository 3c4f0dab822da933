"""Quotes that break a YAML file, found where the writer made the mistake.

French text is full of apostrophes and quotation marks: `accroche: 'L'atelier…'`,
`nom: "Le garage "solidaire""` or a value whose closing `"` was forgotten. YAML then reads past
the mistake and stops further on, with an error about indentation. `quote_trouble` looks at the
lines up to where the parser stopped for a quoted value that ends too early (text follows its
closing quote) or swallows the next line's key (its closing quote is the next value's opening
one), so that the message names that line and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A mapping key or list item whose value starts with a quote: `nom: "…`, `  - '…`.
_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+|-\s+)(?P<quote>[\"'])")
_KEY_ONLY = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s*$")
# A block of text (`probleme: |`, `accroche: >-`): its lines are text, whatever they hold.
_BLOCK_START = re.compile(r"(?:^|\s)[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class QuoteTrouble:
    line: int  # 1-based, where the quoted value starts
    column: int  # 1-based, its opening quote
    quote: str  # '"' or "'"
    unclosed: bool  # True: never closed on its line; False: closed too early


def _closing(lines: list[str], line: int, start: int, quote: str) -> tuple[int, int] | None:
    """(line, column) 0-based of the quote closing the scalar opened at (line, start)."""
    row, col = line, start + 1
    while row < len(lines):
        text = lines[row]
        while col < len(text):
            char = text[col]
            if quote == '"' and char == "\\":
                col += 2
                continue
            if char == quote:
                if quote == "'" and text[col + 1 : col + 2] == "'":
                    col += 2  # '' is an apostrophe inside single quotes
                    continue
                return row, col
            col += 1
        row, col = row + 1, 0
    return None


def quote_trouble(text: str, up_to_line: int) -> QuoteTrouble | None:
    """The first quoted value, on lines 1 to `up_to_line`, that ends too early or swallows the
    next key; None if every quoted value there is well formed."""
    lines = text.split("\n")
    block_indent = -1  # inside a block of text: the indent of the key that opened it
    for number in range(min(up_to_line, len(lines))):
        line = lines[number]
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        if _BLOCK_START.search(line) and (":" in line or line.lstrip().startswith("-")):
            block_indent = indent
            continue
        found = _QUOTED_VALUE.match(line)
        if not found:
            continue
        quote, start = found.group("quote"), found.start("quote")
        end = _closing(lines, number, start, quote)
        if end is None:
            return QuoteTrouble(number + 1, start + 1, quote, unclosed=True)
        row, col = end
        if row == number:
            after = lines[row][col + 1 :].strip()
            if after and not after.startswith("#"):
                return QuoteTrouble(number + 1, start + 1, quote, unclosed=False)
        elif _KEY_ONLY.match(lines[row][:col]):
            return QuoteTrouble(number + 1, start + 1, quote, unclosed=True)
    return None


def explain(trouble: QuoteTrouble) -> tuple[str, str]:
    """(message, hint) in French for a quote trouble."""
    if trouble.unclosed:
        return (
            "le guillemet ouvert au début de cette valeur n'est pas refermé",
            "Refermez-le à la fin de la valeur, sur la même ligne.",
        )
    if trouble.quote == "'":
        return (
            "une apostrophe à l'intérieur d'un texte entre apostrophes le referme trop tôt",
            "Écrivez l'apostrophe du texte avec ’ (apostrophe typographique) ou doublée (''), "
            'ou mettez le texte entre guillemets droits ("…").',
        )
    return (
        "un guillemet à l'intérieur d'un texte entre guillemets le referme trop tôt",
        'Écrivez les guillemets du texte « comme ceci » (guillemets français) ou \\", ou mettez '
        "le texte entre apostrophes droites ('…').",
    )
