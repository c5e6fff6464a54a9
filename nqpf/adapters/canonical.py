"""Users' own tables already in the canonical contract (CSV or Parquet) -> CanonicalDataset.

Folder layout: ``metadata.json`` (or ``metadata.yml`` / ``metadata.yaml``) with the keys of
:data:`nqpf.contract.REQUIRED_METADATA`, and one file per table named after the table
(``flows.csv`` or ``flows.parquet``, ...; names as in :data:`nqpf.contract.TABLES`). Other
files (a README, notes) are ignored, except CSV/Parquet files that name no table.

Every cell is read as text first, then converted, so that one bad cell does not sink the file:

- a bad cell becomes an ``ingest_issues`` row (file, 1-based data row, region, year, column,
  rule, detail) and its value becomes null, never dropped or zero-filled. Rules:
  ``missing_value`` (empty key or value cell), ``not_a_number``, ``not_an_integer``,
  ``not_a_boolean``, ``out_of_range`` (a year beyond 9999, an integer beyond 32 bits),
  ``unknown_column`` (a column the table does not have; it is dropped),
  ``unknown_category`` (final demand), ``unknown_measure`` / ``unknown_unit`` (labour; the value
  is nulled because it cannot be interpreted), ``unknown_component`` (value added);
- a problem with a whole file raises :class:`nqpf.contract.ContractError` naming the file and
  the rule: ``missing_table``, ``empty_file``, ``wrong_file_type``, ``duplicate_table``,
  ``corrupt_parquet``, ``unreadable_csv`` (also an encoding other than UTF-8 or UTF-16),
  ``shifted_row`` (a data row wider than the header), ``missing_column``,
  ``unreadable_metadata``, ``invalid_metadata`` (see :mod:`nqpf.metadata`).

CSV files may be UTF-8 (with or without a byte-order mark) or UTF-16, delimited by ``,`` or
``;`` (whichever the header holds more of); trailing delimiters are ignored.

Issues listed in a user's own ``ingest_issues`` file are kept, followed by those found here.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from nqpf.contract import (
    FINAL_DEMAND_CATEGORIES,
    LABOUR_UNITS,
    TABLES,
    VALUE_ADDED_COMPONENTS,
    CanonicalDataset,
    ContractError,
    validate_metadata,
)

METADATA_FILES = ("metadata.json", "metadata.yml", "metadata.yaml")
#: files :func:`nqpf.contract.write_dataset` derives from the metadata; not read back
DERIVED_FILES = ("dataset_info.parquet",)
TABLE_SUFFIXES = (".csv", ".parquet")

#: Columns that may be empty (everything else must hold a value).
NULLABLE: dict[str, frozenset[str]] = {
    "deflators": frozenset({"region"}),
    "regions": frozenset({"name_en", "name_zh", "parent"}),
    "sectors": frozenset({"name_en", "name_zh", "common_code"}),
    "ingest_issues": frozenset({"row", "region", "year", "column", "detail"}),
}
#: the largest value an integer column may hold (years are four digits; the rest int32)
_INT_RANGE = {"year": 9999, "row": np.iinfo(np.int64).max}
_TRUE = {"true", "t", "1", "yes", "y"}
_FALSE = {"false", "f", "0", "no", "n"}


def load_canonical(folder: Path) -> CanonicalDataset:
    """Read a folder of canonical tables; see the module docstring for the rules."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContractError(f"{folder}: not a folder (rule: not_a_folder)")
    metadata = _read_metadata(folder)
    files = _table_files(folder)
    issues: list[dict[str, Any]] = []
    tables: dict[str, pd.DataFrame] = {}
    for name, path in files.items():
        tables[name] = read_contract_table(name, path, issues)
    for name, (required, _) in TABLES.items():
        if required and name not in tables:
            raise ContractError(f"{folder}: required table {name!r} has no {name}.csv or "
                                f"{name}.parquet (rule: missing_table)")
    if issues:
        found = pd.DataFrame(issues, columns=[f.name for f in TABLES["ingest_issues"][1]])
        found["row"] = found["row"].astype("Int64")
        found = found.sort_values(["file", "row"], na_position="first", kind="stable")
        own = tables.get("ingest_issues")
        tables["ingest_issues"] = found if own is None else pd.concat([own, found],
                                                                      ignore_index=True)
    return CanonicalDataset(metadata, tables)


def read_contract_table(name: str, path: Path, issues: list[dict[str, Any]]) -> pd.DataFrame:
    """One table file (CSV or Parquet) converted to table ``name``; bad cells go to ``issues``."""
    return _convert(name, path, read_text_table(path), issues)


