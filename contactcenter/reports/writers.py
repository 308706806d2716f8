"""The export files, written as they are read: each yields (bytes, rows they carry).

CSV: UTF-8 with a byte-order mark (Excel then reads the accents and the Arabic), a chunk
every ROWS_PER_CHUNK rows. XLSX: XlsxWriter in constant-memory mode (each row is flushed to
disk as soon as the next starts) into a temporary file, then sent in blocks."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

import xlsxwriter  # type: ignore[import-untyped]

from contactcenter.reports.columns import Cell, neutralised

ROWS_PER_CHUNK = 500
BLOCK_SIZE = 256 * 1024
BOM = "\ufeff"
TIME_FORMAT = "%Y-%m-%d %H:%M"
EXCEL_TIME_FORMAT = "yyyy-mm-dd hh:mm"


class Layout(Protocol):
    """A file's header and how a row becomes its cells: the complaints' Columns, a chart's
    table (contactcenter.reports.chart_files)."""

    @property
    def headers(self) -> list[str]: ...

    @property
    def arabic(self) -> bool: ...

    def cells(self, row: tuple[Any, ...]) -> list[Cell]: ...


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime(TIME_FORMAT)
    if isinstance(cell, float):
        return f"{cell:.2f}"
    if isinstance(cell, int):
        return str(cell)
    return neutralised(cell)


def csv_chunks(rows: Iterable[tuple[Any, ...]], columns: Layout) -> Iterator[tuple[bytes, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([neutralised(header) for header in columns.headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_text(cell) for cell in columns.cells(row)])
        count += 1
        if count == ROWS_PER_CHUNK:
            yield buffer.getvalue().encode(), count
            buffer.seek(0)
            buffer.truncate()
            count = 0
    yield buffer.getvalue().encode(), count


def xlsx_chunks(rows: Iterable[tuple[Any, ...]], columns: Layout, *,
                sheet_name: str) -> Iterator[tuple[bytes, int]]:
    """The workbook's bytes; the last block carries the row count (a partial file is of no
    use, so an export cut short has sent no row)."""
    with tempfile.TemporaryFile() as file:
        count = _write_workbook(file, rows, columns, sheet_name=sheet_name)
        file.seek(0)
        block = file.read(BLOCK_SIZE)
        while block:
            following = file.read(BLOCK_SIZE)
            yield block, (0 if following else count)
            block = following


def _write_workbook(file: Any, rows: Iterable[tuple[Any, ...]], columns: Layout, *,
                    sheet_name: str) -> int:
    workbook = xlsxwriter.Workbook(file, {"constant_memory": True,
                                          "strings_to_formulas": False,
                                          "strings_to_numbers": False,
                                          "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name[:31])
    if columns.arabic:
        sheet.right_to_left()
    bold = workbook.add_format({"bold": True})
    moment = workbook.add_format({"num_format": EXCEL_TIME_FORMAT})
    sheet.set_column(0, len(columns.headers) - 1, 18)
    for index, header in enumerate(columns.headers):
        sheet.write_string(0, index, header, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, cell in enumerate(columns.cells(row)):
            if cell is None:
                continue
            if isinstance(cell, datetime):
                sheet.write_datetime(count, index, cell, moment)
            elif isinstance(cell, (int, float)):
                sheet.write_number(count, index, cell)
            else:  # text, never read as a formula
                sheet.write_string(count, index, cell)
    workbook.close()
    return count
