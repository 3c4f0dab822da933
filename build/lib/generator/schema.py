"""The JSON Schemas: the one definition of the content model and of its vocabularies."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .check.textcheck import is_email, is_http_url, is_siret
from .load.dates import parse_partial_date

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_FILES = ("commun", "vocabulaires", "innovation", "territoire", "programme")
# Content kind -> schema name.
KINDS = {"innovation": "innovation", "territoire": "territoire", "programme": "programme"}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """One schema document, by its short name (`innovation`, `territoire`, …)."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def ref_target(ref: str, current: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """What a `$ref` of our schemas points at, and the document it lives in."""
    file, _, fragment = ref.partition("#")
    document = load_schema(file.removesuffix(".schema.json")) if file else current
    target: Any = document
    for part in fragment.strip("/").split("/"):
        if part:
            target = target[part]
    return target, document


def _inline(node: Any, current: dict[str, Any]) -> Any:
    """Replace every `$ref` by a copy of its target (the schemas have no recursion)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target, document = ref_target(node["$ref"], current)
            merged = {**_inline(copy.deepcopy(target), document)}
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            return merged
        out = {k: _inline(v, current) for k, v in node.items()}
        options = out.get("oneOf")
        if options and all(isinstance(o, dict) and "const" in o for o in options):
            # A labelled vocabulary: same meaning as an enum, much faster to check.
            out["enum"] = [o["const"] for o in out.pop("oneOf")]
        return out
    if isinstance(node, list):
        return [_inline(v, current) for v in node]
    return node


@cache
def bundled(kind: str) -> dict[str, Any]:
    """The schema of a kind as one self-contained document, vocabularies as enums."""
    schema = load_schema(KINDS[kind])
    out = _inline(schema, schema)
    out.pop("$id", None)
    return out


def _check_partial_date(value: object) -> bool:

    return not isinstance(value, str) or parse_partial_date(value) is not None


def _check_uri(value: object) -> bool:

    return not isinstance(value, str) or is_http_url(value)


def _check_email(value: object) -> bool:

    return not isinstance(value, str) or is_email(value)


def _check_siret(value: object) -> bool:

    return not isinstance(value, str) or is_siret(value)


FORMATS: dict[str, Callable[[object], bool]] = {
    "date-partielle": _check_partial_date,
    "uri": _check_uri,
    "email": _check_email,
    "siret": _check_siret,
}


@cache
def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


def whole_string(pattern: str) -> str:
    """A schema pattern as Python must apply it: in ECMA-262 (the schemas' dialect, that
    editors apply) a final `$` matches only at the very end; in Python it also matches before a
    final newline, so that `id: "abc\\n"` would pass `^[a-z]+$`."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\Z"
    return pattern


def _python_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _python_patterns(v) for k, v in node.items()}
        if isinstance(out.get("pattern"), str):
            out["pattern"] = whole_string(out["pattern"])
        return out
    if isinstance(node, list):
        return [_python_patterns(v) for v in node]
    return node


@cache
def checked(kind: str) -> dict[str, Any]:
    """The bundled schema with its patterns anchored for Python: what the validators apply."""
    return _python_patterns(bundled(kind))


@cache
def validator(kind: str) -> Draft202012Validator:
    """The reference validator of a kind: reports every error."""
    return Draft202012Validator(checked(kind), format_checker=format_checker())


@cache
def quick_check(kind: str) -> Callable[[Any], Any]:
    """A compiled validator that stops at the first error: the fast path for valid files.

    The bundled schema only uses keywords whose meaning is the same in drafts 7 and 2020-12,
    so fastjsonschema's draft-07 compiler checks it; the reference validator then lists the
    errors of any file it rejects.
    """
    schema = dict(checked(kind))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema, formats=dict(FORMATS))


def is_valid_quick(kind: str, data: Any) -> bool:
    try:
        quick_check(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def vocabulary(name: str) -> dict[Any, str]:
    """Allowed values of a vocabulary with their French labels, in schema order."""
    definition = load_schema("vocabulaires")["$defs"][name]
    return {option["const"]: option["title"] for option in definition["oneOf"]}


def vocabulary_names() -> list[str]:
    return list(load_schema("vocabulaires")["$defs"])
