"""CEADs provincial MRIO (31 provinces x 42 sectors) as Excel -> canonical.

One workbook per year; the table is on a sheet named ``Table_<year>_consistent``,
``Table_<year>`` or ``Table`` (the year then from the file name). Blocks are located by
labels, never by cell ranges:

- the code row: the header row with the sector codes 01-42 over every intermediate column;
  the province row two rows above it holds each block's province at its first column (merged
  cells: forward-filled; ``内蒙`` stands for ``内蒙古``);
- region-sector rows: a sector code in the code column (the column holding 01-42 below the
  code row) and the province, forward-filled, in the first column;
- final demand: the 5R columns from the first column after Z whose province cell is filled,
  province-major in the order of ``ceads_mrio.FINAL_DEMAND_ORDER`` (checked against the
  category labels where the row between the province and code rows has them);
- exports and total output: the columns labelled ``出口`` and ``总产出`` in the header rows;
- below the region-sector rows, labelled in the first columns: ``进口`` imports (under Z and
  final demand), ``劳动者报酬``, ``生产税净额``, ``固定资产折旧``, ``营业盈余``, ``增加值合计``.

Cells are read with python-calamine (the 1,314 x 1,400 sheet in seconds). Rows follow their
sector codes, so a table listing sectors in another order reads the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.adapters._frames import year_in
from nqpf.adapters.ceads_mrio import FINAL_DEMAND_ORDER, SECTORS, MrioBlocks, mrio_dataset
from nqpf.adapters.ceads_regions import RegionList, province_code
from nqpf.contract import TABLES, CanonicalDataset, ContractError

SHEET = re.compile(r"^Table(?:_(\d{4}))?(_consistent)?$", re.IGNORECASE)
FINAL_DEMAND_LABELS: dict[str, tuple[str, ...]] = {
    "hh_rural": ("农村", "rural"), "hh_urban": ("城镇", "urban"),
    "government": ("政府", "government"), "gfcf": ("固定资本", "fixed capital"),
    "inventory": ("存货", "inventor"),
}
ROW_LABELS: dict[str, tuple[str, ...]] = {
    "imports": ("进口", "import"), "compensation": ("劳动者报酬", "compensation"),
    "net_taxes": ("生产税净额", "net taxes"), "depreciation": ("固定资产折旧", "depreciation"),
    "operating_surplus": ("营业盈余", "operating surplus"),
    "va_total": ("增加值合计", "total value added"),
}
EXPORT_LABELS = ("出口", "export")
OUTPUT_LABELS = ("总产出", "total output")
HEADER_ROWS = 10  # the code row is searched for among the first rows


def load_ceads_provincial(
    paths: Path | Sequence[Path],
    *,
    dataset: str | None = None,
    scheme: str | dict[int, str] | None = None,
    monetary_unit: str | None = None,
    labour: Path | None = None,
    hourly_wage: Path | None = None,
) -> CanonicalDataset:
    """Read one workbook per year into one dataset (default id ``ceads_provincial_mrio``)."""
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    metadata = {
        "dataset": dataset or "ceads_provincial_mrio",
        "title": "CEADs China provincial multi-regional input-output tables",
        "publisher": "CEADs (Carbon Emission Accounts and Datasets)",
        "monetary_unit": monetary_unit or "CNY 10,000",
        "region_level": "province",
        "source": ", ".join(f.name for f in files),
        "license": "free for academic use from https://ceads.net; not redistributable",
        "price_basis": "producers' prices",
        "import_treatment": "flows are inter-provincial domestic flows; imports from abroad "
                            "are the separate imports row (imported_inputs)",
        "notes": [] if monetary_unit else [
            "Unit CNY 10,000 assumed (the CEADs tables' unit; pass a monetary unit to "
            "override)."],
    }
    return mrio_dataset((read_workbook(f) for f in files), metadata=metadata, scheme=scheme,
                        labour=labour, hourly_wage=hourly_wage)


def _sheet(path: Path) -> tuple[str, int, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    if not path.is_file():
        raise ContractError(f"{path}: file not found (rule: missing_file)")
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for files that are not workbooks
        raise ContractError(f"{path}: not a readable Excel workbook ({exc}) "
                            "(rule: wrong_file_type)") from exc
    matches = [(m, n) for n in wb.sheet_names if (m := SHEET.match(n.strip()))]
    if not matches:
        raise ContractError(f"{path}: no sheet named Table_<year>_consistent, Table_<year> or "
                            f"Table (sheets: {', '.join(wb.sheet_names)}) (rule: missing_sheet)")
    match, name = max(matches, key=lambda mn: bool(mn[0].group(2)))  # prefer _consistent
    year = int(match.group(1)) if match.group(1) else year_in(path.stem)
    if year is None:
        raise ContractError(f"{path} [{name}]: no year in the sheet or file name "
                            "(rule: missing_year)")
    rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return name, year, rows


def _code(v: Any) -> str | None:
    """A sector code 01-42 from a number or text cell, else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and float(v).is_integer() and 1 <= v <= SECTORS:
        return f"{int(v):02d}"
    text = str(v).strip()
    return f"{int(text):02d}" if text.isdigit() and 1 <= int(text) <= SECTORS else None


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _has(text: str, keys: Sequence[str]) -> bool:
    low = text.lower()
    return any(k in low for k in keys)


