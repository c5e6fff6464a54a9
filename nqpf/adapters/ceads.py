"""CEADs Chinese city-level multi-regional IO tables (Excel) -> canonical, one sheet per year.

The CEADs city MRIO tables (313 cities x 42 sectors; 2012, 2015, 2017) are free for academic
users from https://ceads.net but may not be redistributed; users download them and run
``nqpf ingest <file.xlsx> --format ceads``. No public code reading these files was found, so
this module fixes the layout it expects; every label is matched by a Chinese or English
keyword (case-insensitive), never by position alone, and merged cells are forward-filled.

Expected layout of each sheet (rows top to bottom; columns A, B, then values from C):

1. title and unit rows (any number, above the headers): the year is the first ``19xx``/``20xx``
   in the title rows, else in the sheet name, else in the file name; the unit is
   ``万元`` (CNY 10,000), ``亿元`` (CNY 100 million) or ``元`` (CNY).
2. header row 1: above the intermediate block, the using city of each column (usually
   merged across the city's 42 columns); above the final-demand block, the demanding city;
   then ``出口 / Exports`` and ``总产出 / Total output``.
3. header row 2: a sector label per intermediate column; per final-demand column one of
   ``农村居民消费`` (rural household consumption -> hh_rural), ``城镇居民消费`` (urban ->
   hh_urban), ``政府消费`` (government), ``固定资本形成`` (GFCF -> gfcf), ``存货`` (inventory
   change -> inventory).
4. region-sector rows: column A the supplying city (merged down its sector rows), column B
   its sector; the first such row is the first with labels in A and B and a number in C.
5. below them, labelled in column B (or A): ``劳动者报酬`` compensation, ``生产税净额`` net
   taxes, ``固定资产折旧`` depreciation, ``营业盈余`` operating surplus, ``总投入`` total input,
   and optionally ``进口`` imports (imports from abroad by using sector -> imported_inputs).
   Subtotal rows (``增加值合计``, ``中间投入合计``) are skipped.

Labels: a city is ``<6-digit admin code> <Chinese name> [English name]`` (code
``CN-<province>-<first 4 digits>``, e.g. ``440100 广州市 Guangzhou`` -> ``CN-GD-4401`` with parent
``CN-GD`` from the GB/T 2260 province prefix, column ``admin_prefix`` of the region seed); a
city label without an admin code gets ``CN-X<8 hex digits of the SHA-1 of its name>`` and no
parent (noted in the metadata). A sector
is ``<code> [name]`` (``01 农林牧渔产品和服务``) or a name from the scheme's sector seed.

Accounting checked with the balance rule of :mod:`nqpf.balance` (mismatches become
``ingest_issues``): row: total output = intermediate use + final demand + exports; column:
total output = intermediate inputs + imports + value added; and total input = total output.
Blank cells in the value blocks are zeros (the published tables leave them blank); text in
a value cell is an ``ingest_issues`` row (``not_a_number``) and a null value. Exact zeros of
the intermediate and final-demand blocks are not stored (a city MRIO is mostly sparse; an
absent flow is zero), as the metadata notes say.

Labour: CEADs has no hours. ``labour`` is an optional CSV in the contract's labour table
(year, region, sector, measure, value, unit; region = city code or Chinese name);
``hourly_wage`` an optional CSV (year, sector, value[, region]) in yuan per hour, converted to
the dataset's monetary unit and spread over every city when region is absent. Without either
no labour rows are written and the build quarantines the city-years for missing labour.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from tqdm import tqdm

from nqpf import balance
from nqpf.adapters._frames import (
    concat,
    final_demand_long,
    flows_long,
    per_sector_long,
    year_in,
)
from nqpf.adapters.canonical import read_contract_table
from nqpf.contract import LABOUR_UNITS, TABLES, CanonicalDataset, ContractError
from nqpf.paths import SEEDS_DIR
from nqpf.regions import province_prefixes

FINAL_DEMAND_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("农村", "rural"), "hh_rural"),
    (("城镇", "urban"), "hh_urban"),
    (("政府消费", "government"), "government"),
    (("固定资本形成", "fixed capital"), "gfcf"),
    (("存货", "inventor"), "inventory"),
)
EXPORT_KEYS = ("出口", "export")
OUTPUT_KEYS = ("总产出", "total output")
ROW_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("增加值合计", "total value added", "中间投入合计", "total intermediate"), "skip"),
    (("劳动者报酬", "compensation"), "compensation"),
    (("生产税净额", "net taxes"), "net_taxes"),
    (("固定资产折旧", "depreciation"), "depreciation"),
    (("营业盈余", "operating surplus"), "operating_surplus"),
    (("总投入", "total input"), "total_input"),
    (("进口", "import"), "imports"),
)
UNITS = (("亿元", "CNY 100 million", 1e8), ("万元", "CNY 10,000", 1e4), ("元", "CNY", 1.0))


def default_scheme(year: int) -> str:
    """NBS 42-sector scheme of a CEADs year: the 2017 scheme from 2017 on, else 2012."""
    return "nbs2017_42" if year >= 2017 else "nbs2012_42"


def load_ceads(
    paths: Path | Sequence[Path],
    *,
    dataset: str = "ceads_city_mrio",
    scheme: str | dict[int, str] | None = None,
    monetary_unit: str | None = None,
    labour: Path | None = None,
    hourly_wage: Path | None = None,
) -> CanonicalDataset:
    """Read every sheet of the given workbook(s) (one year per sheet) into one dataset.

    ``scheme``: the sector scheme for all years or per year (default :func:`default_scheme`).
    ``monetary_unit`` overrides the unit read from the sheet.
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    sheets = tqdm((s for f in files for s in _sheets(f)), desc="CEADs sheets", unit=" sheets",
                  disable=None)  # a city MRIO sheet takes minutes: a bar on a terminal
    parsed = [_parse(s, _scheme(scheme, s.year)) for s in sheets]
    if not parsed:
        raise ContractError(f"{files}: no sheet in the CEADs layout (rule: no_table)")
    units = {monetary_unit or p.unit for p in parsed}
    if None in units or len(units) != 1:
        raise ContractError(f"{files}: monetary unit not found or not the same in every sheet "
                            f"({sorted(map(str, units))}); pass monetary_unit (rule: unit)")
    unit = units.pop()
    schemes = {p.year: _scheme(scheme, p.year) for p in parsed}
    if len(schemes) != len(parsed):
        raise ContractError(f"{files}: more than one sheet for the same year (rule: duplicate)")
    regions = _regions(parsed)
    out: dict[str, pd.DataFrame] = {}
    for name in ("flows", "final_demand", "gross_output", "value_added", "imported_inputs",
                 "ingest_issues"):
        cols = [f.name for f in TABLES[name][1]]
        out[name] = concat([p.tables[name] for p in parsed if name in p.tables], cols)
    issues = [out.pop("ingest_issues")]
    out["labour"], labour_issues = _labour(labour, hourly_wage, regions, parsed, unit)
    issues.append(labour_issues)
    out["regions"] = regions
    issues = [i for i in issues if not i.empty]
    if issues:
        out["ingest_issues"] = pd.concat(issues, ignore_index=True)
    notes = ["Exact-zero intermediate and final-demand cells are not stored (absent = 0)."]
    if regions["parent"].isna().any():
        notes.append("Some city labels carry no admin code: their codes are hashes of the "
                     "Chinese name and they have no parent province.")
    if out["labour"].empty:
        notes.append("No labour data given (CEADs has none): city-years lack labour.")
    meta = {
        "dataset": dataset,
        "title": "CEADs China city-level multi-regional input-output tables",
        "publisher": "CEADs (Carbon Emission Accounts and Datasets)",
        "monetary_unit": unit,
        "region_level": "city",
        "single_economy": True,
        "mrio": True,
        "classification": {str(y): s for y, s in sorted(schemes.items())},
        "source": ", ".join(f.name for f in files),
        "license": "free for academic use from https://ceads.net; not redistributable",
        "price_basis": "producers' prices",
        "import_treatment": "flows are inter-city domestic flows; imports from abroad are the "
                            "separate imports row (imported_inputs)",
        "notes": notes,
    }
    return CanonicalDataset(meta, out)


