"""The field reference page (`contribuer/reference.md`) lists every property of the schemas.

The schemas are walked here independently of generator/contribute/fieldref.py, straight from the JSON
files, and compared with what the page shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from helpers import write_contents

from generator.contribute import fieldref

SCHEMAS = Path(__file__).resolve().parents[1] / "generator" / "schemas"
KINDS = ["innovation", "territoire", "programme"]


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def deref(node: dict[str, Any], doc: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref` (one file or another); local keys (title, description) take precedence."""
    while "$ref" in node:
        file, _, fragment = node["$ref"].partition("#")
        doc = file.removesuffix(".schema.json") if file else doc
        target: Any = load(doc)
        for part in fragment.strip("/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, doc


def schema_properties(kind: str) -> dict[str, dict[str, Any]]:
    """{path: resolved schema, with `required`} for every property, nested ones included."""
    out: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], doc: str, prefix: str) -> None:
        required = set(node.get("required", []))
        for name, raw in node.get("properties", {}).items():
            prop, where = deref(raw, doc)
            path = prefix + name
            out[path] = {**prop, "required": name in required}
            if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
                item, item_doc = deref(prop["items"], where)
                out[path]["items"] = item
                walk(item, item_doc, f"{path}[].")
            elif "properties" in prop:
                walk(prop, where, f"{path}.")

    walk(load(kind), kind, "")
    return out


@pytest.fixture(scope="module")
def page() -> str:
    return fieldref.reference_markdown()


def sections(page: str) -> dict[str, str]:
    """The page cut at its `## ` headings, by anchor."""
    parts = re.split(r"(?m)^## .*\{#([a-z]+)\}$", page)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def listed(section: str) -> dict[str, str]:
    """{path: text of its entry} for every field heading of a section."""
    found = re.split(r"(?m)^#{3,4} `([^`]+)` — ", section)
    return dict(zip(found[1::2], found[2::2], strict=True))


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_listed_once(page: str, kind: str) -> None:
    section = sections(page)[kind]
    headings = re.findall(r"(?m)^#{3,4} `([^`]+)` — ", section)
    assert len(headings) == len(set(headings)), "a field is listed twice"
    assert set(headings) == set(schema_properties(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_each_entry_has_title_description_and_requirement(page: str, kind: str) -> None:
    entries = listed(sections(page)[kind])
    for path, prop in schema_properties(kind).items():
        text = entries[path]
        title_line, _, rest = text.partition("\n")
        assert fieldref.md_text(prop["title"]) in title_line, path
        assert fieldref.md_text(prop.get("description", "")) in rest, path
        requirement = rest.strip().split("·", 1)[0]
        if prop["required"]:
            assert requirement.startswith("*Obligatoire"), path
        else:
            assert requirement.startswith("*Facultatif"), path


@pytest.mark.parametrize("kind", KINDS)
def test_vocabularies_list_every_value_with_its_label(page: str, kind: str) -> None:
    entries = listed(sections(page)[kind])
    checked = 0
    for path, prop in schema_properties(kind).items():
        options = prop.get("oneOf") or prop.get("items", {}).get("oneOf") or []
        for option in options:
            row = f"| `{option['const']}` | {fieldref.md_text(option['title'])} |"
            assert row in entries[path], f"{path}: {option['const']}"
            checked += 1
    assert kind == "programme" or checked > 0


def test_required_fields_are_summed_up_per_kind(page: str) -> None:
    for kind in KINDS:
        summary = re.search(r"Champs obligatoires : (.*)\.", sections(page)[kind])
        assert summary is not None
        names = re.findall(r"\[`([^`]+)`\]", summary.group(1))
        assert names == load(kind)["required"]


def test_page_is_safe_markdown_with_working_anchors(page: str) -> None:
    html = markdown.markdown(page.split("---", 2)[2], extensions=["attr_list", "tables", "toc"])
    assert "<id>" not in html, "schema text must not become markup"
    assert "&lt;id&gt;" in html
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids, targets - ids
    assert "](index.md)" in page


def test_the_site_publishes_the_page_and_the_templates(tmp_path: Path) -> None:
    from generator.model import Catalogue

    write_contents(Catalogue({}, {}), tmp_path)
    assert (tmp_path / "contribuer" / "reference.md").read_text(encoding="utf-8") == (
        fieldref.reference_markdown()
    )
    for kind in ("innovation", "territoire"):
        text = (tmp_path / "contribuer" / f"modele-{kind}.yml").read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../generator/schemas/{kind}")


def test_the_published_templates_point_at_the_published_schemas(tmp_path: Path) -> None:
    from generator.model import Catalogue

    write_contents(Catalogue({}, {}), tmp_path, site_url="https://exemple.org/depot/")
    for kind in ("innovation", "territoire"):
        text = (tmp_path / "contribuer" / f"modele-{kind}.yml").read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first == (
            f"# yaml-language-server: $schema=https://exemple.org/depot/schemas/{kind}.schema.json"
        )


def test_walk_does_not_alter_the_loaded_schemas() -> None:
    from generator.schema import load_schema

    before = json.dumps(load_schema("innovation"), sort_keys=True)
    fieldref.fields("innovation")
    assert json.dumps(load_schema("innovation"), sort_keys=True) == before


def test_refusals_section_says_what_is_refused_and_why(page: str) -> None:
    from generator.check.reserved import RESERVED_IDS

    section = sections(page)["refus"]
    for code in (
        "caractere-interdit",
        "hors-limites",
        "trop-de-crochets",
        "id-reserve",
        "extension",
        "fichier-ignore",
        "lien-symbolique",
        "url-identifiants",
        "code-cog-mauvais-type",
        "code-cog-hors-departement",
        "date-future",
        "creation-apres-entree",
    ):
        assert f"`{code}`" in section, code
    for ident in RESERVED_IDS:
        assert f"`{ident}`" in section, ident
    assert "erreur" in section and "avertissement" in section and "OWASP" in section
