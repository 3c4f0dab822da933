"""Safe YAML loading that remembers where every key and value came from.

The loader reads the libyaml event stream (no recursion, no alias expansion) and builds plain
Python values with YAML 1.2 JSON-schema resolution: `01`, `2A`, `no`, `on` and `2015-07` stay
strings; only `true`/`false`, `null`/`~`, and numbers without leading zeros are typed.
Every problem becomes a Diagnostic; nothing here raises on bad input.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from .quotes import explain, quote_trouble

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40

JsonPath = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?\Z|[-+]?\.[0-9]+\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
# Characters YAML does not accept in a stream (C0/C1 controls but tab, LF, CR and NEL).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# Line breaks for libyaml but not for editors, grep or git (NEL, line and paragraph separators):
# every position after one would be off by a line.
_INVISIBLE_BREAKS = "\x85\u2028\u2029"
_RAW_FORBIDDEN = re.compile(f"[{_NONCHARACTERS}{_INVISIBLE_BREAKS}]")
# What no value, key or identifier may hold, however it is written (a double-quoted YAML string
# can write any character as an escape: "\\e", "\\x85", "\\uFFFE"). Tab and newline are
# checked by the rules, which know the fields that allow them (multi-line Markdown texts).
FORBIDDEN = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{_INVISIBLE_BREAKS}]"
)
# Plain integers longer than this are not converted (Python refuses beyond 4,300 digits, and
# slowly): they are read as HugeInt, beyond every bound of the schemas.
_MAX_INT_DIGITS = 19
# Strings up to this length are interned (field names, codes, dates, vocabulary values): the
# catalogue holds one copy of each instead of one per occurrence (a sixth of its memory).
_SHARED_LENGTH = 40
_TRUE = {"true", "True", "TRUE"}
_NUMBER_START = frozenset("+-.0123456789")
_FALSE = {"false", "False", "FALSE"}

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


@dataclass
class Document:
    """A loaded YAML file: its data and the position of every value and mapping key.

    A document read from a file (`source`) learns its positions only when asked for one
    (`where`), by reading the file again: most files have nothing to report, and recording
    every position costs a third of the loading time.
    """

    path: str
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    kind: str = ""  # innovation, territoire or programme, set by the validator
    source: Path | None = None  # the file to read positions from, until they are known

    def slim(self, keep_last: frozenset[str | int]) -> Document:
        """A copy keeping only the positions whose path ends with one of `keep_last` (and the
        top-level ones): what cross-file rules need, cheap to send between processes."""

        def keep(path: JsonPath) -> bool:
            if len(path) <= 1 or path[-1] in keep_last:
                return True
            return isinstance(path[-1], int) and path[-2] in keep_last  # a list of references

        return Document(
            self.path,
            self.data,
            {p: v for p, v in self.positions.items() if keep(p)},
            {p: v for p, v in self.key_positions.items() if keep(p)},
            self.kind,
            self.source,
        )

    def _locate(self) -> None:
        """Read the positions from the source file (they stay unknown if it changed)."""
        source, self.source = self.source, None
        try:
            text = _decode(self.path, _read_regular(source))  # type: ignore[arg-type]
            builder = _Builder(self.path)
            if builder.build(text) == self.data:
                self.positions.update(builder.positions)
                self.key_positions.update(builder.key_positions)
        except (OSError, _Stop, _TooBig, yaml.YAMLError, RecursionError):
            pass

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Best known (line, column) for a JSON path: the value, else the nearest parent."""
        if self.source is not None:
            self._locate()
        table = self.key_positions if key and tuple(path) in self.key_positions else self.positions
        p = tuple(path)
        if p in table:
            return table[p]
        while p:
            p = p[:-1]
            if p in self.positions:
                return self.positions[p]
        return (1, 1)


class HugeInt(int):
    """An integer written with too many digits to be converted (Python refuses beyond 4,300):
    larger than any bound of the schemas, which refuse it, shown by its first digits."""

    digits: str

    @classmethod
    def of(cls, text: str) -> HugeInt:
        sign = -1 if text.startswith("-") else 1
        number = cls(sign * 10**_MAX_INT_DIGITS)
        body = text.lstrip("+-")
        number.digits = f"{text[: len(text) - len(body)]}{body[:12]}… ({len(body)} chiffres)"
        return number

    def __str__(self) -> str:
        return self.digits

    __repr__ = __str__


class _Stop(Exception):
    """Raised internally when a file cannot be read any further."""


