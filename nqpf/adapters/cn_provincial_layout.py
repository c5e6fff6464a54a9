"""Read one provincial IO table sheet by its codes, not by fixed offsets.

The provincial tables are spreadsheets with a title, price-basis and unit rows, merged
Chinese header rows with embedded line breaks, then a *code row* (``01`` .. ``42``, ``TIU``,
``FU101``, ..., ``GO``) and a *code column* (``01`` .. ``42``, ``TII``, ``VA001`` ..
``VA004``, ``TVA``, ``TI``). Both are found by searching for those codes, so a sheet shifted by
rows or columns still parses. Codes may be stored as numbers (``1.0``) or text (``"01"``); they
are normalised to the two-digit text form. Workbooks (``.xls`` through xlrd, ``.xlsx`` through
openpyxl) are searched sheet by sheet; ``.csv`` copies are read as one sheet.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nqpf.adapters.cn_io_table import sector_codes

Cell = object
Grid = list[list[Cell]]

#: codes that must be present in the code row beyond the sector codes
REQUIRED_COLUMNS = ("TIU", "FU101", "FU102", "FU103", "FU201", "FU202", "EX", "IM", "GO")
#: codes that must be present in the code column beyond the sector codes
REQUIRED_ROWS = ("TII", "VA001", "VA002", "VA003", "VA004", "TI")


class LayoutError(ValueError):
    """A provincial sheet whose code row, code column or cells cannot be read."""


@dataclass
class ProvinceSheet:
    """The numbers of one sheet keyed by codes, and where each code row sits in the sheet.

    ``values`` is indexed by row code with the column codes as columns; ``rows`` maps a row
    code to its 1-based row number in the sheet (for error reports).
    """

    path: Path
    values: pd.DataFrame
    rows: dict[str, int]


def normalise_code(cell: Cell) -> str:
    """``1``, ``1.0``, ``" 01 "`` -> ``"01"``; other text is stripped of all whitespace."""
    if isinstance(cell, bool):
        return ""
    if isinstance(cell, int | float):
        return f"{int(cell):02d}" if float(cell).is_integer() else str(cell)
    text = "".join(str(cell or "").split())
    if text.isdigit():
        return f"{int(text):02d}"
    if text.replace(".", "", 1).isdigit() and float(text).is_integer():
        return f"{int(float(text)):02d}"
    return text


def read_sheets(path: Path) -> list[tuple[str, Grid]]:
    """All sheets of ``path`` as (name, rows of cell values)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        return [(s.name, [s.row_values(r) for r in range(s.nrows)]) for s in book.sheets()]
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book]
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return [(path.stem, [list(r) for r in csv.reader(fh)])]
    raise LayoutError(f"{path}: unsupported file type {suffix!r} (expected .xls, .xlsx, .csv)")


def _is_code(text: str) -> bool:
    """Codes are ASCII letters and digits ("01", "FU101"); labels like "代码" or "-" are not."""
    return text.isascii() and text.isalnum()


def _find_code_row(grid: Grid, needed: set[str]) -> int | None:
    for i, row in enumerate(grid):
        if needed <= {normalise_code(c) for c in row}:
            return i
    return None


def _find_code_col(grid: Grid, needed: set[str]) -> int | None:
    width = max((len(r) for r in grid), default=0)
    for j in range(width):
        if needed <= {normalise_code(r[j]) for r in grid if j < len(r)}:
            return j
    return None


def _number(cell: Cell, path: Path, row: int, code: str) -> float:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return 0.0  # blank cells are zero flows in the published tables
    try:
        return float(cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise LayoutError(
            f"{path}: row {row}, column {code}: {cell!r} is not a number"
        ) from None


def read_province_sheet(path: Path, n_sectors: int = 42) -> ProvinceSheet:
    """Parse the first sheet of ``path`` that holds both the code row and the code column.

    Raises :class:`LayoutError` naming the file and what was not found.
    """
    sectors = sector_codes(n_sectors)
    need_cols = {*sectors, *REQUIRED_COLUMNS}
    need_rows = {*sectors, *REQUIRED_ROWS}
    if not path.exists():
        raise LayoutError(f"{path}: file not found")
    sheets = read_sheets(path)
    for _, grid in sheets:
        r0, c0 = _find_code_row(grid, need_cols), _find_code_col(grid, need_rows)
        if r0 is None or c0 is None:
            continue
        cols = {normalise_code(v): j for j, v in enumerate(grid[r0]) if j != c0}
        cols = {k: j for k, j in cols.items() if _is_code(k)}
        rows = {
            normalise_code(r[c0]): i for i, r in enumerate(grid) if i > r0 and c0 < len(r)
        }
        rows = {k: i for k, i in rows.items() if _is_code(k)}
        data = {
            col: [
                _number(grid[i][j] if j < len(grid[i]) else None, path, i + 1, col)
                for i in rows.values()
            ]
            for col, j in cols.items()
        }
        values = pd.DataFrame(data, index=list(rows))
        return ProvinceSheet(path, values, {k: i + 1 for k, i in rows.items()})
    what = (
        f"a code row holding {sorted(REQUIRED_COLUMNS)} and sectors 01..{n_sectors:02d}"
        f" and a code column holding {sorted(REQUIRED_ROWS)} and sectors 01..{n_sectors:02d}"
    )
    raise LayoutError(f"{path}: no sheet of {len(sheets)} has {what}")