@dataclass
class _Sheet:
    """One sheet in the layout: where it is, its year and unit, and its rows from the first
    region-sector row on (streamed from the open workbook, never all held in memory)."""

    file: Path
    name: str
    year: int
    unit: str | None
    header: tuple[tuple[Any, ...], tuple[Any, ...]]
    first_row: int  # 1-based sheet row of the first region-sector row
    rows: Iterator[tuple[Any, ...]]

    @property
    def where(self) -> str:
        return f"{self.file.name} [{self.name}]"


@dataclass
class _Columns:
    """Positions (0-based) and keys of the value columns of a sheet."""

    z: list[int]
    z_keys: list[tuple[str, str]]  # (using city, sector)
    fd: list[int]
    fd_keys: list[tuple[str, str]]  # (demanding city, category)
    side: list[int]  # total output, then exports if present


@dataclass
class _Parsed:
    year: int
    unit: str | None
    cities: dict[str, tuple[str | None, str | None, str | None]]  # code -> (zh, en, parent)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _sheets(path: Path) -> Iterator[_Sheet]:
    """The sheets of ``path`` in the layout; the workbook stays open while one is consumed."""
    if not path.is_file():
        raise ContractError(f"{path}: file not found (rule: missing_file)")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ContractError(f"{path}: not a readable .xlsx workbook ({exc}) "
                            "(rule: wrong_file_type)") from exc
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            head: list[tuple[Any, ...]] = []
            for row in rows:
                if (len(head) >= 2 and len(row) > 2 and _text(row[0]) and _text(row[1])
                        and any(_is_number(v) for v in row[2:])):
                    title = " ".join(_text(c) for r in head[:-2] for c in r if _text(c))
                    year = year_in(title) or year_in(ws.title) or year_in(path.stem)
                    if year is None:
                        raise ContractError(f"{path} [{ws.title}]: no year in the title rows, "
                                            "sheet or file name (rule: missing_year)")
                    unit = next((u for key, u, _ in UNITS if key in title), None)
                    yield _Sheet(path, ws.title, year, unit, (head[-2], head[-1]),
                                 len(head) + 1, chain([row], rows))
                    break
                head.append(row)
    finally:
        wb.close()


