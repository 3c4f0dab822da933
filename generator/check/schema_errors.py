"""Schema validation of one document, with every jsonschema error said in French."""

from __future__ import annotations

import difflib
import itertools
import math
from typing import Any

from jsonschema.exceptions import ValidationError

from ..diagnostics import MAX_PER_FILE_AND_CODE, Diagnostic
from ..load.loader import Document
from ..schema import KINDS, bundled, is_valid_quick, validator
from .textcheck import has_credentials

TYPES_FR = {
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true / false)",
    "array": "une liste (des lignes commençant par « - »)",
    "object": "un objet (des lignes « cle: valeur »)",
    "null": "vide",
}

FORMAT_CODES = {
    "uri": (
        "url-invalide",
        "n'est pas une adresse web http(s) valide",
        "Écrivez l'adresse complète, commençant par https:// (ou http://).",
    ),
    "email": (
        "email-invalide",
        "n'est pas une adresse électronique valide",
        "Une adresse s'écrit nom@domaine.fr, sans espace.",
    ),
    "siret": (
        "siret-invalide",
        "n'est pas un SIRET valide (la clé de contrôle ne correspond pas)",
        "Recopiez les 14 chiffres depuis l'annuaire des entreprises (annuaire-entreprises."
        "data.gouv.fr), ou retirez le champ si vous ne le connaissez pas.",
    ),
    "date-partielle": (
        "date-invalide",
        "n'est pas une date du calendrier",
        "Écrivez AAAA, AAAA-MM ou AAAA-MM-JJ avec un mois de 01 à 12 et un jour qui existe.",
    ),
}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "un objet" if isinstance(value, dict) else "une liste"
    if isinstance(value, float) and not math.isfinite(value):
        return "un nombre infini" if value > 0 else "un nombre infini négatif"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


def _field_name(path: tuple) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "fichier"


def _label(schema: dict[str, Any]) -> str:
    return schema.get("title", "")


def _is_required(kind: str, path: tuple) -> bool:
    """Whether the field at `path` is required where it stands (walks the bundled schema)."""
    if not path or kind not in KINDS:
        return False
    node: Any = bundled(kind)
    for part in path[:-1]:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {})
        if not isinstance(part, int):
            node = node.get(part, {})
        if not isinstance(node, dict):
            return False
    return path[-1] in node.get("required", [])


def _translate(doc: Document, error: ValidationError) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    field = _field_name(path)
    line, col = doc.where(path)

    def diag(code: str, message: str, hint: str = "", at: tuple[int, int] | None = None):
        where = at or (line, col)
        return Diagnostic(doc.path, where[0], where[1], "error", code, message, hint)

    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        out = []
        for name in missing:
            prop = schema.get("properties", {}).get(name, {})
            where = doc.where(path, key=True) if path else (1, 1)
            out.append(
                diag(
                    "champ-obligatoire",
                    f"le champ obligatoire « {name} » manque"
                    + (f" dans « {field} »" if path else ""),
                    prop.get("description", ""),
                    where,
                )
            )
        return out
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for name in value:
            if name in allowed:
                continue
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
            hint += "Champs possibles ici : " + ", ".join(allowed) + "."
            out.append(
                diag(
                    "champ-inconnu",
                    f"le champ « {name} » n'existe pas ici",
                    hint,
                    doc.where(path + (name,), key=True),
                )
            )
        return out
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " ou ".join(TYPES_FR.get(t, t) for t in expected)
        hint = schema.get("description", "")
        if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = (
                f'Mettez la valeur entre guillemets : "{value}" (sans guillemets, YAML la lit '
                "comme un nombre). " + hint
            )
        if "string" in expected and isinstance(value, bool):
            hint = (
                "Mettez la valeur entre guillemets : YAML lit true/false comme un booléen. " + hint
            )
        if expected == ["array"]:
            example = value if isinstance(value, str) and value.strip() else "valeur"
            hint = (
                f"Une liste s'écrit une valeur par ligne sous « {field}: », chacune précédée de "
                f"deux espaces et d'un tiret : « {field}: » puis, à la ligne, « - {example} ». "
                "Dans le modèle de fiche, retirez « # » au début des lignes « #   - … » voulues. "
                + hint
            )
        if value is None:
            return [
                diag(
                    "valeur-vide",
                    f"« {field} » est vide : il faut {wanted}",
                    (
                        ""
                        if expected == ["array"]
                        else f"Écrivez la valeur après « {field}: ». "
                        if _is_required(doc.kind, path)
                        else "Écrivez la valeur, ou retirez la ligne si vous ne la connaissez "
                        "pas (le champ est facultatif). "
                    )
                    + hint,
                )
            ]
        return [
            diag(
                "type-invalide",
                f"{_show(value)} dans « {field} » devrait être {wanted}",
                hint.strip(),
            )
        ]
    if kind == "enum":
        options = list(error.validator_value)
        close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
        hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
        hint += "Valeurs possibles : " + ", ".join(str(o) for o in options) + "."
        return [
            diag(
                "valeur-inconnue",
                f"{_show(value)} n'est pas une valeur connue pour « {_label(schema) or field} »",
                hint,
            )
        ]
    credentials = kind == "format" and error.validator_value == "uri"
    if credentials and isinstance(value, str) and has_credentials(value):
        return [
            diag(
                "url-identifiants",
                "l'adresse contient un identifiant ou un mot de passe (« …@ ») : elle "
                "serait publiée telle quelle",
                "Retirez « identifiant:motdepasse@ » de l'adresse ; ne publiez jamais un "
                "mot de passe (changez-le s'il a été écrit ici).",
            )
        ]
    if kind == "format":
        code, message, hint = FORMAT_CODES.get(
            error.validator_value, ("format-invalide", "n'a pas le format attendu", "")
        )
        return [diag(code, f"{_show(value)} {message}", hint)]
    if kind == "pattern":
        code = "format-invalide"
        if schema.get("format") == "uri":
            code, message, hint = FORMAT_CODES["uri"]
            return [diag(code, f"{_show(value)} {message}", hint)]
        if schema.get("format") == "date-partielle":
            code = "date-invalide"
        elif schema.get("format") == "siret":
            code = "siret-invalide"
        elif schema.get("pattern") in _IDENTIFIER_PATTERNS or field in ("id", "parent"):
            code = "identifiant-invalide"
        return [
            diag(
                code,
                f"{_show(value)} n'a pas la forme attendue pour « {field} »",
                schema.get("description", ""),
            )
        ]
    if kind in ("minimum", "exclusiveMinimum"):
        code = "nombre-negatif" if error.validator_value == 0 else "hors-limites"
        return [
            diag(
                code,
                f"{_show(value)} est trop petit pour « {field} » (minimum {error.validator_value})",
                schema.get("description", ""),
            )
        ]
    if kind in ("maximum", "exclusiveMaximum"):
        return [
            diag(
                "hors-limites",
                f"{_show(value)} est trop grand pour « {field} » (maximum {error.validator_value})",
                schema.get("description", ""),
            )
        ]
    if kind == "minItems":
        return [
            diag(
                "liste-vide",
                f"la liste « {field} » doit avoir au moins {error.validator_value} élément(s)",
                schema.get("description", ""),
            )
        ]
    if kind == "maxItems":
        return [
            diag(
                "liste-trop-longue",
                f"la liste « {field} » a plus de {error.validator_value} éléments",
                schema.get("description", ""),
            )
        ]
    if kind == "minLength":
        return [diag("valeur-vide", f"« {field} » est vide", schema.get("description", ""))]
    if kind == "maxLength":
        return [
            diag(
                "texte-trop-long",
                f"« {field} » dépasse {error.validator_value} caractères",
                "Raccourcissez le texte.",
            )
        ]
    if kind == "uniqueItems":
        return [
            diag(
                "doublon",
                f"la liste « {field} » contient deux fois la même valeur",
                "Retirez le doublon.",
            )
        ]
    return [
        diag(
            "schema-invalide",
            f"« {field} » ne respecte pas le modèle ({kind})",
            schema.get("description", ""),
        )
    ]