def resolve_plain(value: str) -> Any:
    """YAML 1.2 JSON-schema resolution of a plain (unquoted) scalar; anything else is a string."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMBER_START:
        return value  # most scalars are words: no regex needed
    if _INT.match(value):
        return int(value) if len(value) <= _MAX_INT_DIGITS else HugeInt.of(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    return value


_YAML_PROBLEMS = [
    (
        "while scanning a quoted scalar",
        "un guillemet n'est pas refermé",
        "Refermez le guillemet ouvert sur cette ligne.",
    ),
    (
        "mapping values are not allowed",
        "un « : » inattendu",
        "Une valeur qui contient « : » doit être écrite entre guillemets.",
    ),
    (
        "could not find expected ':'",
        "un « : » manque après une clé",
        "Chaque ligne d'un objet s'écrit « cle: valeur ».",
    ),
    (
        "did not find expected key",
        "l'indentation ne correspond pas à la structure",
        "Alignez les clés d'un même niveau sur la même colonne, avec des espaces.",
    ),
    (
        "expected <block end>",
        "l'indentation ne correspond pas à la structure",
        "Alignez les clés d'un même niveau sur la même colonne, avec des espaces.",
    ),
    (
        "did not find expected '-' indicator",
        "un élément de liste est mal aligné",
        "Les « - » d'une même liste doivent être sur la même colonne.",
    ),
    (
        "found unexpected end of stream",
        "le fichier se termine au milieu d'une valeur",
        "Vérifiez qu'aucun guillemet, crochet ou accolade n'est resté ouvert.",
    ),
    (
        "unacceptable character",
        "le fichier contient un caractère de contrôle ou binaire",
        "Le fichier doit être du texte UTF-8 ; enregistrez-le à nouveau depuis un éditeur de texte.",
    ),
    (
        "found character '\\t'",
        "une tabulation est utilisée pour l'indentation",
        "Remplacez les tabulations par des espaces.",
    ),
    (
        "invalid Unicode character escape",
        "une séquence d'échappement désigne un caractère interdit (une moitié de paire de "
        "substitution, \\uD800 à \\uDFFF)",
        "Écrivez le caractère lui-même, ou retirez la séquence « \\u… ».",
    ),
    (
        "found undefined alias",
        "un alias YAML (*nom) est utilisé",
        "Les ancres et alias YAML ne sont pas acceptés : recopiez la valeur.",
    ),
    (
        "found duplicate anchor",
        "une ancre YAML est définie deux fois",
        "Les ancres et alias YAML ne sont pas acceptés.",
    ),
    (
        "while scanning a block scalar",
        "un bloc de texte (| ou >) est mal formé",
        "Le texte d'un bloc « | » commence à la ligne suivante, indenté.",
    ),
]


# libyaml's problems that a quote closed too early, or never, causes further down the file.
_AFTER_A_QUOTE = (
    "did not find expected key",
    "expected <block end>",
    "could not find expected ':'",
    "mapping values are not allowed",
    "while parsing a block mapping",
    "found unexpected end of stream",
)


def _yaml_error(path: str, exc: yaml.YAMLError, text: str = "") -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if re.search("quoted scalar|simple key", str(getattr(exc, "context", ""))) and exc.context_mark:
        mark = exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".strip()
    message, hint = "la syntaxe YAML est invalide", "Vérifiez l'indentation et les guillemets."
    for needle, msg, h in _YAML_PROBLEMS:
        if needle in problem:
            message, hint = msg, h
            break
    trouble = quote_trouble(text, line) if any(p in problem for p in _AFTER_A_QUOTE) else None
    if trouble is not None:  # the mistake is there, not where the parser stopped
        line, col = trouble.line, trouble.column
        message, hint = explain(trouble)
    code = "yaml-tabulation" if "'\\t'" in problem else "yaml-syntaxe"
    code = "yaml-profondeur" if "maximum nesting depth" in problem else code
    if "unacceptable character" in problem:
        code = "encodage"
    if "invalid Unicode character escape" in problem:
        code = "caractere-interdit"
    detail = f" (détail libyaml : {problem})" if problem else ""
    return Diagnostic(path, line, col, "error", code, f"YAML illisible : {message}", hint + detail)


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _Stop(
            Diagnostic(
                path,
                line,
                col,
                "error",
                "encodage",
                f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02x} illisible)",
                "Enregistrez le fichier en UTF-8 (dans votre éditeur : « Enregistrer avec "
                "l'encodage » → UTF-8).",
            )
        ) from None
    control = _CONTROL.search(text)
    if control:
        offset = control.start()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise _Stop(
            Diagnostic(
                path,
                line,
                col,
                "error",
                "encodage",
                f"le fichier contient un caractère de contrôle (U+{ord(control.group()):04X}) : "
                "ce n'est pas du texte",
                "Supprimez ce caractère invisible (souvent collé depuis un autre logiciel) ; un "
                "fichier de contenu est du texte YAML en UTF-8.",
            )
        )
    forbidden = _RAW_FORBIDDEN.search(text) if _may_hold_forbidden(raw) else None
    if forbidden:
        raise _Stop(_forbidden_character(path, text, forbidden.start(), forbidden.group()))
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The UTF-8 bytes every character of _RAW_FORBIDDEN starts or ends with: NEL (C2 85), U+2028
# and U+2029 (E2 80 A8/A9), U+FDD0–U+FDEF (EF B7 …), and each plane's last two code points
# (… BF BE, … BF BF). Looking for them in the bytes spares a slow scan of almost every file.
_FORBIDDEN_BYTES = (
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"\xe2\x80\xa9",
    b"\xef\xb7",
    b"\xbf\xbe",
    b"\xbf\xbf",
)


def _may_hold_forbidden(raw: bytes) -> bool:
    return any(marker in raw for marker in _FORBIDDEN_BYTES)


def describe_character(char: str) -> str:
    """`U+2028 (séparateur de ligne)`: how a diagnostic names an invisible character."""
    names = {
        "\x00": "caractère nul",
        "\x1b": "échappement",
        "\x7f": "suppression",
        "\x85": "passage à la ligne NEL",
        "\u2028": "séparateur de ligne",
        "\u2029": "séparateur de paragraphe",
        "\t": "tabulation",
        "\n": "retour à la ligne",
        "\r": "retour chariot",
    }
    code = ord(char)
    if char in names:
        name = names[char]
    elif 0xD800 <= code <= 0xDFFF:
        name = "moitié de paire de substitution"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        name = "caractère de contrôle"
    else:
        name = "non-caractère Unicode"
    return f"U+{code:04X} ({name})"


def _forbidden_character(path: str, text: str, offset: int, char: str) -> Diagnostic:
    """A raw noncharacter or invisible line break, at its line as editors count lines."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    hint = (
        "Éditeurs, grep et git ne le voient pas comme un retour à la ligne, YAML si : "
        "remplacez-le par un vrai retour à la ligne ou une espace."
        if char in _INVISIBLE_BREAKS
        else "Supprimez ce caractère invisible (souvent collé depuis un autre logiciel)."
    )
    return Diagnostic(
        path,
        line,
        col,
        "error",
        "caractere-interdit",
        f"le fichier contient le caractère {describe_character(char)}, interdit",
        hint,
    )