def _columns(sheet: _Sheet, width: int, sector_of: Callable[..., str]) -> _Columns:
    """Classify the value columns by the two header rows."""
    h1 = _ffill([_text(c) for c in _pad(sheet.header[0], width)])
    h2 = [_text(c) for c in _pad(sheet.header[1], width)]
    cols = _Columns([], [], [], [], [])
    output, export = None, None
    for j in range(2, width):
        at = f"column {get_column_letter(j + 1)}"
        if not h1[j] and not h2[j]:
            continue
        if _has(h1[j], OUTPUT_KEYS) or _has(h2[j], OUTPUT_KEYS):
            output = j
        elif _has(h1[j], EXPORT_KEYS) or _has(h2[j], EXPORT_KEYS):
            export = j
        elif (cat := _match(h2[j], FINAL_DEMAND_KEYS)) is not None:
            cols.fd.append(j)
            cols.fd_keys.append((_city(h1[j], sheet.where, at)[0], cat))
        elif h2[j]:
            cols.z.append(j)
            cols.z_keys.append((_city(h1[j], sheet.where, at)[0],
                                sector_of(h2[j], sheet.where, at)))
        else:
            raise ContractError(f"{sheet.where}, {at}: header {h1[j]!r} is not a sector, "
                                "final-demand category, exports or total output "
                                "(rule: unknown_column)")
    if output is None or not cols.z:
        raise ContractError(f"{sheet.where}: no total-output column or no intermediate "
                            "columns (rule: missing_column)")
    cols.side = [output] + ([export] if export is not None else [])
    return cols