def schema_diagnostics(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem of a document, in French, at the line of the value concerned.

    Beyond MAX_PER_FILE_AND_CODE problems of one code, the others are only counted (one
    « … et N autres » diagnostic says how many): 100,000 wrong items cost neither 100,000
    messages nor their memory.
    """
    if is_valid_quick(kind, doc.data):
        return []
    by_place: dict[tuple[int, int], list[Diagnostic]] = {}
    counts: dict[str, int] = {}
    hidden: dict[str, Diagnostic] = {}  # code -> the first problem only counted
    required_done: set[int] = set()
    for error in validator(kind).iter_errors(doc.data):
        if error.validator == "required":
            # One error per missing field, each translated into all of them: once is enough.
            if id(error.instance) in required_done:
                continue
            required_done.add(id(error.instance))
        for diagnostic in _translate(doc, error):
            seen = counts.get(diagnostic.code, 0)
            counts[diagnostic.code] = seen + 1
            if seen >= _KEEP:
                hidden.setdefault(diagnostic.code, diagnostic)
                continue
            by_place.setdefault((diagnostic.line, diagnostic.column), []).append(diagnostic)
    out: list[Diagnostic] = []
    for found in by_place.values():
        # One problem, one message: a wrong type or an empty value makes the value's other
        # checks (vocabulary, pattern, format) meaningless; two checks saying the same thing
        # (pattern and format of a date) are said once.
        if any(d.code in _SHAPE_CODES for d in found):
            found = [d for d in found if d.code in _SHAPE_CODES]
        seen_keys: set[str] = set()
        for diagnostic in found:
            key = diagnostic.code if diagnostic.code != "champ-obligatoire" else diagnostic.message
            if key not in seen_keys:
                seen_keys.add(key)
                out.append(diagnostic)
    for code, first in hidden.items():  # stand-ins for the rest, that cap() counts
        out.extend(itertools.repeat(first, counts[code] - _KEEP))
    return out


# Kept per code before only counting: more than cap() shows, as a few may be merged above.
_KEEP = 2 * MAX_PER_FILE_AND_CODE


_IDENTIFIER_PATTERNS = ("^[a-z0-9]+(-[a-z0-9]+)*$", "^[a-z0-9]+(-[a-z0-9]+)*\\Z")
_SHAPE_CODES = {"type-invalide", "valeur-vide"}
