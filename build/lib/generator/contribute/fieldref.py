"""The field reference, generated from the JSON Schemas so that it can never drift from them.

`fields(kind)` walks a schema (resolving every `$ref`, keeping the labels of the vocabularies)
into a flat, ordered list of `Field`s; `reference_markdown()` turns them into the page
`contribuer/reference.md`, published at every build (see generator/site/contents.py).
The scaffold (`generator/contribute/scaffold.py`) reads the same fields to write its commented templates.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.reserved import SITE_NAMES, WINDOWS_NAMES
from ..check.rules import MAX_BRACKETS
from ..diagnostics import MAX_PER_FILE_AND_CODE
from ..french import number_fr
from ..load.loader import MAX_BYTES, MAX_DEPTH
from ..schema import load_schema, ref_target
from ..site.render.markdown import MAX_LINK_TEXT

# The content kinds documented, in page order: (kind, heading, file, anchor).
KINDS = [
    ("innovation", "Fiche innovation", "content/innovations/<id>.yml", "innovation"),
    ("territoire", "Fiche territoire", "content/territories/<id>.yml", "territoire"),
    ("programme", "Le programme", "content/programme.yml", "programme"),
]
PAGE = Path("contribuer") / "reference.md"
# The blank templates published beside the guide, for those who edit on GitHub's website.
TEMPLATES = {"innovation": "mon-innovation", "territoire": "mon-territoire"}

TYPES_FR = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "vrai ou faux (`true` ou `false`)",
    "array": "liste",
    "object": "groupe de champs",
}


@dataclass
class Field:
    """One property of a schema, at any depth."""

    kind: str  # innovation, territoire, programme
    path: str  # "porteurs[].nom": the field `nom` of each item of the list `porteurs`
    name: str
    title: str
    description: str
    required: bool
    schema: dict[str, Any]  # resolved: no `$ref` left, vocabularies kept as labelled oneOf
    ref: str = ""  # the shared definition it comes from, e.g. "commun#texte_court"
    item_ref: str = ""  # for a list: the definition of its items
    depth: int = 0
    parent: Field | None = None
    children: list[Field] = field(default_factory=list)

    @property
    def item(self) -> dict[str, Any]:
        items = self.schema.get("items")
        return items if isinstance(items, dict) else {}

    @property
    def is_list(self) -> bool:
        return self.schema.get("type") == "array"

    @property
    def is_group(self) -> bool:
        """An object, or a list of objects: a field with fields of its own."""
        return bool(self.children)

    @property
    def values(self) -> dict[Any, str]:
        """Allowed values and their labels, for a vocabulary (or a list of one)."""
        return vocabulary_of(self.item if self.is_list else self.schema)

    @property
    def anchor(self) -> str:
        return anchor(self.kind, self.path)


def vocabulary_of(schema: dict[str, Any]) -> dict[Any, str]:
    options = schema.get("oneOf")
    if isinstance(options, list) and options and all("const" in o for o in options):
        return {o["const"]: o.get("title", str(o["const"])) for o in options}
    if isinstance(schema.get("enum"), list):
        return {value: str(value) for value in schema["enum"]}
    return {}


def anchor(kind: str, path: str) -> str:
    """The HTML id of a field on the reference page: `innovation-porteurs-nom`."""
    return f"{kind}-" + re.sub(r"[^a-z0-9_]+", "-", path.replace("[]", "")).strip("-")


def _resolve(
    node: dict[str, Any], document: dict[str, Any]
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """The node with its `$ref` merged in (local keys win), the name of the definition, and
    the document against which the refs nested in the result resolve."""
    if "$ref" not in node:
        return node, "", document
    file, _, fragment = node["$ref"].partition("#")
    target, target_doc = ref_target(node["$ref"], document)
    resolved, _, inner_doc = _resolve(copy.deepcopy(target), target_doc)
    resolved = {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    doc_name = (file or document.get("$id", "")).removesuffix(".schema.json")
    return resolved, f"{doc_name}#{fragment.rsplit('/', 1)[-1]}", inner_doc


def _walk(
    kind: str,
    properties: dict[str, Any],
    required: list[str],
    document: dict[str, Any],
    prefix: str,
    parent: Field | None,
    depth: int,
) -> list[Field]:
    out: list[Field] = []
    for name, raw in properties.items():
        schema, ref, inner_doc = _resolve(raw, document)
        path = f"{prefix}{name}"
        f = Field(
            kind=kind,
            path=path,
            name=name,
            title=schema.get("title", name),
            description=schema.get("description", ""),
            required=name in required,
            schema=schema,
            ref=ref,
            depth=depth,
            parent=parent,
        )
        inner, inner_prefix = schema, f"{path}."
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            item, f.item_ref, inner_doc = _resolve(schema["items"], inner_doc)
            schema["items"] = item
            inner, inner_prefix = item, f"{path}[]."
        if isinstance(inner.get("properties"), dict):
            f.children = _walk(
                kind,
                inner["properties"],
                list(inner.get("required", [])),
                inner_doc,
                inner_prefix,
                f,
                depth + 1,
            )
        out.append(f)
    return out


def fields(kind: str) -> list[Field]:
    """The top-level fields of a content kind, each with its nested fields as children."""
    document = copy.deepcopy(load_schema(kind))  # the walk writes resolved items back
    return _walk(
        kind, document["properties"], list(document.get("required", [])), document, "", None, 0
    )


def flatten(items: list[Field]) -> list[Field]:
    """Every field, depth first, in schema order."""
    out: list[Field] = []
    for f in items:
        out.append(f)
        out.extend(flatten(f.children))
    return out


def _bounds(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" de {low} à {high}"
    if low == 0:
        return " positif ou nul"
    if low is not None:
        return f" supérieur ou égal à {low}"
    if high is not None:
        return f" inférieur ou égal à {high}"
    return ""


def describe_type(schema: dict[str, Any], ref: str = "", item_ref: str = "") -> str:
    """The expected value, in French, from the resolved schema of a field."""
    definition = ref.rsplit("#", 1)[-1]
    if vocabulary_of(schema):
        return "une valeur de la liste ci-dessous"
    if definition == "identifiant":
        return "identifiant : minuscules sans accents, chiffres et tirets (`mon-exemple`)"
    if definition == "source_ref":
        return "identifiant d’une source de la liste `sources` du même fichier"
    if definition == "date":
        return "date : `AAAA`, `AAAA-MM` ou `AAAA-MM-JJ`, selon la précision connue"
    if definition == "url" or schema.get("format") == "uri":
        return "adresse web complète, commençant par `https://` (ou `http://`)"
    if definition == "texte":
        return (
            "texte en Markdown, sur une ou plusieurs lignes, sans HTML "
            f"({number_fr(schema.get('maxLength', 20000))} caractères au plus)"
        )
    if definition == "texte_court":
        return f"texte sur une ligne, sans HTML ({schema.get('maxLength', 300)} caractères au plus)"
    kind = schema.get("type")
    if kind == "array":
        item = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        notes = []
        if schema.get("minItems"):
            notes.append(f"au moins {schema['minItems']}")
        if schema.get("maxItems"):
            notes.append(f"au plus {schema['maxItems']}")
        if schema.get("uniqueItems"):
            notes.append("sans doublon")
        what = "liste" + (f" ({', '.join(notes)})" if notes else "")
        if item.get("type") == "object":
            return what + " de groupes de champs (détaillés ci-dessous)"
        if item:
            return f"{what} ; chaque élément : {describe_type(item, item_ref)}"
        return what
    if kind == "object":
        return "groupe de champs (détaillés ci-dessous)"
    if kind in ("integer", "number"):
        return TYPES_FR[kind] + _bounds(schema)
    if kind == "string":
        text = "texte"
        if schema.get("format") == "email":
            text = "adresse électronique"
        if schema.get("pattern"):
            text += f", de la forme `{schema['pattern']}` (expression régulière)"
        return text
    if isinstance(kind, list):
        return " ou ".join(TYPES_FR.get(k, k) for k in kind)
    return TYPES_FR.get(kind or "", "valeur")


def requirement(f: Field) -> str:
    """« obligatoire », « facultatif », or where the field is obligatory."""
    if not f.required:
        return "facultatif"
    if f.parent is None:
        return "obligatoire"
    if f.parent.is_list:
        return f"obligatoire dans chaque élément de « {f.parent.title} »"
    return f"obligatoire dès que « {f.parent.title} » est rempli"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def md_text(text: str) -> str:
    """Schema text shown literally in Markdown: no accidental emphasis, link or HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _md_code(value: Any) -> str:
    text = str(value).replace("`", "")
    return f"`{text}`"


