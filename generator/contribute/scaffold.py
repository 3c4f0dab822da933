"""Commented templates for a new innovation or territory, written from the JSON Schemas.

A template holds every field of its schema, explained in French from the schema's titles and
descriptions:

- required fields are present with an empty value, so that `python -m generator validate` on an
  unfilled template lists exactly what remains to fill (one `valeur-vide` per field);
- optional fields are commented out with an example value, ready to be uncommented;
- explanations start with `##`, commented-out YAML with `# `: removing `# ` from a line (or
  toggling the comment in an editor) never turns an explanation into YAML.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check.reserved import reserved_reason
from ..geo import cog
from ..load.loader import resolve_plain
from ..schema import load_schema
from .fieldref import Field, describe_type, fields

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")  # commun.schema.json#/$defs/identifiant
ID_MAX_LENGTH = 80
FOLDERS = {"innovation": "innovations", "territoire": "territories"}
WIDTH = 99

# Example values, by field path; `kind:path` overrides `path` for one kind. A field without an
# example gets one from its type (see `_fallback`); tests/test_scaffold.py checks that every
# example, once uncommented, satisfies the schema. No example depends on today's date: the
# templates are published with the site, whose build is reproducible.
EXAMPLES: dict[str, Any] = {
    "nom": "Vita Air",
    "territoire:nom": "Parthenay",
    "accroche": "Un diagnostic RH gratuit pour les petites entreprises, puis des postes pourvus "
    "par des personnes en insertion.",
    "porteurs[].nom": "Association Exemple",
    "porteurs[].type_structure": "ASSO",
    "porteurs[].siret": "12345678900015",
    "porteurs[].site_web": "https://www.exemple.fr/",
    "porteurs[].territoire": "identifiant-du-territoire",
    "porteurs[].role": "porteur-origine",
    "porteurs[].debut": "2012",
    "porteurs[].fin": "2020",
    "porteurs[].email": "contact@exemple.fr",
    "programme": "ais-emploi",
    "programme_nom": "Nom du programme d’accompagnement",
    "programme_source": "ma-source",
    "territoire_origine": "parthenay",
    "annee_creation": 2015,
    "probleme": "Décrivez le problème auquel l’innovation répond, sur son territoire d’origine.\n"
    "Un paragraphe peut tenir sur plusieurs lignes.",
    "principes": ["Une idée qui fait la méthode, en une ou deux phrases."],
    "etapes[].titre": "Repérer les entreprises",
    "etapes[].description": "Ce qui se fait pendant l’étape, et par qui.",
    "etapes[].duree": "3 mois",
    "moyens.humains": "Les personnes et le temps nécessaires.",
    "moyens.financiers": "Le coût et les financements mobilisés.",
    "moyens.outils": "Les outils, supports et formations disponibles.",
    "partenaires[].nom": "France Travail",
    "partenaires[].role": "Oriente des demandeurs d’emploi vers l’action.",
    "facteurs_cles": ["Un facteur clé de succès."],
    "ecueils": ["Une difficulté à anticiper."],
    "indicateurs_suivi": ["Nombre de personnes accompagnées"],
    "parcours_ais.date_entree": "2016-07",
    "parcours_ais.date_sortie": "2019",
    "parcours_ais.paliers[].palier": "etude-faisabilite",
    "parcours_ais.paliers[].statut": "realise",
    "parcours_ais.paliers[].date_debut": "2016-09",
    "parcours_ais.paliers[].date_fin": "2017-03",
    "parcours_ais.paliers[].description": "Ce qui a été fait pendant ce palier.",
    "niveau": "fort",
    "justification": "Ce qui fonde l’appréciation.",
    "essaimage[].structure": "Mission locale Exemple",
    "essaimage[].type_structure": "ML",
    "essaimage[].territoire": "identifiant-du-territoire",
    "essaimage[].date_debut": "2018-01",
    "essaimage[].formation": "La formation ou l’appui reçus pour reprendre l’innovation.",
    "essaimage[].jalons[].jalon": "appropriation-3-mois",
    "essaimage[].jalons[].statut": "realise",
    "essaimage[].jalons[].date": "2018-04",
    "essaimage[].jalons[].resultat": "Ce que l’évaluation a montré.",
    "chiffres[].indicateur": "beneficiaires",
    "chiffres[].libelle": "demandeurs d’emploi accompagnés en 2018",
    "chiffres[].valeur": 120,
    "chiffres[].date": "2018-12",
    "chiffres[].arrondi": False,
    "chiffres[].note": "Une précision sur le périmètre du chiffre.",
    "chiffres[].unite": "personnes",
    "chiffres[].date_inconnue": False,
    "chiffres[].couvre": "Salaires de l’équipe d’accompagnement et frais de formation.",
    "chiffres[].territoire": "parthenay",
    "chiffres_declares[].indicateur": "beneficiaires",
    "essaimage[].chiffres[].indicateur": "sorties-emploi",
    "essaimage[].chiffres[].unite": "pourcentage",
    "essaimage[].chiffres[].libelle": "participants en emploi six mois après",
    "essaimage[].chiffres[].valeur": 47,
    "essaimage[].chiffres[].date": "2019-06",
    "essaimage[].chiffres[].date_inconnue": False,
    "essaimage[].chiffres[].arrondi": False,
    "essaimage[].chiffres[].note": "Une précision sur le périmètre du chiffre.",
    "essaimage[].chiffres[].couvre": "Ce que comprend ce coût.",
    "essaimage[].chiffres[].territoire": "identifiant-du-territoire",
    "evaluations[].id": "mon-evaluation",
    "evaluations[].titre": "Titre de l’évaluation",
    "evaluations[].evaluateur": "Cabinet ou organisme qui évalue",
    "evaluations[].type": "externe",
    "evaluations[].date": "2019-10",
    "evaluations[].constats": "Ce que l’évaluation a trouvé, en une ou deux phrases.",
    "niveau_preuve.evaluations": ["mon-evaluation"],
    "liens[].type": "inspiree-de",
    "liens[].innovation": "identifiant-d-une-autre-innovation",
    "niveau_preuve.niveau": 1,
    "niveau_preuve.justification": "Ce qui permet d’atteindre ce niveau, et ce qui manque pour "
    "le suivant.",
    "sources[].id": "ma-source",
    "sources[].titre": "Titre du document",
    "sources[].editeur": "Organisme qui publie le document",
    "sources[].url": "https://www.exemple.fr/document",
    "sources[].date": "2021-04",
    "sources[].type": "rapport",
    "sources[].pages": "p. 12-14",
    "sources[].copie_url": "https://web.archive.org/web/2020/https://www.exemple.fr/document",
    "source": "ma-source",
    "contact.nom": "Service emploi",
    "contact.structure": "Association Exemple",
    "contact.email": "contact@exemple.fr",
    "contact.telephone": "01 23 45 67 89",
    "contact.site_web": "https://www.exemple.fr/contact",
    "mis_a_jour": "2025-01",
    "territoire:type": "commune",
    "code_qpv": "QP079001",
    "composantes": ["identifiant-d-une-commune", "identifiant-d-un-quartier"],
    "codes_cog": ["79202"],
    "departements": ["79"],
    "parent": "deux-sevres",
    "coordonnees.latitude": 46.65,
    "coordonnees.longitude": -0.25,
    "description": "Ce qu’il faut savoir du territoire pour comprendre les innovations qui y "
    "sont nées ou y ont essaimé.",
}

# A word more than the schema says, for some fields (French, shown in the template only).
HINTS: dict[str, str] = {
    "id": "Il est déjà rempli : c’est le nom du fichier.",
    "territoire_origine": "Le fichier content/territories/<identifiant>.yml doit exister : "
    "s’il manque, créez-le avec « python -m generator new territoire <identifiant> ».",
    "porteurs[].territoire": "Un fichier de content/territories/.",
    "essaimage[].territoire": "Un fichier de content/territories/.",
    "parent": "Un fichier de content/territories/.",
    "departements": 'Entre crochets et guillemets, par exemple ["79"] ou ["2A", "2B"] ; '
    "laissez [] seulement pour un territoire national.",
    "coordonnees": "Obligatoires pour une commune, un arrondissement municipal, un EPCI, un "
    "groupement de communes ou un bassin d’emploi.",
    "millesime_cog": "Obligatoire dès qu’il y a des codes COG.",
    "thematiques": "Retirez « # » et l’espace qui le suit devant chaque thématique qui convient.",
    "publics": "Retirez « # » et l’espace qui le suit devant chaque public qui convient.",
}

# Required fields written with another value than an empty one: `[]` keeps the list valid for
# the schema, and the validator's own rule (`departement-manquant`) asks for the codes once.
REQUIRED_PLACEHOLDERS: dict[str, str] = {"territoire:departements": "[]"}


class ScaffoldError(Exception):
    """The template cannot be written; `usage` tells a bad argument from a refusal."""

    def __init__(self, message: str, *, usage: bool) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Created:
    path: Path
    kind: str
    ident: str


def suggest_id(text: str) -> str:
    """A kebab-case identifier close to `text` (accents and capitals dropped)."""

    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:ID_MAX_LENGTH].strip("-")


def check_id(ident: str) -> None:
    """Raise ScaffoldError (usage) unless `ident` has the schema's identifier form."""
    if ID_PATTERN.match(ident) and len(ident) <= ID_MAX_LENGTH:
        reason = reserved_reason(ident)
        if reason is None:
            return
        raise ScaffoldError(
            f"l'identifiant « {ident} » est réservé : {reason}. Choisissez un identifiant "
            f"plus précis, par exemple « {ident}-saint-etienne ».",
            usage=True,
        )
    if len(ident) > ID_MAX_LENGTH:
        problem = f"l'identifiant dépasse {ID_MAX_LENGTH} caractères"
    else:
        problem = f"« {ident} » n'est pas un identifiant valide"
    message = (
        f"{problem} : un identifiant s'écrit en minuscules sans accents, avec des chiffres et "
        "des tirets entre les mots, par exemple « vita-air »."
    )
    suggestion = suggest_id(ident)
    if suggestion and suggestion != ident and ID_PATTERN.match(suggestion):
        message += f" Essayez « {suggestion} »."
    raise ScaffoldError(message, usage=True)