def _read_metadata(folder: Path) -> dict[str, Any]:
    present = [folder / n for n in METADATA_FILES if (folder / n).is_file()]
    if not present:
        raise ContractError(f"{folder}: no metadata.json or metadata.yml "
                            "(rule: unreadable_metadata)")
    path = present[0]
    try:
        text = path.read_text(encoding="utf-8")
        meta = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise ContractError(f"{path}: cannot be parsed ({exc}) (rule: unreadable_metadata)"
                            ) from exc
    if not isinstance(meta, dict):
        raise ContractError(f"{path}: expected a mapping of keys to values "
                            "(rule: unreadable_metadata)")
    try:
        validate_metadata(meta)
    except ContractError as exc:
        raise ContractError(f"{path}: {str(exc).removeprefix('metadata.json: ')}") from None
    return meta


def _table_files(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        skip = (*METADATA_FILES, *DERIVED_FILES)
        if path.name in skip or path.name.startswith(".") or path.is_dir():
            continue
        is_table_file = path.suffix.lower() in TABLE_SUFFIXES
        if path.stem not in TABLES:
            if not is_table_file:  # a README or notes next to the tables
                continue
            raise ContractError(f"{path}: {path.stem!r} is not a contract table; known: "
                                f"{sorted(TABLES)} (rule: unknown_table)")
        if not is_table_file:
            raise ContractError(f"{path}: tables must be .csv or .parquet "
                                "(rule: wrong_file_type)")
        if path.stem in files:
            raise ContractError(f"{path}: table {path.stem!r} also given as "
                                f"{files[path.stem].name} (rule: duplicate_table)")
        files[path.stem] = path
    return files


def read_text_table(path: Path) -> pd.DataFrame:
    """The file as a frame of strings (nulls kept), whatever its format: CSV in any
    encoding and line ending :func:`_decode` reads, or Parquet; ContractError naming the file
    and the rule otherwise."""
    if path.stat().st_size == 0:
        raise ContractError(f"{path}: the file is empty (rule: empty_file)")
    if path.suffix.lower() == ".parquet":
        try:
            table = pq.read_table(path)
        except (pa.ArrowException, OSError) as exc:
            raise ContractError(f"{path}: not a readable Parquet file ({exc}) "
                                "(rule: corrupt_parquet)") from exc
        df = table.to_pandas()
        return df.astype(object).where(df.notna(), None).astype("string")
    encoding, text = _decode(path)
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    _check_widths(path, text, sep)
    try:
        # index_col=False: a trailing delimiter on the data rows must not turn the first
        # column into the index and shift every other column by one (_check_widths has made
        # sure the fields it drops are empty)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep,
                             index_col=False)
    except pd.errors.EmptyDataError as exc:
        raise ContractError(f"{path}: the file has no header (rule: empty_file)") from exc
    except pd.errors.ParserError as exc:
        raise ContractError(f"{path}: cannot be parsed as CSV ({encoding}, delimiter "
                            f"{sep!r}): {exc} (rule: unreadable_csv)") from exc
    unnamed = [c for c in df.columns if str(c).startswith("Unnamed: ")]
    if unnamed and df[unnamed].replace("", pd.NA).isna().all().all():
        df = df.drop(columns=unnamed)  # a trailing delimiter on the header as well
    return df


def _check_widths(path: Path, text: str, sep: str) -> None:
    """Refuse a data row with more non-empty fields than the header has columns."""
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    width = len(next(rows, []))
    for n, fields in enumerate(rows, start=1):
        if any(f.strip() for f in fields[width:]):
            raise ContractError(f"{path}: data row {n} has {len(fields)} fields, the header "
                                f"{width}; its columns would shift (rule: shifted_row)")