def _ffill(cells: list[str]) -> list[str]:
    out, last = [], ""
    for v in cells:
        last = v or last
        out.append(last)
    return out


def _number(v: Any) -> float:
    if v is None or v == "":
        return 0.0
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


def read_workbook(path: Path) -> tuple[MrioBlocks, RegionList]:
    """The blocks and provinces of one year's workbook."""
    name, year, rows = _sheet(path)
    where = f"{path.name} [{name}]"
    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]

    code_row = next((i for i, r in enumerate(rows[:HEADER_ROWS])
                     if sum(_code(v) is not None for v in r) >= SECTORS), None)
    if code_row is None or code_row < 2:
        raise ContractError(f"{where}: no row of sector codes 01-{SECTORS} in the first "
                            f"{HEADER_ROWS} rows, below a province row (rule: missing_code_row)")
    codes = [_code(v) for v in rows[code_row]]
    z_cols = [j for j, c in enumerate(codes) if c is not None]
    first, last = z_cols[0], z_cols[-1]
    if z_cols != list(range(first, last + 1)):
        raise ContractError(f"{where}, row {code_row + 1}: the sector codes are not one "
                            "contiguous block (rule: layout)")
    province_cells = [_text(v) for v in rows[code_row - 2]]
    label_cells = [_text(v) for v in rows[code_row - 1]]
    col_province = _ffill(province_cells[: last + 1])

    # rows: the code column is the one holding sector codes under the code row
    body = rows[code_row + 1:]
    code_col = max(range(first), key=lambda j: sum(_code(r[j]) is not None for r in body))
    row_keys: list[tuple[int, str, str]] = []
    province = ""
    for i, r in enumerate(body, start=code_row + 1):
        province = _text(r[0]) or province
        c = _code(r[code_col]) if not _label(r, code_col) else None
        if c is not None:
            row_keys.append((i, province, c))
        elif row_keys:
            break

    heads = Counter(col_province[j] for j in z_cols)
    if any(n != SECTORS for n in heads.values()):  # merged cells fill a missing label
        counts = ", ".join(f"{p or '(no label)'!r} over {n}" for p, n in heads.items())
        raise ContractError(f"{where}, row {code_row - 1}: the province labels head {counts} "
                            f"coded columns, not {SECTORS} each: a province label is missing "
                            "or misplaced (rule: missing_province)")
    regions = list(heads)
    region_codes = []
    for label in regions:
        code = province_code(label)
        if code is None:
            raise ContractError(f"{where}, row {code_row - 1}: {label!r} is not a province of "
                                "the region seed (rule: unknown_region)")
        region_codes.append(code)
    r_count = len(regions)
    col_index = {(col_province[j], codes[j]): j for j in z_cols}
    row_index = {(p, c): i for i, p, c in row_keys}
    order = [(p, f"{s:02d}") for p in regions for s in range(1, SECTORS + 1)]
    missing_cols = [k for k in order if k not in col_index]
    missing_rows = [k for k in order if k not in row_index]
    if missing_cols or missing_rows or len(z_cols) != len(order):
        raise ContractError(
            f"{where}: the intermediate block must list every province x sector {SECTORS} "
            f"once in its columns and rows (columns missing {missing_cols[:3]}, rows missing "
            f"{missing_rows[:3]}, {len(z_cols)} coded columns) (rule: square)")
    zc = np.array([col_index[k] for k in order])
    zr = np.array([row_index[k] for k in order])

    # the first column after Z headed by a province (a total-use label may sit between)
    fd_start = next((j for j in range(last + 1, width)
                     if province_cells[j] and province_code(province_cells[j])), None)
    n_fd = len(FINAL_DEMAND_ORDER) * r_count
    if fd_start is None or fd_start + n_fd > width:
        raise ContractError(f"{where}: no final-demand block (a province label in row "
                            f"{code_row - 1} after the intermediate block) (rule: layout)")
    fd_cols = np.arange(fd_start, fd_start + n_fd)
    fd_province = _ffill(province_cells[fd_start: fd_start + n_fd])
    for k, j in enumerate(fd_cols):
        want = FINAL_DEMAND_ORDER[k % len(FINAL_DEMAND_ORDER)]
        label = label_cells[j]
        if fd_province[k] != regions[k // len(FINAL_DEMAND_ORDER)] or (
                label and not _has(label, FINAL_DEMAND_LABELS[want])):
            raise ContractError(f"{where}, column {_column(j)}: final-demand column "
                                f"{fd_province[k]!r} / {label!r}, expected "
                                f"{regions[k // len(FINAL_DEMAND_ORDER)]!r} / {want} "
                                "(rule: final_demand_order)")
    headers = [" ".join(_text(rows[i][j]) for i in range(code_row + 1)) for j in range(width)]
    export_col = _labelled(headers, EXPORT_LABELS, fd_cols[-1] + 1, where, "exports")
    output_col = _labelled(headers, OUTPUT_LABELS, fd_cols[-1] + 1, where, "total output")

    below = {}
    for i in range(row_keys[-1][0] + 1, len(rows)):
        label = " ".join(_text(v) for v in rows[i][:code_col + 1])
        kind = next((k for k, keys in ROW_LABELS.items() if _has(label, keys)), None)
        if kind is not None and kind not in below:
            below[kind] = i
    missing = [k for k in ROW_LABELS if k not in below]
    if missing:
        raise ContractError(f"{where}: rows {missing} not found below the region-sector rows "
                            "(rule: missing_row)")

    def block(rr: np.ndarray, cc: np.ndarray) -> np.ndarray:
        values = np.array([[_number(rows[i][j]) for j in cc] for i in rr])
        bad = np.argwhere(np.isnan(values))
        if len(bad):
            i, j = rr[bad[0][0]], cc[bad[0][1]]
            raise ContractError(f"{where}, cell {_column(j)}{i + 1}: {rows[i][j]!r} is not a "
                                "number (rule: not_a_number)")
        return values

    va_rows = np.array([below[k] for k in ("compensation", "net_taxes", "depreciation",
                                           "operating_surplus", "va_total")])
    blocks = MrioBlocks(
        source=path.name, year=year, Z=block(zr, zc), F=block(zr, fd_cols),
        VA=block(va_rows, zc),
        imports=block(np.array([below["imports"]]), np.r_[zc, fd_cols]).ravel(),
        exports=block(zr, np.array([export_col])).ravel(),
        x=block(zr, np.array([output_col])).ravel(),
        fields={"Z": f"{where} intermediate block", "F": f"{where} final-demand block",
                "VA": f"{where} value-added rows", "IM": f"{where} imports row",
                "exports": f"{where} column {_column(export_col)}",
                "x": f"{where} column {_column(output_col)}"})
    # provinces are in the region seed already: the dataset brings no regions of its own
    return blocks, RegionList(region_codes, pd.DataFrame(columns=list(TABLES["regions"][1]
                                                                       .names)), None)


def _label(row: list[Any], code_col: int) -> bool:
    """True when the row's label cells name a bottom row (imports, value added)."""
    label = " ".join(_text(v) for v in row[:code_col + 1])
    return any(_has(label, keys) for keys in ROW_LABELS.values())


def _labelled(headers: list[str], keys: Sequence[str], start: int, where: str,
              what: str) -> int:
    found = next((j for j in range(start, len(headers)) if _has(headers[j], keys)), None)
    if found is None:
        raise ContractError(f"{where}: no column labelled {' or '.join(keys)} ({what}) after "
                            "the final-demand block (rule: missing_column)")
    return found


def _column(j: int) -> str:
    """0-based column index -> Excel letters."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out