# --- YAML writing -------------------------------------------------------------------------------


_BARE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*\Z")


def _scalar(value: Any, *, bare: bool = False) -> str:
    """A YAML scalar; `bare` leaves codes and identifiers unquoted, as the content files do."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if bare and _BARE.match(text) and resolve_plain(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _is_code(f: Field) -> bool:
    """A vocabulary value or an identifier, written without quotes."""
    ref = f.item_ref if f.is_list else f.ref
    return bool(f.values) or ref.endswith(("#identifiant", "#source_ref"))


def _is_markdown(f: Field) -> bool:
    return f.ref.endswith("#texte")


def _fallback(f: Field) -> Any:
    schema = f.item if f.is_list else f.schema
    ref = f.item_ref if f.is_list else f.ref
    values = f.values
    if values:
        value: Any = next(iter(values))
    elif ref.endswith(("#identifiant", "#source_ref")):
        value = "mon-identifiant"
    elif ref.endswith("#date"):
        value = "2024"
    elif ref.endswith("#url"):
        value = "https://www.exemple.fr/"
    elif schema.get("type") == "integer":
        value = schema.get("minimum", 0)
    elif schema.get("type") == "number":
        value = max(schema.get("minimum", 0), 0)
    elif schema.get("type") == "boolean":
        value = False
    else:
        value = "À compléter"
    return [value] if f.is_list else value


def example(f: Field) -> Any:
    for key in (f"{f.kind}:{f.path}", f.path, f.name):
        if key in EXAMPLES:
            return EXAMPLES[key]
    if f.name == "millesime_cog":
        return cog.millesime()
    return _fallback(f)


def _value_lines(f: Field, value: Any, indent: int) -> list[str]:
    """`name: value` at `indent`, as one or more lines (a Markdown text as a `|` block)."""
    pad = " " * indent
    if isinstance(value, list):
        out = [f"{pad}{f.name}:"]
        for item in value:
            if _is_item_markdown(f) and "\n" in str(item):
                out.append(f"{pad}  - |")
                out += [f"{pad}    {line}" for line in str(item).split("\n")]
            else:
                out.append(f"{pad}  - {_scalar(item, bare=_is_code(f))}")
        return out
    if _is_markdown(f) and isinstance(value, str) and "\n" in value:
        return [f"{pad}{f.name}: |", *(f"{pad}  {line}" for line in value.split("\n"))]
    return [f"{pad}{f.name}: {_scalar(value, bare=_is_code(f))}"]


def _is_item_markdown(f: Field) -> bool:
    return f.item_ref.endswith("#texte")


def _example_lines(f: Field, indent: int) -> list[str]:
    """The YAML of a field filled with its example (and its nested fields, all of them)."""
    pad = " " * indent
    if not f.children:
        return _value_lines(f, example(f), indent)
    out = [f"{pad}{f.name}:"]
    if f.is_list:
        for i, child in enumerate(f.children):
            lines = _example_lines(child, indent + 4)
            if i == 0:
                lines[0] = f"{pad}  - " + lines[0].lstrip()
            out += lines
    else:
        for child in f.children:
            out += _example_lines(child, indent + 2)
    return out


def _comment(lines: list[str], indent: int) -> list[str]:
    """Comment YAML lines out with `# ` at `indent`, so that removing `# ` restores them."""
    pad = " " * indent
    return [f"{pad}# {line[indent:]}" for line in lines]


_NBSP_BEFORE = re.compile(r" ([:;?!»])")
_NBSP_AFTER = re.compile(r"« ")


def _french_spaces(text: str) -> str:
    """No line break inside « … » or before a high punctuation mark (non-breaking spaces)."""
    return _NBSP_AFTER.sub("«\u00a0", _NBSP_BEFORE.sub("\u00a0\\1", text))


def _explain(text: str, level: int = 0, *, bullet: bool = True) -> list[str]:
    """`## ` explanation lines, wrapped; from level 1 on, a bullet (or its continuation)."""
    lead = "  " * (level - 1) + ("- " if bullet else "  ") if level > 0 else ""
    lines = textwrap.wrap(
        _french_spaces(text),
        width=WIDTH,
        initial_indent="## " + lead,
        subsequent_indent="## " + " " * len(lead),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace("\u00a0", " ") for line in lines]


def _plain_type(f: Field) -> str:
    """The expected form, without Markdown, where the description does not already say it."""
    definition = (f.item_ref if f.is_list else f.ref).rsplit("#", 1)[-1]
    schema = f.item if f.is_list else f.schema
    if f.children or f.values:
        return ""
    if definition == "identifiant" and f.name != "id":
        return ""
    if definition in ("texte_court", "coordonnees") or (not definition and "pattern" in schema):
        return ""
    if schema.get("type") in ("integer", "number") and re.search(r"[0-9]", f.description):
        return ""
    text = describe_type(f.schema, f.ref, f.item_ref).replace("`", "")
    return text[0].upper() + text[1:] + "."


def _label(value: Any, label: str) -> str:
    """A vocabulary label without the code it repeats: « ACI » for « Atelier… (ACI) »."""
    label = label.removesuffix(f" ({value})").removeprefix(f"{value} — ")
    return f"{value}\u00a0({label})" if str(value) != label else str(value)


def _values_text(f: Field) -> str:
    return (
        "Valeurs possibles : "
        + " ; ".join(_label(value, label) for value, label in f.values.items())
        + "."
    )


def _field_explanation(f: Field, level: int = 0) -> list[str]:
    need = "obligatoire" if f.required else "facultatif"
    hint = HINTS.get(f"{f.kind}:{f.path}", HINTS.get(f.path, ""))
    if level == 0:
        head = f"{f.title} ({need}) : {f.description}"
    else:
        head = f"{f.name} ({need}) : {f.description}"
    lines = _explain(" ".join(p for p in (head, _plain_type(f), hint) if p), level)
    if f.values and not (level == 0 and f.required and f.is_list):
        lines += _explain(_values_text(f), level, bullet=False)
    if f.children:
        each = "Pour chaque élément :" if f.is_list else "Ses champs :"
        lines += _explain(each, level, bullet=False)
        for child in f.children:
            lines += _field_explanation(child, level + 1)
    return lines


def _required_lines(f: Field, ident: str) -> list[str]:
    """A required top-level field: present, empty, its optional parts commented out."""
    if f.path == "id":
        return [f"id: {ident}"]
    placeholder = REQUIRED_PLACEHOLDERS.get(f"{f.kind}:{f.path}")
    if placeholder is not None:
        return [f"{f.name}: {placeholder}"]
    if not f.children:
        lines = [f"{f.name}:"]
        if f.is_list and f.values:
            width = max(len(str(v)) for v in f.values)
            lines += [
                f"#   - {str(value).ljust(width)}  ## {label}" for value, label in f.values.items()
            ]
        return lines
    # A required group: its required parts empty, the others as commented examples.
    lines = [f"{f.name}:"]
    indent = 4 if f.is_list else 2
    first = True
    for child in f.children:
        if child.required and not child.children:
            line = " " * indent + f"{child.name}:"
            if f.is_list and first:
                line = "  - " + line.lstrip()
            lines.append(line)
            first = False
    for child in f.children:
        if not child.required or child.children:
            lines += _comment(_example_lines(child, indent), indent)
    return lines


def _example_note(f: Field) -> list[str]:
    if f.children or f.path == "id" or (f.is_list and f.values):
        return []
    value = example(f)
    if f.values or f.is_list:
        return []
    return _explain(f"Exemple : {f.name}: {_scalar(value, bare=_is_code(f))}")


def template(kind: str, ident: str, *, schema_url: str = "") -> str:
    """The commented YAML template of a new `kind` file whose identifier is `ident`.

    Its first line points editors at the schema: `schema_url` (the published schema, for the
    template downloaded from the site) or, by default, the schema in the repository.
    """

    schema = load_schema(kind)
    folder = FOLDERS[kind]
    what = "innovation" if kind == "innovation" else "territoire"
    modeline = schema_url or f"../../generator/schemas/{kind}.schema.json"
    lines = [f"# yaml-language-server: $schema={modeline}", "##"]
    lines += _explain(
        f"Fiche {what} « {ident} » (content/{folder}/{ident}.yml). {schema['description']}"
    )
    lines += ["##"]
    lines += _explain("Mode d’emploi :")
    for item in (
        "Les champs obligatoires sont présents et vides : remplissez-les. La commande "
        "« python -m generator validate » liste ceux qui restent à remplir.",
        "Les champs facultatifs sont en commentaire, avec un exemple. Pour en remplir un, "
        "retirez « # » et l’espace qui le suit au début de chacune de ses lignes (dans VS Code : "
        "sélectionnez les lignes, puis Ctrl+/), et remplacez l’exemple. Les lignes « ## » sont "
        "des explications : gardez-les ou supprimez-les.",
        'Un texte s’écrit entre guillemets droits : nom: "Mon texte". Sur plusieurs lignes, '
        "écrivez « | » après les deux-points, puis le texte aux lignes suivantes, en retrait de "
        "deux espaces. Le Markdown est permis (**gras**, *italique*, [lien](https://…)), "
        "le HTML non.",
        "L’indentation se fait avec des espaces, jamais avec des tabulations.",
        "Tous les champs sont décrits sur la page « Référence des champs » du site, rubrique "
        "Contribuer.",
    ):
        lines += _explain(item, 1)
    for f in fields(kind):
        lines.append("")
        lines += _field_explanation(f)
        if f.required:
            lines += _example_note(f)
            lines += _required_lines(f, ident)
        else:
            lines += _comment(_example_lines(f, 0), 0)
    return "\n".join(lines) + "\n"


def target_path(content_dir: Path, kind: str, ident: str) -> Path:
    return content_dir / FOLDERS[kind] / f"{ident}.yml"


def create(content_dir: Path, kind: str, ident: str) -> Created:
    """Write the template of a new file; never overwrites, refuses a taken or invalid id."""
    if kind not in FOLDERS:
        raise ScaffoldError(
            f"« {kind} » n'est pas un type de fiche : choisissez innovation ou territoire.",
            usage=True,
        )
    check_id(ident)
    if not content_dir.is_dir():
        raise ScaffoldError(f"le dossier de contenu « {content_dir} » n'existe pas", usage=True)
    folder = content_dir / FOLDERS[kind]
    path = target_path(content_dir, kind, ident)
    for taken in (path, path.with_suffix(".yaml")):
        if taken.exists():
            raise ScaffoldError(
                f"le fichier {taken.as_posix()} existe déjà : l'identifiant « {ident} » est "
                f"pris. Modifiez ce fichier, ou choisissez un autre identifiant.",
                usage=False,
            )
    folder.mkdir(exist_ok=True)
    text = template(kind, ident)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"le fichier {path.as_posix()} existe déjà : l'identifiant « {ident} » est pris.",
            usage=False,
        ) from None
    return Created(path, kind, ident)