class _Cells:
    """Reads value cells as floats; text cells become issues and NaN."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.issues: list[dict[str, Any]] = []

    def values(self, k: int, row: tuple, cols: list[int], region: str | None) -> np.ndarray:
        cells = [row[j] for j in cols]
        try:  # fast path: every cell numeric or blank
            out = np.array([0.0 if v is None else v for v in cells], dtype=float)
            if np.isfinite(out).all():
                return out
        except (TypeError, ValueError):
            out = np.zeros(len(cols))
        for n, (j, v) in enumerate(zip(cols, cells, strict=True)):
            num = _number(v)
            out[n] = np.nan if num is None else num
            if num is None:
                self.issues.append({
                    "file": self.sheet.file.name, "row": k, "region": region,
                    "year": self.sheet.year, "column": get_column_letter(j + 1),
                    "rule": "not_a_number", "detail": f"{v!r} in {self.sheet.where}"})
        return out


def _parse(sheet: _Sheet, scheme: str) -> _Parsed:
    where = sheet.where
    width = max(len(sheet.header[0]), len(sheet.header[1]))
    sector_of = _sector_lookup(scheme)
    cols = _columns(sheet, width, sector_of)
    cells = _Cells(sheet)
    keys: list[tuple[str, str]] = []
    z_rows, f_rows, side_rows = [], [], []
    bottom: dict[str, np.ndarray] = {}
    cities: dict[str, tuple[str | None, str | None, str | None]] = {}
    city_label = ""
    for k, raw in enumerate(sheet.rows, start=sheet.first_row):
        row = _pad(raw, width)
        a, b = _text(row[0]), _text(row[1])
        kind = _match(b or a, ROW_KEYS)
        if kind is not None:
            if kind != "skip":
                bottom[kind] = cells.values(k, row, cols.z, None)
            continue
        if not b:  # blank or unlabelled row
            continue
        if bottom:
            raise ContractError(f"{where}, row {k}: region-sector row {b!r} below the "
                                "value-added rows (rule: row_order)")
        city_label = a or city_label
        code, zh, en, parent = _city(city_label, where, f"row {k}")
        cities[code] = (zh, en, parent)
        keys.append((code, sector_of(b, where, f"row {k}")))
        z_rows.append(cells.values(k, row, cols.z, code))
        f_rows.append(cells.values(k, row, cols.fd, code))
        side_rows.append(cells.values(k, row, cols.side, code))

    index = pd.MultiIndex.from_tuples(keys)
    users = pd.MultiIndex.from_tuples(cols.z_keys)
    if set(users) != set(index) or len(users) != len(index):
        raise ContractError(f"{where}: the region-sector rows and the intermediate columns "
                            "do not list the same city-sectors (rule: square)")
    missing = [k for k in ("compensation", "net_taxes", "depreciation", "operating_surplus",
                           "total_input") if k not in bottom]
    if missing:
        raise ContractError(f"{where}: rows {missing} not found below the region-sector rows "
                            "(rule: missing_row)")
    z = pd.DataFrame(np.vstack(z_rows), index=index, columns=users)
    f = pd.DataFrame(np.vstack(f_rows), index=index,
                     columns=pd.MultiIndex.from_tuples(cols.fd_keys))
    side = np.vstack(side_rows)
    x = pd.Series(side[:, 0], index=index)
    exports = pd.Series(side[:, 1] if side.shape[1] > 1 else 0.0, index=index)
    below = {kind: pd.Series(v, index=users) for kind, v in bottom.items()}
    imports = below.get("imports", pd.Series(0.0, index=users))
    va = {c: below[c] for c in ("compensation", "net_taxes", "depreciation",
                                "operating_surplus")}

    year = sheet.year
    tables = {
        "flows": _nonzero(flows_long(z, year)),
        "final_demand": _nonzero(_fd_long(f, exports, year)),
        "gross_output": per_sector_long(x, year),
        "value_added": pd.concat([per_sector_long(v, year, component=c)
                                  for c, v in va.items()], ignore_index=True),
    }
    if "imports" in below:
        tables["imported_inputs"] = per_sector_long(imports, year)
    issues = cells.issues + _balance_issues(sheet, z, f, exports, x, imports, va,
                                            below["total_input"])
    tables["ingest_issues"] = pd.DataFrame(
        issues, columns=[c.name for c in TABLES["ingest_issues"][1]])
    return _Parsed(year, sheet.unit, cities, tables)


def _fd_long(f: pd.DataFrame, exports: pd.Series, year: int) -> pd.DataFrame:
    out = final_demand_long(f, year)
    exp = exports.rename("value").rename_axis(["from_region", "from_sector"]).reset_index()
    exp["to_region"], exp["category"], exp["year"] = exp["from_region"], "exports", year
    return pd.concat([out, exp[out.columns]], ignore_index=True)


def _nonzero(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["value"] != 0].reset_index(drop=True)


def _balance_issues(sheet: _Sheet, z: pd.DataFrame, f: pd.DataFrame, exports: pd.Series,
                    x: pd.Series, imports: pd.Series, va: dict[str, pd.Series],
                    total_input: pd.Series) -> list[dict[str, Any]]:
    """The balance rule of :mod:`nqpf.balance`: one issue per region-sector that fails."""
    residuals = {
        balance.ROW: x - (z.sum(axis=1) + f.sum(axis=1) + exports),
        balance.COLUMN: x - (z.sum(axis=0) + imports + sum(va.values())),
        balance.TOTAL_INPUT: x - total_input,
    }
    return [{"file": sheet.file.name, "row": None, "region": fail.key[0], "year": sheet.year,
             "column": None, "rule": fail.rule, "detail": fail.detail(fail.key[1])}
            for fail in balance.failures(residuals, x)]


def _regions(parsed: list[_Parsed]) -> pd.DataFrame:
    cities: dict[str, tuple] = {}
    for p in parsed:
        cities.update(p.cities)
    return pd.DataFrame([(code, en, zh, parent, "city")
                         for code, (zh, en, parent) in sorted(cities.items())],
                        columns=["code", "name_en", "name_zh", "parent", "level"])


def _labour(labour: Path | None, hourly_wage: Path | None, regions: pd.DataFrame,
            parsed: list[_Parsed], unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = [f.name for f in TABLES["labour"][1]]
    issues_cols = [f.name for f in TABLES["ingest_issues"][1]]
    frames, issues = [], []
    by_name = dict(zip(regions["name_zh"], regions["code"], strict=True))
    if labour is not None:
        found: list[dict[str, Any]] = []
        df = read_contract_table("labour", Path(labour), found)
        df["region"] = df["region"].map(lambda r: by_name.get(r, r)).astype("string")
        frames.append(df[cols])
        issues.append(pd.DataFrame(found, columns=issues_cols))
    if hourly_wage is not None:
        frames.append(_hourly_wage(Path(hourly_wage), parsed, by_name, unit))
    return concat(frames, cols), concat(issues, issues_cols)


def _hourly_wage(path: Path, parsed: list[_Parsed], by_name: dict[str, str],
                 unit: str) -> pd.DataFrame:
    """Hourly wages (yuan per hour) -> labour rows in the dataset unit per hour, per city."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ContractError(f"{path}: cannot be read as CSV ({exc}) (rule: unreadable_csv)"
                            ) from exc
    missing = [c for c in ("year", "sector", "value") if c not in df.columns]
    if missing:
        raise ContractError(f"{path}: missing column(s) {missing} (rule: missing_column)")
    factor = next(f for _, u, f in UNITS if u == unit)
    rows = []
    cities = {p.year: sorted(p.cities) for p in parsed}
    for n, r in df.iterrows():
        try:
            year, value = int(r["year"]), float(r["value"])
        except ValueError as exc:
            raise ContractError(f"{path}, row {n + 1}: year or value is not a number "
                                f"({exc}) (rule: not_a_number)") from exc
        region = str(r.get("region", "")).strip()
        targets = [by_name.get(region, region)] if region else cities.get(year, [])
        rows += [(year, c, str(r["sector"]).strip().zfill(2), "hourly_wage", value / factor,
                  LABOUR_UNITS["hourly_wage"]) for c in targets]
    return pd.DataFrame(rows, columns=[f.name for f in TABLES["labour"][1]])