def _field_section(f: Field) -> list[str]:
    level = "###" if f.depth == 0 else "####"
    lines = [
        f"{level} {_md_code(f.path)} — {md_text(f.title)} {{#{f.anchor}}}",
        "",
        f"*{_sentence(requirement(f))}* · {describe_type(f.schema, f.ref, f.item_ref)}",
        "",
    ]
    if f.description:
        lines += [md_text(f.description), ""]
    values = f.values
    if values:
        lines += ["| Valeur | Signification |", "| --- | --- |"]
        lines += [f"| {_md_code(value)} | {md_text(label)} |" for value, label in values.items()]
        lines.append("")
    if f.children:
        names = ", ".join(f"[{_md_code(c.name)}](#{c.anchor})" for c in f.children)
        lines += [f"Champs : {names}.", ""]
    return lines


def reference_markdown() -> str:
    """The whole reference page, as Markdown with front matter."""
    lines = [
        "---",
        'title: "Référence des champs"',
        'description: "Tous les champs des fiches innovation et territoire, tirés du modèle de '
        'contenu."',
        "---",
        "",
        "# Référence des champs",
        "",
        "Cette page est produite à chaque construction du site à partir du modèle de contenu "
        "(`generator/schemas/`), celui-là même qu’applique le validateur : elle ne peut pas "
        "être en retard sur lui. Pour savoir comment proposer une fiche, voir "
        "[le guide du contributeur](index.md).",
        "",
        "Un chemin comme `porteurs[].nom` désigne le champ `nom` de chaque élément de la liste "
        "`porteurs`. Un champ *obligatoire dans chaque élément* ne l’est que si la liste ou le "
        "groupe qui le contient est rempli.",
        "",
    ]
    for kind, heading, file, section_anchor in KINDS:
        schema = load_schema(kind)
        top = fields(kind)
        required = [f for f in top if f.required]
        lines += [
            f"## {heading} ({_md_code(file)}) {{#{section_anchor}}}",
            "",
            md_text(schema.get("description", "")),
            "",
            "Champs obligatoires : "
            + ", ".join(f"[{_md_code(f.name)}](#{f.anchor})" for f in required)
            + ".",
            "",
        ]
        for f in flatten(top):
            lines += _field_section(f)
    lines += refusals_markdown()
    return "\n".join(lines).rstrip("\n") + "\n"


