"""`donnees/catalogue.xlsx`: the three tables of the open data as one spreadsheet workbook.

Why XLSX rather than CSV variants: a CSV carries no types and no encoding, so a double-click
in French Excel reads it in the local code page (« Deux-SÃ¨vres »), splits on semicolons only,
and turns the code « 01 » into the number 1 and « 2A » into nothing usable; a BOM and
semicolons fix the first two for Excel but not the types, and LibreOffice still asks how to
import. An XLSX workbook stores each cell with its type: codes and dates stay text, counts and
coordinates are numbers, accents are accents, in Excel and LibreOffice alike, by double-click.
The standard CSV files stay beside it for programs.

Written with openpyxl (maintained, pure Python). The file is deterministic: no timestamp of the
build (the workbook's dates are the content's freshness), fixed dates in the ZIP entries.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..model import Catalogue
from .export import DATA_DIR, LICENCE, SEPARATOR, TABLES, TITLE, Table, _number

FILENAME = "catalogue.xlsx"
PATH = f"{DATA_DIR}/{FILENAME}"
EPOCH = datetime(2000, 1, 1)  # ZIP dates and workbook dates when the content has none
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
BOLD = Font(bold=True)
TEXT = "@"  # the "Text" number format: what a user types in the cell stays text too


def _value(value: Any, kind: str) -> Any:
    if value is None or value == "" or value == []:
        return None
    if kind in ("integer", "number") and isinstance(value, (int, float)):
        return _number(value)
    if kind == "boolean" and isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return SEPARATOR.join(str(v) for v in value)
    return str(value)


def _text_cell(sheet: Any, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = BOLD
    return cell


def _sheet(book: Workbook, table: Table, catalogue: Catalogue) -> None:
    """One table as a sheet, written row by row (openpyxl's write-only mode: the workbook is
    never held whole in memory)."""
    sheet = book.create_sheet(table.name)
    for col, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(col)].width = max(12, min(40, len(column.name)))
    sheet.freeze_panes = "A2"
    items = list(table.rows(catalogue))
    if items:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(items) + 1}"
    sheet.append([_text_cell(sheet, column.name, bold=True) for column in table.columns])
    for item in items:
        row = []
        for column in table.columns:
            value = _value(column.value(item), column.type)
            if isinstance(value, str):
                cell = _text_cell(sheet, value)
                cell.number_format = TEXT
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)


def _about(book: Workbook, content_date: str) -> None:
    sheet = book.create_sheet("à lire")
    rows = [
        ("Titre", TITLE),
        ("Licence", f"{LICENCE['nom']} ({LICENCE['url']})"),
        ("Données à jour au", content_date or "non renseigné"),
        (
            "Feuilles",
            ", ".join(t.name for t in TABLES) + " : une ligne d’en-tête ; les valeurs multiples "
            f"d’une cellule sont séparées par « {SEPARATOR} » ; les codes et les dates sont du "
            "texte.",
        ),
    ]
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    for label, value in rows:
        sheet.append([_text_cell(sheet, label, bold=True), _text_cell(sheet, value)])


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with every entry dated EPOCH and the workbook's « modified » date set
    to `stamp` (openpyxl writes the time of saving): byte-identical builds."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=EPOCH.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = MODIFIED.sub(
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", payload
                )
            target.writestr(entry, payload)
    return out.getvalue()


def workbook(
    catalogue: Catalogue, content_date: str = "", tables: tuple[Table, ...] = TABLES
) -> bytes:
    """The workbook's bytes: a sheet « à lire », then one sheet per table of the open data."""
    book = Workbook(write_only=True)
    _about(book, content_date)
    for table in tables:
        _sheet(book, table, catalogue)
    stamp = _stamp(content_date)
    book.properties.creator = "Catalogue des innovations pour l’emploi"
    book.properties.title = TITLE
    book.properties.language = "fr-FR"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _stamp(content_date: str) -> datetime:
    parts = [int(p) for p in content_date.split("-") if p.isdigit()] if content_date else []
    if not parts:
        return EPOCH
    year, month, day = (parts + [1, 1])[:3]
    return datetime(year, month, day)
