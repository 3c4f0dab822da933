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
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..model import Catalogue
from .export import DATA_DIR, LICENCE, SEPARATOR, TABLES, TITLE, Table, _number

FILENAME = "catalogue.xlsx"
PATH = f"{DATA_DIR}/{FILENAME}"
EPOCH = datetime(2000, 1, 1)  # ZIP dates and workbook dates when the content has none
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
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


def _sheet(book: Workbook, table: Table, catalogue: Catalogue) -> None:
    sheet = book.create_sheet(table.name)
    bold = Font(bold=True)
    for col, column in enumerate(table.columns, 1):
        cell = sheet.cell(row=1, column=col, value=column.name)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(col)].width = max(12, min(40, len(column.name)))
    for row, item in enumerate(table.rows(catalogue), 2):
        for col, column in enumerate(table.columns, 1):
            value = _value(column.value(item), column.type)
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.number_format = TEXT
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _about(book: Workbook, content_date: str) -> None:
    sheet = book.active
    sheet.title = "à lire"
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
    for row, (label, value) in enumerate(rows, 1):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=value)
        cell.data_type = "s"
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100


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
    book = Workbook()
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