def _scheme(scheme: str | dict[int, str] | None, year: int) -> str:
    if scheme is None:
        return default_scheme(year)
    if isinstance(scheme, str):
        return scheme
    if year not in scheme:
        raise ContractError(f"no sector scheme given for year {year} (rule: scheme)")
    return scheme[year]


def _sector_lookup(scheme: str):
    seed = SEEDS_DIR / f"sectors_{scheme}.csv"
    if not seed.is_file():
        raise ContractError(f"sector scheme {scheme!r}: no seed {seed.name} (rule: scheme)")
    s = pd.read_csv(seed, dtype=str)
    codes = set(s["code"])
    by_name = {**dict(zip(s["name_zh"], s["code"], strict=True)),
               **dict(zip(s["name_en"].str.lower(), s["code"], strict=True))}

    def lookup(label: str, where: str, at: str) -> str:
        m = re.match(r"\s*(\d{1,2})(?!\d)\s*(.*)$", label)
        name = (m.group(2) if m else label).strip()
        named = by_name.get(name, by_name.get(name.lower()))
        code = m.group(1).zfill(2) if m else named
        if code not in codes:
            raise ContractError(f"{where}, {at}: sector {label!r} is not in scheme {scheme!r} "
                                "(rule: unknown_sector)")
        if named is not None and named != code:  # the name is another sector of the scheme
            raise ContractError(f"{where}, {at}: sector {label!r} is {named} in scheme "
                                f"{scheme!r}, not {code} (rule: sector_scheme_mismatch)")
        return code

    return lookup