# A line whose indentation contains a tab, and that has content after it.
_TAB_INDENT = re.compile(r"^ *\t[ \t]*\S", re.MULTILINE)
# A line that is neither blank nor a comment.
_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)


def _check_tabs(path: str, text: str) -> None:
    match = _TAB_INDENT.search(text)
    if match is None:
        return
    line_start = text.rfind("\n", 0, match.start()) + 1
    raise _Stop(
        Diagnostic(
            path,
            text.count("\n", 0, match.start()) + 1,
            text.index("\t", match.start()) - line_start + 1,
            "error",
            "yaml-tabulation",
            "une tabulation est utilisée pour l'indentation",
            "YAML n'accepte que des espaces pour indenter : remplacez la tabulation par des "
            "espaces.",
        )
    )


def _events(text: str) -> Iterator[Any]:
    """libyaml's events, without PyYAML's generator wrapper (a third of the loading time)."""
    parser = _Loader(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


class _Builder:
    """Turns the libyaml event stream into values and positions, iteratively."""

    def __init__(self, path: str, track: bool = True) -> None:
        self.path = path
        self.track = track  # record the position of every value and key (else: errors only)
        self.positions: dict[JsonPath, tuple[int, int]] = {}
        self.key_positions: dict[JsonPath, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []

    def error(self, mark: Any, code: str, message: str, hint: str) -> None:
        self.errors.append(
            Diagnostic(self.path, mark.line + 1, mark.column + 1, "error", code, message, hint)
        )

    def build(self, text: str) -> Any:
        # Stack frames: [container, path, pending_key, unused, is_mapping, seen_keys]
        stack: list[list[Any]] = []
        positions = self.positions
        track = self.track
        root: Any = None
        documents = 0
        done = False
        for event in _events(text):
            cls = type(event)
            if cls is yaml.ScalarEvent:
                if event.anchor or (event.tag and event.tag != "tag:yaml.org,2002:str"):
                    self._refuse(event)
                mark = event.start_mark
                value = event.value if (event.style or event.tag) else resolve_plain(event.value)
                if type(value) is str and len(value) <= _SHARED_LENGTH:
                    value = sys.intern(value)  # codes, dates, keys: one copy for all documents
                if event.style == '"' and not value.isprintable() and FORBIDDEN.search(value):
                    self._forbidden(
                        mark, value, bool(stack and stack[-1][4]) and stack[-1][2] is _NO_KEY
                    )
                if stack:
                    frame = stack[-1]
                    if frame[4]:
                        if frame[2] is _NO_KEY:
                            self._set_key(frame, value, mark)
                            continue
                        if track:
                            positions[frame[1] + (frame[2],)] = (mark.line + 1, mark.column + 1)
                        if frame[2] is not _DUPLICATE:
                            frame[0][frame[2]] = value
                        frame[2] = _NO_KEY
                    else:
                        if track:
                            positions[frame[1] + (len(frame[0]),)] = (
                                mark.line + 1,
                                mark.column + 1,
                            )
                        frame[0].append(value)
                else:
                    positions[()] = (mark.line + 1, mark.column + 1)
                    root, done = value, True
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                frame = stack.pop()
                if not stack:
                    root, done = frame[0], True
                else:
                    self._attach(stack[-1], frame[0])
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                if event.anchor or (event.tag and event.tag not in _CONTAINER_TAGS):
                    self._refuse(event)
                mark = event.start_mark
                if stack and stack[-1][4] and stack[-1][2] is _NO_KEY:
                    self.error(
                        mark,
                        "yaml-cle-invalide",
                        "une clé doit être un simple mot, pas une liste ni un objet",
                        "Écrivez la clé en snake_case sans accents, suivie de « : ».",
                    )
                    raise _Stop()
                if len(stack) >= MAX_DEPTH:
                    self.error(
                        mark,
                        "yaml-profondeur",
                        f"la structure est imbriquée sur plus de {MAX_DEPTH} niveaux",
                        "Une fiche n'a que quelques niveaux : vérifiez l'indentation.",
                    )
                    raise _Stop()
                path = self._child_path(stack) if track else None
                if track:
                    positions[path] = (mark.line + 1, mark.column + 1)
                is_map = cls is yaml.MappingStartEvent
                stack.append([{} if is_map else [], path, _NO_KEY, None, is_map, {}])
            elif cls is yaml.AliasEvent:
                self.error(
                    event.start_mark,
                    "yaml-alias",
                    "les alias YAML (*nom) ne sont pas acceptés",
                    "Recopiez la valeur au lieu d'y faire référence.",
                )
                raise _Stop()
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.error(
                        event.start_mark,
                        "yaml-plusieurs-documents",
                        "le fichier contient plusieurs documents YAML (« --- »)",
                        "Un fichier décrit une seule fiche : retirez le second « --- ».",
                    )
                    raise _Stop()
        if not done:
            return None
        return root

    def _forbidden(self, mark: Any, value: str, is_key: bool) -> None:
        char = FORBIDDEN.search(value).group()  # type: ignore[union-attr]
        self.error(
            mark,
            "caractere-interdit",
            f"{'la clé' if is_key else 'la valeur'} contient le caractère {describe_character(char)}, écrit comme séquence "
            "d'échappement : les caractères de contrôle et les non-caractères sont interdits",
            "Retirez la séquence « \\… » (entre guillemets doubles, « \\e », "
            "« \\x1b » ou « \\u… » écrivent un caractère invisible).",
        )

    def _refuse(self, event: Any) -> None:
        if event.anchor:
            self.error(
                event.start_mark,
                "yaml-alias",
                "les ancres YAML (&nom) ne sont pas acceptées",
                f"Retirez « &{event.anchor} » : chaque valeur s'écrit en entier.",
            )
        else:
            self.error(
                event.start_mark,
                "yaml-etiquette",
                f"l'étiquette YAML « {event.tag} » n'est pas acceptée",
                "Retirez l'étiquette (le mot commençant par « ! »).",
            )
        raise _Stop()

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> JsonPath:
        if not stack:
            return ()
        frame = stack[-1]
        if frame[4]:
            return frame[1] + (frame[2],)
        return frame[1] + (len(frame[0]),)

    def _set_key(self, frame: list[Any], key: Any, mark: Any) -> None:
        if not isinstance(key, str) or key == "":
            if isinstance(key, (int, float, bool)) and not isinstance(key, bool):
                key = str(key)
            else:
                self.error(
                    mark,
                    "yaml-cle-invalide",
                    f"la clé « {key} » n'est pas un nom de champ",
                    "Chaque clé est un nom de champ en snake_case sans accents.",
                )
                key = str(key)
        seen = frame[5]
        if key in seen:
            first = seen[key]
            self.error(
                mark,
                "yaml-cle-dupliquee",
                f"la clé « {key} » apparaît deux fois (déjà à la ligne {first[0]})",
                "YAML ne garderait que la dernière valeur : fusionnez les deux ou supprimez "
                "l'une d'elles.",
            )
            frame[2] = _DUPLICATE
            return
        seen[key] = (mark.line + 1, mark.column + 1)
        frame[2] = key
        if self.track:
            self.key_positions[frame[1] + (key,)] = seen[key]

    @staticmethod
    def _attach(frame: list[Any], value: Any) -> None:
        if frame[4]:
            if frame[2] is not _DUPLICATE:
                frame[0][frame[2]] = value
            frame[2] = _NO_KEY
        else:
            frame[0].append(value)


_NO_KEY = object()
_DUPLICATE = object()
_CONTAINER_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!")


def _too_big(path: str, size: int) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "error",
        "fichier-trop-gros",
        f"le fichier pèse {size // 1024} Kio, au-delà de la limite de {MAX_BYTES // 1024} Kio",
        "Une fiche tient en quelques dizaines de Kio : raccourcissez les textes.",
    )


def load_text(
    path: str, raw: bytes, *, source: Path | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Parse raw bytes of a content file. Returns the document (None when unreadable).

    With the `source` file of these bytes, positions are read later, when asked for.
    """
    try:
        if len(raw) > MAX_BYTES:
            raise _Stop(_too_big(path, len(raw)))
        text = _decode(path, raw)
        if not _CONTENT_LINE.search(text):
            raise _Stop(
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    "fichier-vide",
                    "le fichier est vide",
                    "Remplissez la fiche ou supprimez le fichier.",
                )
            )
        _check_tabs(path, text)
        builder = _Builder(path, track=source is None)
        try:
            data = builder.build(text)
        except _Stop:
            return None, builder.errors
        except yaml.YAMLError as exc:
            return None, builder.errors + [_yaml_error(path, exc, text)]
        except RecursionError:
            return None, [
                Diagnostic(
                    path,
                    1,
                    1,
                    "error",
                    "yaml-profondeur",
                    "la structure est trop profondément imbriquée",
                    "Vérifiez l'indentation.",
                )
            ]
        if not isinstance(data, dict):
            if source is not None:  # rare: read again, to point at the value
                return load_text(path, raw)
            line, col = builder.positions.get((), (1, 1))
            return None, builder.errors + [
                Diagnostic(
                    path,
                    line,
                    col,
                    "error",
                    "racine-non-objet",
                    "le fichier doit décrire un objet (des lignes « cle: valeur »)",
                    "Commencez par « id: … » sur la première ligne, sans tiret devant.",
                )
            ]
        doc = Document(path, data, builder.positions, builder.key_positions, source=source)
        return doc, builder.errors
    except _Stop as stop:
        return None, [stop.args[0]] if stop.args else []


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link and without
    blocking on a pipe or device (which are refused, never read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "ce n'est pas un fichier ordinaire")
        if info.st_size > MAX_BYTES:
            raise _TooBig(info.st_size)
        chunks = []
        remaining = MAX_BYTES + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _TooBig(Exception):
    pass


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one content file; I/O problems become diagnostics too."""
    shown = display or str(path)
    try:
        raw = _read_regular(path)
    except _TooBig as big:
        return None, [_too_big(shown, big.args[0])]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            reason = "c'est un lien symbolique"
        return None, [
            Diagnostic(
                shown,
                1,
                1,
                "error",
                "fichier-illisible",
                f"le fichier ne peut pas être lu ({reason})",
                "Vérifiez qu'il existe, que c'est un vrai fichier (pas un lien) et que vous "
                "avez le droit de le lire.",
            )
        ]
    return load_text(shown, raw, source=path.absolute())