def _encoding(raw: bytes) -> str:
    """UTF-16 when a byte-order mark says so, or, without one, when NUL bytes fill every
    other position (the high bytes of Latin characters; UTF-8 text has no NUL); else UTF-8."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4:  # mostly ASCII text in UTF-16: half its bytes NUL
        return "utf-16-be" if even > odd else "utf-16-le"
    return "utf-8-sig"


def _decode(path: Path) -> tuple[str, str]:
    """The text of a CSV file, its lines ending in \\n whether they ended in CR LF, LF or CR
    alone (old Mac spreadsheets): UTF-8 (with or without a byte-order mark) or UTF-16 (with
    one or without)."""
    raw = path.read_bytes()
    encoding = _encoding(raw)
    try:
        return encoding, raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise ContractError(
            f"{path}: not UTF-8 or UTF-16 text (byte {exc.start}: {raw[exc.start:exc.end]!r}); "
            "save it as UTF-8 (rule: unreadable_csv)") from None


def _convert(name: str, path: Path, raw: pd.DataFrame, issues: list[dict[str, Any]]
             ) -> pd.DataFrame:
    schema = TABLES[name][1]
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [f.name for f in schema if f.name not in raw.columns]
    if missing:
        raise ContractError(f"{path}: missing column(s) {missing} (rule: missing_column)")
    text = raw.apply(lambda c: c.astype("string").str.strip()).replace("", pd.NA)
    ctx = _IssueContext(path, text)
    for col in raw.columns:
        if col not in schema.names:
            ctx.add(None, col, "unknown_column", f"column {col!r} is not in table {name!r}")
    out = pd.DataFrame(index=raw.index)
    nullable = NULLABLE.get(name, frozenset())
    for f in schema:
        col = text[f.name]
        missing_mask = col.isna()
        if f.name not in nullable:
            ctx.add(missing_mask, f.name, "missing_value", "empty cell")
        out[f.name] = _typed(f.type, col, missing_mask, f.name, ctx)
    _check_domain(name, out, ctx)
    issues.extend(ctx.rows)
    return out


def _typed(kind: pa.DataType, col: pd.Series, missing: pd.Series, name: str,
           ctx: _IssueContext) -> pd.Series:
    if pa.types.is_string(kind):
        return col
    if pa.types.is_boolean(kind):
        low = col.str.lower()
        bad = ~missing & ~low.isin(_TRUE | _FALSE)
        ctx.add(bad, name, "not_a_boolean", "expected true/false", values=col)
        return low.map(lambda v: v in _TRUE if v in _TRUE | _FALSE else pd.NA).astype("boolean")
    num = pd.to_numeric(col, errors="coerce")
    bad = ~missing & ~np.isfinite(num.astype(float).fillna(np.nan))
    ctx.add(bad, name, "not_a_number", "not a finite number", values=col)
    if pa.types.is_integer(kind):
        frac = ~missing & ~bad & (num != np.round(num))
        ctx.add(frac, name, "not_an_integer", "not a whole number", values=col)
        limit = _INT_RANGE.get(name, np.iinfo(np.int32).max)
        wide = ~missing & ~bad & ~frac & (num.abs() > limit)
        ctx.add(wide, name, "out_of_range", f"beyond {limit:,}", values=col)
        return num.where(~bad & ~frac & ~wide).astype("Int64")
    return num.where(~bad).astype("float64")


def _check_domain(name: str, out: pd.DataFrame, ctx: _IssueContext) -> None:
    """Category, component and labour unit checks; offending values are nulled."""
    if name == "final_demand":
        bad = ~out["category"].isna() & ~out["category"].isin(FINAL_DEMAND_CATEGORIES)
        ctx.add(bad, "category", "unknown_category",
                f"not one of {list(FINAL_DEMAND_CATEGORIES)}", values=out["category"])
    elif name == "value_added":
        bad = ~out["component"].isna() & ~out["component"].isin(VALUE_ADDED_COMPONENTS)
        ctx.add(bad, "component", "unknown_component",
                f"not one of {list(VALUE_ADDED_COMPONENTS)}", values=out["component"])
    elif name == "labour":
        measure, unit = out["measure"], out["unit"]
        bad_measure = ~measure.isna() & ~measure.isin(LABOUR_UNITS)
        ctx.add(bad_measure, "measure", "unknown_measure",
                f"not one of {list(LABOUR_UNITS)}", values=measure)
        expected = measure.map(LABOUR_UNITS)
        bad = ~bad_measure & ~measure.isna() & ~unit.isna() & (unit != expected)
        ctx.add(bad, "unit", "unknown_unit", "expected the unit of the measure",
                values=unit, expected=expected)
        bad = bad | bad_measure
    else:
        return
    out.loc[bad.fillna(False).astype(bool), "value"] = np.nan


class _IssueContext:
    """Collects issue rows for one file; region and year come from the raw row."""

    def __init__(self, path: Path, text: pd.DataFrame) -> None:
        self.path = path
        region_col = next((c for c in ("region", "from_region", "code") if c in text), None)
        self.region = text[region_col] if region_col else pd.Series(pd.NA, index=text.index)
        year = (pd.to_numeric(text["year"], errors="coerce") if "year" in text
                else pd.Series(np.nan, index=text.index))
        self.year = year.where((year > 0) & (year <= _INT_RANGE["year"]))
        self.rows: list[dict[str, Any]] = []

    def add(self, mask: pd.Series | None, column: str, rule: str, detail: str, *,
            values: pd.Series | None = None, expected: pd.Series | None = None) -> None:
        if mask is None:  # a file-level issue (no row)
            self.rows.append({"file": self.path.name, "row": None, "region": None,
                              "year": None, "column": column, "rule": rule, "detail": detail})
            return
        for i in np.flatnonzero(mask.fillna(False).to_numpy(bool)):
            text = detail
            if values is not None:
                text += f": {values.iloc[i]!r}"
            if expected is not None:
                text += f" (expected {expected.iloc[i]!r})"
            year = self.year.iloc[i]
            region = self.region.iloc[i]
            self.rows.append({
                "file": self.path.name, "row": i + 1,
                "region": None if pd.isna(region) else str(region),
                "year": None if pd.isna(year) or year != int(year) else int(year),
                "column": column, "rule": rule, "detail": text,
            })
