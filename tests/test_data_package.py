"""The open data for tools and for spreadsheet users: `donnees/datapackage.json` validates with
frictionless (keys, types, codes as text), and `donnees/catalogue.xlsx` reads back with its
text codes, numbers and accents."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import write_contents
from openpyxl import load_workbook

from generator.check.validate import validate_content
from generator.model import build_catalogue
from generator.site import spreadsheet

VALID = Path(__file__).parent / "fixtures" / "valid"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
AIN = """id: ain
nom: "Ain"
type: departement
codes_cog:
  - "01"
millesime_cog: 2026
departements:
  - "01"
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `donnees/` folder of the fixture catalogue plus a territory in the Ain (« 01 »)."""
    base = tmp_path_factory.mktemp("donnees")
    content = base / "content"
    shutil.copytree(VALID, content)
    (content / "territories" / "ain.yml").write_text(AIN, encoding="utf-8")
    result = validate_content(content)
    assert result.ok, [str(d) for d in result.errors]
    site = base / "site"
    write_contents(build_catalogue(result.content), site)
    return site / "donnees"


def _validate(folder: Path) -> dict:
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=folder,
    )
    return json.loads(result.stdout)


def test_the_data_package_describes_every_data_file(data: Path) -> None:
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    published = {p.name for p in data.iterdir() if p.suffix in (".csv", ".json")}
    published -= {"datapackage.json"} | {p for p in published if p.endswith(".schema.json")}
    assert described == published
    assert package["licenses"][0]["path"].startswith("https://")
    assert package["sources"]
    sites = next(r for r in package["resources"] if r["name"] == "sites")
    references = {
        fk["fields"]: fk["reference"]["resource"] for fk in sites["schema"]["foreignKeys"]
    }
    assert references == {"innovation": "innovations", "territoire": "territoires"}
    assert sites["schema"]["primaryKey"] == ["innovation", "structure", "territoire"]


def test_frictionless_validates_the_data_package(data: Path) -> None:
    report = _validate(data)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    assert {task["name"] for task in report["tasks"]} >= {"innovations", "sites", "territoires"}


def test_frictionless_finds_a_site_whose_innovation_does_not_exist(data: Path, tmp_path) -> None:
    broken = tmp_path / "donnees"
    shutil.copytree(data, broken)
    path = broken / "sites.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[1][0] = "innovation-absente"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    report = _validate(broken)
    assert not report["valid"]
    errors = [e["type"] for task in report["tasks"] for e in task["errors"]]
    assert "foreign-key" in errors


def test_codes_stay_text_when_tools_read_the_package(data: Path) -> None:
    from frictionless import Package

    package = Package(str(data / "datapackage.json"))
    rows = package.get_resource("territoires").read_rows()
    by_id = {row["id"]: row for row in rows}
    assert by_id["ain"]["departements"] == "01" and by_id["ain"]["codes_cog"] == "01"
    assert by_id["ajaccio"]["departements"] == "2A"
    assert isinstance(by_id["ajaccio"]["millesime_cog"], int)


# --- The spreadsheet ----------------------------------------------------------------------------


def test_the_workbook_reads_back_with_text_codes_numbers_and_accents(data: Path) -> None:
    book = load_workbook(data / "catalogue.xlsx")
    assert book.sheetnames == ["à lire", "innovations", "sites", "territoires"]
    sheet = book["territoires"]
    header = [c.value for c in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    ain, corse = rows["ain"], rows["ajaccio"]
    assert ain["departements"] == "01" and ain["codes_cog"] == "01"
    assert corse["departements"] == "2A"
    assert sheet.cell(row=2, column=header.index("departements") + 1).number_format == "@"
    assert isinstance(corse["latitude"], float) and isinstance(corse["millesime_cog"], int)
    assert ain["latitude"] is None  # unknown stays empty, never 0
    assert rows["deux-sevres"]["nom"] == "Deux-Sèvres"
    # the same rows as the CSV, in the same order
    with (data / "territoires.csv").open(encoding="utf-8", newline="") as f:
        assert list(rows) == [row["id"] for row in csv.DictReader(f)]


def test_no_text_cell_of_the_workbook_is_a_formula(data: Path) -> None:
    from generator.site.export import TERRITOIRES, Column, Table

    table = Table(
        "essai",
        "Essai",
        "",
        (Column("texte", "Texte", "", lambda t: '=HYPERLINK("https://exemple.org")'),),
        (),
        TERRITOIRES.rows,
    )
    catalogue = build_catalogue(validate_content(VALID).content)
    raw = spreadsheet.workbook(catalogue, tables=(table,))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    cell = load_workbook(io.BytesIO(raw))["essai"]["A2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_the_workbook_is_the_same_from_one_build_to_the_next(data: Path) -> None:
    catalogue = build_catalogue(validate_content(VALID).content)
    first = spreadsheet.workbook(catalogue, "2024-06-30")
    time.sleep(1.1)  # openpyxl stamps the time of saving: the workbook must not keep it
    assert spreadsheet.workbook(catalogue, "2024-06-30") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert b"2024-06-30T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml")