def _city(label: str, where: str, at: str) -> tuple[str, str | None, str | None, str | None]:
    """City label -> (code, name_zh, name_en, parent province code)."""
    parsed = _parse_city(label)
    if isinstance(parsed, str):
        raise ContractError(f"{where}, {at}: {label!r} {parsed} (rule: city_label)")
    return parsed


@cache
def _parse_city(label: str) -> tuple[str, str | None, str | None, str | None] | str:
    """The parsed label, or the reason it is not a city label (cached: labels repeat a lot)."""
    m = re.match(r"\s*(\d{6})?\s*([^\x00-\x7f]+)?\s*([\x00-\x7f]*)$", label or "")
    if not label or m is None or not (m.group(1) or m.group(2) or m.group(3).strip()):
        return "is not a city label"
    admin, zh, en = m.group(1), (m.group(2) or "").strip() or None, m.group(3).strip() or None
    if admin is None:
        name = (zh or en or "").encode()
        return "CN-X" + hashlib.sha1(name).hexdigest()[:8].upper(), zh, en, None
    province = _province_by_prefix().get(admin[:2])
    if province is None:
        return f"has admin code {admin} without a known province prefix"
    return f"{province}-{admin[:4]}", zh, en, province


@cache
def _province_by_prefix() -> dict[str, str]:
    """GB/T 2260 two-digit prefix -> province code, from the region seed's admin_prefix."""
    return {prefix: code for code, prefix in province_prefixes().items()}


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _is_number(v: Any) -> bool:
    return v is not None and _text(v) != "" and _number(v) is not None


def _number(v: Any) -> float | None:
    """A numeric cell as float (blank = 0); None for text that is not a number."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return 0.0
    if isinstance(v, bool):
        return None
    try:
        out = float(v)
    except (TypeError, ValueError):
        return None
    return out if np.isfinite(out) else None


def _has(text: str, keys: Iterable[str]) -> bool:
    low = text.lower()
    return any(k in low for k in keys)


def _match(text: str, table) -> str | None:
    return next((v for keys, v in table if _has(text, keys)), None)


def _ffill(labels: list[str]) -> list[str]:
    out, last = [], ""
    for v in labels:
        last = v or last
        out.append(last)
    return out


def _pad(row: tuple, width: int) -> tuple:
    return tuple(row) + (None,) * (width - len(row))

