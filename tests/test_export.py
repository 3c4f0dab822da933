"""Open data exports: catalogue.json against the published JSON Schemas, each CSV against its
Table Schema (checked by a small checker below), known values, determinism, the data page."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import write_contents
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.check.validate import validate_content
from generator.model import Catalogue, build_catalogue
from generator.schema import SCHEMA_DIR, SCHEMA_FILES, format_checker
from generator.site import export
from generator.site.build import build_site
from generator.site.figures.compute import compute

FIXTURE = Path(__file__).parent / "fixtures" / "figures"
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = Path(__file__).resolve().parents[1] / "content"
STORIES = Path(__file__).parent / "fixtures" / "stories"
DATE_KEYS = {"date", "date_debut", "date_fin", "date_entree", "date_sortie", "mis_a_jour"}


def load(content_dir: Path) -> tuple[Catalogue, Any]:
    result = validate_content(content_dir)
    assert result.ok, [str(d) for d in result.errors]
    return build_catalogue(result.content), result.content


@pytest.fixture(scope="module", params=["fixture", "shipped", "stories"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folders = {"fixture": FIXTURE, "shipped": SHIPPED, "stories": STORIES}
    catalogue, content = load(folders[request.param])
    docs = tmp_path_factory.mktemp(f"docs-{request.param}")
    write_contents(catalogue, docs)
    return catalogue, content, docs


@pytest.fixture(scope="module")
def fixture_docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Path]:
    catalogue, _ = load(FIXTURE)
    docs = tmp_path_factory.mktemp("docs")
    write_contents(catalogue, docs)
    return catalogue, docs


# ---------------------------------------------------------------------------------------------
# A small Table Schema checker: field names and order, types, constraints, primary key


def check_table(schema: dict[str, Any], text: str) -> list[str]:
    """Problems of a CSV against a Table Schema (string, integer, number, boolean, date)."""
    problems: list[str] = []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return ["fichier vide"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if rows[0] != names:
        return [f"en-tête {rows[0]} au lieu de {names}"]
    missing = set(schema.get("missingValues", [""]))
    seen: dict[str, set[str]] = {f["name"]: set() for f in fields}
    keys: set[tuple[str, ...]] = set()
    key_fields = schema.get("primaryKey", [])
    key_fields = [key_fields] if isinstance(key_fields, str) else key_fields
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            problems.append(f"ligne {n} : {len(row)} cellules au lieu de {len(fields)}")
            continue
        for field, value in zip(fields, row, strict=True):
            where = f"ligne {n}, {field['name']}"
            rules = field.get("constraints", {})
            if value in missing:
                if rules.get("required"):
                    problems.append(f"{where} : valeur obligatoire")
                continue
            kind = field.get("type", "string")
            number: Decimal | None = None
            if kind == "integer":
                if not re.fullmatch(r"[+-]?[0-9]+", value):
                    problems.append(f"{where} : « {value} » n’est pas un entier")
                    continue
                number = Decimal(value)
            elif kind == "number":
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    problems.append(f"{where} : « {value} » n’est pas un nombre")
                    continue
                if not number.is_finite():
                    problems.append(f"{where} : « {value} » n’est pas un nombre")
                    continue
            elif kind == "boolean":
                if value not in ("true", "false", "True", "False", "TRUE", "FALSE", "1", "0"):
                    problems.append(f"{where} : « {value} » n’est pas un booléen")
            elif kind == "date":
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                    problems.append(f"{where} : « {value} » n’est pas une date AAAA-MM-JJ")
            elif kind != "string":
                problems.append(f"{where} : type {kind} non pris en charge")
            if "pattern" in rules and not re.fullmatch(rules["pattern"], value):
                problems.append(f"{where} : « {value} » ne suit pas le motif")
            if "enum" in rules and value not in rules["enum"]:
                problems.append(f"{where} : « {value} » hors de la liste")
            if (
                number is not None
                and "minimum" in rules
                and number < Decimal(str(rules["minimum"]))
            ):
                problems.append(f"{where} : {value} < {rules['minimum']}")
            if (
                number is not None
                and "maximum" in rules
                and number > Decimal(str(rules["maximum"]))
            ):
                problems.append(f"{where} : {value} > {rules['maximum']}")
            if rules.get("unique"):
                if value in seen[field["name"]]:
                    problems.append(f"{where} : « {value} » en double")
                seen[field["name"]].add(value)
        key = tuple(row[names.index(k)] for k in key_fields)
        if key_fields and key in keys:
            problems.append(f"ligne {n} : clé {key} en double")
        keys.add(key)
    return problems


SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "code", "type": "string", "constraints": {"pattern": "^[0-9]{2}$"}},
        {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "x", "type": "number"},
        {"name": "ok", "type": "boolean"},
        {"name": "jour", "type": "date"},
        {"name": "statut", "type": "string", "constraints": {"enum": ["a", "b"]}},
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}


def test_checker_accepts_a_good_table() -> None:
    text = "id,code,n,x,ok,jour,statut\r\na,01,3,2.5,true,2024-01-31,a\r\nb,,,,,,\r\n"
    assert check_table(SCHEMA, text) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code,id,n,x,ok,jour,statut\r\n", "en-tête"),
        ("id,code,n,x,ok,jour,statut\r\n,01,,,,,\r\n", "valeur obligatoire"),
        ("id,code,n,x,ok,jour,statut\r\na,1,,,,,\r\n", "ne suit pas le motif"),
        ("id,code,n,x,ok,jour,statut\r\na,,1.5,,,,\r\n", "n’est pas un entier"),
        ("id,code,n,x,ok,jour,statut\r\na,,-1,,,,\r\n", "< 0"),
        ("id,code,n,x,ok,jour,statut\r\na,,,1,5,,,\r\n", "cellules"),
        ("id,code,n,x,ok,jour,statut\r\na,,,abc,,,\r\n", "n’est pas un nombre"),
        ("id,code,n,x,ok,jour,statut\r\na,,,,oui,,\r\n", "n’est pas un booléen"),
        ("id,code,n,x,ok,jour,statut\r\na,,,,,2024-01,\r\n", "n’est pas une date"),
        ("id,code,n,x,ok,jour,statut\r\na,,,,,,c\r\n", "hors de la liste"),
        ("id,code,n,x,ok,jour,statut\r\na,,,,,,\r\na,,,,,,\r\n", "en double"),
    ],
)
def test_checker_catches(text: str, problem: str) -> None:
    problems = check_table(SCHEMA, text)
    assert any(problem in p for p in problems), problems


# ---------------------------------------------------------------------------------------------
# Every export against its schema


def test_each_csv_validates_against_its_table_schema(written) -> None:
    catalogue, _, docs = written
    for table in export.TABLES:
        schema = json.loads((docs / "donnees" / table.schema_name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://frictionlessdata.io/schemas/table-schema.json"
        assert schema["licenses"][0]["name"] == "etalab-2.0"
        raw = (docs / "donnees" / table.csv_name).read_bytes()
        text = raw.decode("utf-8")  # UTF-8, no BOM
        assert not text.startswith("\ufeff")
        assert check_table(schema, text) == [], table.name
        assert text.count("\r\n") == len(list(csv.reader(io.StringIO(text, newline="")))), (
            table.name
        )


def _registry(schemas_dir: Path) -> Registry:
    def retrieve(uri: str) -> Resource:
        name = uri.rsplit("/", 1)[-1]
        return Resource.from_contents(json.loads((schemas_dir / name).read_text(encoding="utf-8")))

    return Registry(retrieve=retrieve)  # type: ignore[call-arg]


def test_catalogue_json_validates_against_published_schemas(written) -> None:
    _, _, docs = written
    schemas = docs / "schemas"
    data = json.loads((docs / "donnees" / "catalogue.json").read_text(encoding="utf-8"))
    root = json.loads((schemas / "catalogue.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(
        root, registry=_registry(schemas), format_checker=format_checker()
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    # The refs did resolve to the published files: a broken innovation is refused.
    broken = json.loads(json.dumps(data))
    broken["innovations"][0]["thematiques"] = ["pas-une-thematique"]
    broken["territoires"][0]["departements"] = ["1"]
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("pas-une-thematique" in m for m in messages)
    assert any("'1'" in m for m in messages)


def test_published_schemas_are_the_content_schemas(written) -> None:
    _, _, docs = written
    for name in SCHEMA_FILES:
        assert (docs / "schemas" / f"{name}.schema.json").read_bytes() == (
            SCHEMA_DIR / f"{name}.schema.json"
        ).read_bytes()


def _normalised(value: Any, key: str = "") -> Any:
    """A content document as the export writes it: dates as text, no empty values."""
    if isinstance(value, dict):
        out = {k: _normalised(v, k) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ("", None, [], {}) or k == "departements"}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if key in DATE_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if key == "arrondi" and value is False:
        return None
    if key == "valeur" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_catalogue_json_is_the_whole_content(written) -> None:
    """Nothing is lost: each exported document is its content file, normalised."""
    catalogue, content, docs = written
    data = json.loads((docs / "donnees" / "catalogue.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in data["innovations"]}
    assert list(by_id) == sorted(by_id)
    for doc in content.innovations:
        assert by_id[doc.data["id"]] == _normalised(doc.data), doc.path
    territories = {d["id"]: d for d in data["territoires"]}
    for doc in content.territories:
        assert territories[doc.data["id"]] == _normalised(doc.data), doc.path
    assert data["programme"] == _normalised(content.programme.data)
    assert data["licence"]["nom"] == "Licence Ouverte / Open Licence version 2.0"


# ---------------------------------------------------------------------------------------------
# Known values (fixture)


def _rows(docs: Path, name: str) -> list[dict[str, str]]:
    text = (docs / "donnees" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_innovations_csv_values(fixture_docs) -> None:
    catalogue, docs = fixture_docs
    rows = {r["id"]: r for r in _rows(docs, "innovations")}
    assert list(rows) == ["alpha-emploi", "beta-formation", "delta-corse", "gamma-national"]
    alpha, beta, gamma = rows["alpha-emploi"], rows["beta-formation"], rows["gamma-national"]
    assert (
        alpha["beneficiaires"],
        alpha["beneficiaires_date"],
        alpha["beneficiaires_arrondi"],
    ) == (
        "120",
        "2020-12",
        "false",
    )
    assert (beta["beneficiaires"], beta["beneficiaires_arrondi"]) == ("50", "true")
    assert beta["structures_formees"] == "5"
    assert gamma["beneficiaires"] == ""  # a rate (47 %) is not a count of beneficiaries
    assert alpha["departements"] == "18;59;79" and rows["delta-corse"]["departements"] == "2A;79"
    assert alpha["palier_atteint"] == "evaluation" and gamma["palier_atteint"] == ""
    assert [r["sites_essaimage"] for r in rows.values()] == ["2", "1", "1", ""]
    # The exports and the figures page add up to the same totals.
    total = sum(Decimal(r["beneficiaires"]) for r in rows.values() if r["beneficiaires"])
    assert total == compute(catalogue).totals["beneficiaires"].value == 170


def test_an_unknown_number_of_sites_is_exported_empty_never_zero(fixture_docs) -> None:
    """Gamma lists no site (its sheet says « non renseigné »): the CSV, the workbook and the
    data package leave its number empty and say that empty means not given."""
    from openpyxl import load_workbook

    _, docs = fixture_docs
    rows = {r["id"]: r["sites_essaimage"] for r in _rows(docs, "innovations")}
    assert rows["gamma-national"] == "" and rows["alpha-emploi"] == "2"
    sheet = load_workbook(docs / export.DATA_DIR / "catalogue.xlsx")["innovations"]
    header = [cell.value for cell in sheet[1]]
    cells = {
        row[0]: row[header.index("sites_essaimage")] for row in sheet.iter_rows(2, values_only=True)
    }
    assert cells["gamma-national"] is None and cells["alpha-emploi"] == 2
    package = json.loads((docs / export.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "innovations"]
    (column,) = [f for f in resource["schema"]["fields"] if f["name"] == "sites_essaimage"]
    assert "vide si elle n’en décrit aucun" in column["description"]
    assert "ce n’est pas zéro" in column["description"]
    assert not column.get("constraints", {}).get("required")
    assert column["constraints"]["minimum"] == 1  # a 0 would be a made-up count


def test_sites_csv_values(fixture_docs) -> None:
    _, docs = fixture_docs
    rows = _rows(docs, "sites")
    assert [(r["innovation"], r["territoire"]) for r in rows] == [
        ("alpha-emploi", "cher"),
        ("alpha-emploi", "lille"),
        ("beta-formation", "parthenay"),
        ("delta-corse", "deux-sevres"),
    ]
    cher = rows[0]
    assert (cher["jalon_3_mois"], cher["jalon_3_mois_date"], cher["jalon_18_mois"]) == (
        "realise",
        "2019-04",
        "en-cours",
    )
    assert rows[3]["date_debut"] == "" and rows[3]["source_url"] == ""


def test_territoires_csv_keeps_codes_as_text(fixture_docs) -> None:
    _, docs = fixture_docs
    rows = {r["id"]: r for r in _rows(docs, "territoires")}
    assert rows["ain"]["departements"] == "01" and rows["ain"]["codes_cog"] == "01"
    assert rows["ajaccio"]["codes_cog"] == "2A004" and rows["ajaccio"]["regions"] == "94"
    assert rows["parthenay"]["innovations"] == "alpha-emploi;beta-formation"
    assert (rows["parthenay"]["innovations_nees"], rows["parthenay"]["innovations_essaimees"]) == (
        "1",
        "1",
    )
    assert rows["ain"]["innovations"] == "" and rows["france"]["departements"] == ""
    assert rows["lille"]["latitude"] == "50.6311"
    text = (docs / "donnees" / "territoires.csv").read_bytes().decode("utf-8")
    assert "\r\nain,Ain,departement,01,2026,01,84," in text


# ---------------------------------------------------------------------------------------------
# Determinism and the page


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_output_is_deterministic(tmp_path: Path) -> None:
    catalogue, _ = load(FIXTURE)
    write_contents(catalogue, tmp_path / "a")
    # Same catalogue, dictionaries filled in another order: same bytes.
    shuffled = Catalogue(
        dict(reversed(list(catalogue.innovations.items()))),
        dict(reversed(list(catalogue.territories.items()))),
        catalogue.programme,
    )
    write_contents(shuffled, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    files = _tree(tmp_path / "a")
    assert {f for f in files if f.startswith(("donnees/", "schemas/"))} == {
        "donnees/catalogue.json",
        "donnees/catalogue.xlsx",
        "donnees/datapackage.json",
        "donnees/index.md",
        "donnees/innovations.csv",
        "donnees/innovations.schema.json",
        "donnees/sites.csv",
        "donnees/sites.schema.json",
        "donnees/territoires.csv",
        "donnees/territoires.schema.json",
        "schemas/catalogue.schema.json",
        "schemas/commun.schema.json",
        "schemas/innovation.schema.json",
        "schemas/programme.schema.json",
        "schemas/territoire.schema.json",
        "schemas/vocabulaires.schema.json",
    }


def test_data_page(fixture_docs) -> None:
    _, docs = fixture_docs
    text = (docs / "donnees" / "index.md").read_text(encoding="utf-8")
    assert text.startswith('<div class="donnees">\n<h1>Données ouvertes</h1>')
    assert "Licence Ouverte / Open Licence version 2.0" in text
    assert "Données à jour au 30 juin 2024" in text  # the newest sheet, not the build date
    assert "Type de colonne : Texte" in text
    assert "Données &gt; À partir d’un fichier texte/CSV" in text
    assert "Ne pas détecter les types de données" in text
    assert "IGN et INSEE" in text
    for name in ("catalogue.json", "innovations.csv", "sites.csv", "territoires.csv"):
        assert f'href="{name}"' in text
    assert 'href="../schemas/innovation.schema.json"' in text


def test_built_site_serves_the_exports(tmp_path: Path) -> None:
    """Through the real build: the files land at their stable URLs, unchanged by MkDocs."""
    site = tmp_path / "site"
    result = build_site(FIXTURE, site, search=False)
    assert result.ok
    catalogue, _ = load(FIXTURE)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    expected = export.files(catalogue, site_url=site_url)
    for relative, make in expected.items():
        assert (site / relative).read_bytes() == make().encode("utf-8"), relative
    page = (site / "donnees" / "index.html").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence version 2.0" in page
    assert '<a href="innovations.csv" download>innovations.csv</a>' in page