def _codes(names: frozenset[str] | set[str]) -> str:
    return ", ".join(_md_code(n) for n in sorted(names, key=lambda n: (n[0].isdigit(), n)))


def refusals_markdown() -> list[str]:
    """The section « Ce qui est refusé, et pourquoi »: the limits the validator applies beyond
    the form of each field, with their reasons (issue 14), read from the code that applies
    them so that the page cannot drift from it."""

    common = load_schema("commun")["$defs"]
    short, text = common["texte_court"]["maxLength"], common["texte"]["maxLength"]
    value_max = number_fr(common["chiffre"]["properties"]["valeur"]["maximum"])
    return [
        "## Ce qui est refusé, et pourquoi {#refus}",
        "",
        "Chacun peut proposer une fiche, et le site est public : le validateur refuse ce qui "
        "pourrait abîmer le site, tromper un lecteur ou bloquer la vérification. Chaque refus "
        "est signalé à sa ligne et sa colonne, avec son code entre crochets.",
        "",
        "### Caractères",
        "",
        "- **Caractères de contrôle et non-caractères Unicode** (`caractere-interdit`) : "
        "interdits dans toute valeur, toute clé et tout identifiant, qu’ils soient tapés ou "
        "écrits comme séquence d’échappement entre guillemets doubles (`\\0`, `\\e`, "
        "`\\x7f`, `\\x85`, `\\uFFFE`…). Invisibles, ils finiraient dans les pages et les "
        "fichiers de données, où ils peuvent masquer ou déguiser du texte.",
        "- **Séparateurs de ligne U+2028 et U+2029, et U+0085** (`caractere-interdit`) : YAML "
        "les compte comme des retours à la ligne, mais ni les éditeurs, ni `grep`, ni git : "
        "une ligne de commentaire pourrait cacher un champ, et les numéros de ligne signalés "
        "seraient faux. Ils sont signalés à leur ligne, comptée comme dans un éditeur.",
        "- **Retour à la ligne et tabulation** : permis seulement dans les textes en Markdown "
        "(ceux dont le type dit « sur une ou plusieurs lignes ») ; ailleurs (noms, codes, "
        "adresses, identifiants), ils se retrouveraient dans des noms de dossier, des titres "
        "de page ou des lignes CSV. Un bloc `>` ou `|` ajoute un retour à la ligne final : "
        "écrivez une valeur courte sur la ligne de sa clé.",
        "",
        "### Tailles et nombres",
        "",
        f"- Un fichier pèse au plus {MAX_BYTES // 1024} Kio (`fichier-trop-gros`) et s’imbrique "
        f"sur {MAX_DEPTH} niveaux au plus (`yaml-profondeur`) ; un texte court a "
        f"{short} caractères au plus, un texte en Markdown {number_fr(text)} "
        "(`texte-trop-long`).",
        f"- Un texte contient au plus {MAX_BRACKETS} crochets `[` (`trop-de-crochets`) : "
        "le moteur Markdown cherche la fin d’un lien à partir de chaque crochet, et des "
        "milliers de crochets bloqueraient la construction du site plus d’une minute. Pour "
        f"la même raison, le texte d’un lien tient en {number_fr(MAX_LINK_TEXT)} caractères ; "
        "au-delà, les crochets restent du texte.",
        "- **Chaque nombre a un minimum et un maximum**, donnés avec chaque champ ci-dessus "
        f"(une valeur de chiffre va de 0 à {value_max}) : `1e999`, un nombre de milliers de "
        "chiffres ou `.inf` sont refusés (`hors-limites`, `type-invalide`) ; ils feraient "
        "échouer les totaux et l’affichage.",
        f"- Au-delà de {MAX_PER_FILE_AND_CODE} problèmes du même code dans un fichier, les "
        "suivants sont comptés dans un dernier message « … et N autres » : une liste de "
        "100 000 éléments faux ne produit pas 100 000 messages.",
        "",
        "### Identifiants et fichiers",
        "",
        "- Un identifiant a la forme `mon-exemple` d’un bout à l’autre : rien avant, rien "
        "après, pas même un retour à la ligne final (`identifiant-invalide`).",
        "- **Identifiants réservés** (`id-reserve`) : "
        + _codes(SITE_NAMES)
        + " sont des pages ou des dossiers que le site produit (ou produira) lui-même : une "
        "fiche de ce nom les remplacerait ou serait remplacée. "
        + _codes(WINDOWS_NAMES)
        + " sont des noms de périphériques de Windows : un fichier de ce nom ne peut pas y "
        "être créé, ni donc relu.",
        "- Seuls les fichiers `.yml` (en minuscules) de `content/innovations/` et "
        "`content/territories/` sont lus. Un fichier `.YML`, `.yaml` ou `.yml.txt` est une "
        "**erreur** (`extension`) : c’est une fiche qui manquerait au site sans que personne "
        "le voie. Les autres fichiers et les sous-dossiers donnent un **avertissement** "
        "(`fichier-ignore`) : ils ne sont pas lus. Les fichiers cachés (`.nom`) sont ignorés.",
        "- **Liens symboliques et fichiers spéciaux** (`lien-symbolique`, `fichier-special`) : "
        "refusés sans être ouverts. Un lien ferait lire, et publier, un fichier hors du "
        "dépôt ; un tube ou un périphérique bloquerait la vérification.",
        "",
        "### Adresses, codes et dates",
        "",
        "- Une adresse web commence par `https://` ou `http://` ; une adresse qui contient un "
        "identifiant ou un mot de passe (`https://nom:motdepasse@…`) est refusée "
        "(`url-identifiants`), dans un champ d’adresse comme dans un lien d’un texte : elle "
        "serait publiée telle quelle.",
        "- **Codes géographiques** : une commune (ou un arrondissement municipal) porte un "
        "code de commune, un département son code de département, une région un code de "
        "région, un EPCI son SIREN (`code-cog-mauvais-type`) ; le code d’une commune ou "
        "d’un département appartient à l’un des `departements` déclarés "
        "(`code-cog-hors-departement`). Sinon la fiche serait placée au mauvais endroit de "
        "la carte et des totaux.",
        "- **Dates dans le futur** (`date-future`, erreur) : une année de création, une "
        "mise à jour, un palier ou un jalon au statut `realise` ne peuvent pas être datés "
        "après le jour de la vérification : ce sont des faits passés, et une date future est "
        "une faute de frappe ou une information fausse. Les dates d’un palier ou d’un jalon "
        "prévu peuvent être futures.",
        "- **Création après l’entrée dans l’accélérateur** (`creation-apres-entree`, "
        "avertissement) : l’accélérateur accompagne des innovations qui existent déjà, mais "
        "une source peut dater la création de la structure qui porte l’innovation après un "
        "premier essai ; c’est à vérifier, pas forcément faux.",
        "",
        "### Dans les fichiers de données",
        "",
        "Dans les fichiers CSV des données ouvertes, un texte qui commence par `=`, `+`, `-`, "
        "`@`, une tabulation ou un retour chariot est précédé d’une apostrophe droite, comme "
        "le recommande l’OWASP : un tableur ne l’exécute pas comme une formule.",
        "",
    ]
