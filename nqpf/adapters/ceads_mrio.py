"""CEADs MRIO blocks as arrays -> canonical tables, with the checks of the published layout.

Both CEADs layouts (docs/data.md) hold the same blocks: with R
regions and 42 sectors, N = 42 R region-sectors ordered region-major,

- ``Z`` (N, N) intermediate flows, supplier row to user column;
- ``F`` (N, 5R) final demand, five columns per destination region in the order
  :data:`FINAL_DEMAND_ORDER`;
- ``VA`` (>= 5, N) value added: four components (:data:`VA_ORDER`), then the total;
- imports from abroad (N or N + 5R): the first N by using region-sector, then one per
  final-demand column (not stored: the contract has no table for imported final demand);
- ``Export`` (N,) exports abroad.

Gross output is ``x = Z 1 + F 1 + Export``. Shapes and the value-added rows are checked
strictly (a mismatch means the layout was misread: :class:`ContractError` naming the field and
the rule); a region-sector whose inputs ``Z' 1 + imports + VA total`` differ from ``x`` becomes
an ``ingest_issues`` row (``column_balance``), so its region is quarantined and the others
build.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nqpf import balance
from nqpf.adapters.ceads_regions import RegionList, labour_tables
from nqpf.balance import project_tolerance
from nqpf.contract import TABLES, CanonicalDataset, ContractError, TableFile
from nqpf.paths import SEEDS_DIR

FINAL_DEMAND_ORDER: tuple[str, ...] = ("hh_rural", "hh_urban", "government", "gfcf",
                                       "inventory")
VA_ORDER: tuple[str, ...] = ("compensation", "net_taxes", "depreciation", "operating_surplus")
SECTORS = 42
#: relative tolerance of the identities the files must satisfy exactly up to rounding of their
#: doubles (value-added rows, stored total output); the balance of a sector's inputs with its
#: output is the project's balance rule (nqpf.balance)
TOLERANCE = 1e-6


def default_scheme(year: int) -> str:
    """NBS 42-sector scheme of a CEADs year: the 2017 scheme from 2017 on, else 2012."""
    return "nbs2017_42" if year >= 2017 else "nbs2012_42"


@dataclass
class MrioBlocks:
    """One year's blocks as read from a file; ``fields`` names each block in messages
    (e.g. ``{"Z": "MRIO.Z", "IM": "MRIO.IM"}`` or Excel ranges)."""

    source: str
    year: int
    Z: np.ndarray
    F: np.ndarray
    VA: np.ndarray
    imports: np.ndarray
    exports: np.ndarray
    fields: dict[str, str]
    x: np.ndarray | None = None  # total output, when the file stores it

    def name(self, block: str) -> str:
        return f"{self.source}: {self.fields.get(block, block)}"


def regions_of(blocks: MrioBlocks) -> int:
    """The number of regions R, from Z (N = 42 R); checks every block's shape against it."""
    n = blocks.Z.shape[0]
    if blocks.Z.ndim != 2 or blocks.Z.shape != (n, n) or n % SECTORS or n == 0:
        raise ContractError(f"{blocks.name('Z')}: shape {blocks.Z.shape} is not N x N with "
                            f"N = {SECTORS} x regions (rule: shape)")
    r = n // SECTORS
    expected = {"F": (n, 5 * r), "exports": (n,)}
    for block, shape in expected.items():
        got = getattr(blocks, block).shape
        if got != shape:
            raise ContractError(f"{blocks.name(block)}: shape {got}, expected {shape} for "
                                f"{r} regions x {SECTORS} sectors (rule: shape)")
    if blocks.VA.ndim != 2 or blocks.VA.shape[0] < 5 or blocks.VA.shape[1] != n:
        raise ContractError(f"{blocks.name('VA')}: shape {blocks.VA.shape}, expected at least "
                            f"5 rows x {n} columns (rule: shape)")
    if blocks.imports.shape not in ((n,), (n + 5 * r,)):
        raise ContractError(f"{blocks.name('IM')}: length {blocks.imports.shape}, expected "
                            f"{n} or {n + 5 * r} (rule: shape)")
    if blocks.x is not None and blocks.x.shape != (n,):
        raise ContractError(f"{blocks.name('x')}: shape {blocks.x.shape}, expected ({n},) "
                            "(rule: shape)")
    return r


def _close(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    return np.abs(got - want) <= TOLERANCE * np.maximum(np.abs(want), 1.0)


def _key(k: int, regions: list[str], sectors: list[str]) -> str:
    return f"{regions[k // len(sectors)]}/{sectors[k % len(sectors)]}"


def check_value_added(blocks: MrioBlocks, regions: list[str], sectors: list[str]) -> None:
    """Rows 1-4 of VA must sum to row 5 (else the rows are not the four components)."""
    total = blocks.VA[:4].sum(axis=0)
    bad = np.flatnonzero(~_close(total, blocks.VA[4]))
    if len(bad):
        k = bad[0]
        raise ContractError(
            f"{blocks.name('VA')}: rows 1-4 (components) sum to {total[k]:.6g} but row 5 "
            f"(total value added) is {blocks.VA[4, k]:.6g} at {_key(k, regions, sectors)} "
            f"and {len(bad) - 1} more column(s) (rule: va_components)")


def gross_output(blocks: MrioBlocks, regions: list[str], sectors: list[str]) -> np.ndarray:
    """x = Z 1 + F 1 + Export; where the file stores x, it must agree (rule: row_identity)."""
    x = row_sums(blocks.Z) + blocks.F.sum(axis=1) + blocks.exports
    if blocks.x is not None:
        bad = np.flatnonzero(~_close(x, blocks.x))
        if len(bad):
            k = bad[0]
            raise ContractError(
                f"{blocks.name('x')}: total output {blocks.x[k]:.6g} at "
                f"{_key(k, regions, sectors)} is not Z 1 + F 1 + Export = {x[k]:.6g} "
                f"({len(bad)} region-sector(s) differ) (rule: row_identity)")
    return x


#: cells per chunk when a Z block is written as flows rows (~0.5 GB of temporaries)
CHUNK_CELLS = 1 << 24
#: the flows schema with dictionary-encoded keys: a dense year has N^2 = 1.7e8 rows of a few
#: hundred distinct codes, which as Python or Arrow strings would not fit in memory
_KEY = pa.dictionary(pa.int32(), pa.string())
#: the tables a dense MRIO makes large, written to disk year by year with dictionary keys
LARGE = ("flows", "final_demand")
SCHEMAS = {name: pa.schema([(f.name, _KEY if pa.types.is_string(f.type) else f.type)
                            for f in TABLES[name][1]]) for name in LARGE}
#: the dictionary-encoded key columns of each of SCHEMAS
KEYED = {name: [f.name for f in schema if pa.types.is_dictionary(f.type)]
         for name, schema in SCHEMAS.items()}


def _keys(codes: np.ndarray, labels: list[str] | tuple[str, ...]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32, copy=False)),
                                          pa.array(list(labels), pa.string()))



def row_bands(Z: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Z as C-ordered bands of whole rows, ``(first row, band)``, ~:data:`CHUNK_CELLS` cells
    each. A v7.3 file's Z is a Fortran-ordered view of the file's array (a copy would double a
    dense year's 1.4 GB); bands keep both the memory and the arithmetic of row sums the same
    whichever order Z has."""
    step = max(1, CHUNK_CELLS // max(Z.shape[1], 1))
    for start in range(0, Z.shape[0], step):
        yield start, np.ascontiguousarray(Z[start:start + step])


def row_sums(Z: np.ndarray) -> np.ndarray:
    """Z 1, band by band (:func:`row_bands`)."""
    return np.concatenate([band.sum(axis=1) for _, band in row_bands(Z)])


def flows_chunks(Z: np.ndarray, year: int, regions: list[str],
                 sectors: list[str]) -> Iterator[pa.Table]:
    """The non-zero cells of Z as ``flows`` rows, a band of Z at a time along the axis Z is
    stored by: a v7.3 file's column-major Z gives its flows user by user, without a copy of
    the band. Built as Arrow arrays directly (no pandas frame of 1.7e8 rows)."""
    s = len(sectors)
    node_region = np.repeat(np.arange(len(regions), dtype=np.int32), s)
    node_sector = np.tile(np.arange(s, dtype=np.int32), len(regions))
    by_column = Z.flags.f_contiguous and not Z.flags.c_contiguous
    for start, band in row_bands(Z.T if by_column else Z):
        first, second = np.nonzero(band)
        value = band[first, second]
        first += start
        row, col = (second, first) if by_column else (first, second)
        yield pa.table([
            pa.array(np.full(len(value), year, dtype=np.int32)),
            _keys(node_region[row], regions), _keys(node_sector[row], sectors),
            _keys(node_region[col], regions), _keys(node_sector[col], sectors),
            pa.array(value),
        ], schema=SCHEMAS["flows"])


def final_demand_table(blocks: MrioBlocks, regions: list[str], sectors: list[str]
                       ) -> pa.Table:
    """F (five categories per destination region) and exports as ``final_demand`` rows,
    zeros left out; 2e7 rows a year for 313 cities, so keys are dictionary codes too."""
    n, r, s = blocks.F.shape[0], len(regions), len(sectors)
    cats = (*FINAL_DEMAND_ORDER, "exports")
    node = np.arange(n)
    # F is (n, r * 5): a row-major ravel runs over destinations, then categories
    origin = np.r_[np.repeat(node, r * len(FINAL_DEMAND_ORDER)), node]
    destination = np.r_[np.tile(np.repeat(np.arange(r), len(FINAL_DEMAND_ORDER)), n),
                        node // s]
    category = np.r_[np.tile(np.arange(len(FINAL_DEMAND_ORDER)), n * r),
                     np.full(n, len(FINAL_DEMAND_ORDER))]
    value = np.r_[blocks.F.ravel(), blocks.exports]
    keep = value != 0
    origin = origin[keep]
    return pa.table([
        pa.array(np.full(int(keep.sum()), blocks.year, dtype=np.int32)),
        _keys(origin // s, regions), _keys(origin % s, sectors),
        _keys(destination[keep], regions), _keys(category[keep], cats), pa.array(value[keep]),
    ], schema=SCHEMAS["final_demand"])


def _per_sector(values: np.ndarray, year: int, regions: list[str],
                sectors: list[str]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"year": year, "region": np.repeat(regions, len(sectors))[:n],
                         "sector": np.tile(sectors, len(regions))[:n], "value": values})


def small_tables(blocks: MrioBlocks, regions: list[str], sectors: list[str],
                 file: str) -> dict[str, pd.DataFrame]:
    """The small canonical tables of one year (all but :data:`LARGE`), after the strict
    checks."""
    r = regions_of(blocks)
    if len(regions) != r:
        raise ContractError(f"{blocks.source}: {r} regions in the blocks but the region list "
                            f"has {len(regions)} (rule: region_count)")
    check_value_added(blocks, regions, sectors)
    x = gross_output(blocks, regions, sectors)
    year, n = blocks.year, len(x)
    imports = blocks.imports[:n]
    return {
        "gross_output": _per_sector(x, year, regions, sectors),
        "value_added": pd.concat([_per_sector(blocks.VA[k], year, regions, sectors)
                                  .assign(component=c) for k, c in enumerate(VA_ORDER)],
                                 ignore_index=True),
        "imported_inputs": _per_sector(imports, year, regions, sectors),
        "ingest_issues": _column_issues(blocks, x, imports, regions, sectors, file),
    }


def _column_issues(blocks: MrioBlocks, x: np.ndarray, imports: np.ndarray,
                   regions: list[str], sectors: list[str], file: str) -> pd.DataFrame:
    """Region-sectors whose inputs Z'1 + imports + VA total differ from x."""
    inputs = blocks.Z.sum(axis=0) + imports + blocks.VA[4]
    tolerance = project_tolerance()
    bad = np.flatnonzero(np.abs(inputs - x) > np.maximum(tolerance.absolute,
                                                         tolerance.relative * np.abs(x)))
    what = (f"{blocks.fields.get('Z', 'Z')}' 1 + {blocks.fields.get('IM', 'imports')} + "
            f"{blocks.fields.get('VA', 'VA')} row 5")
    rows = [{"file": file, "row": None, "region": regions[k // len(sectors)],
             "year": blocks.year, "column": None, "rule": balance.COLUMN,
             "detail": f"sector {sectors[k % len(sectors)]}: inputs ({what}) "
                       f"{inputs[k]:.6g} vs gross output (Z 1 + F 1 + Export) {x[k]:.6g}"}
            for k in bad]
    return pd.DataFrame(rows, columns=[f.name for f in TABLES["ingest_issues"][1]])


def mrio_dataset(years: Iterable[tuple[MrioBlocks, RegionList]], *, metadata: dict[str, Any],
                 scheme: str | dict[int, str] | None = None, labour: Path | None = None,
                 hourly_wage: Path | None = None) -> CanonicalDataset:
    """One canonical dataset from the blocks of each year (read one year at a time: a dense
    year's flows and final demand go to Parquet files on disk before the next year is read)."""
    scratch = Path(tempfile.mkdtemp(prefix="nqpf-flows-"))
    try:
        return _assemble(years, scratch, metadata, scheme, labour, hourly_wage)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _assemble(years: Iterable[tuple[MrioBlocks, RegionList]], scratch: Path,
              metadata: dict[str, Any], scheme: str | dict[int, str] | None,
              labour: Path | None, hourly_wage: Path | None) -> CanonicalDataset:
    # statistics only on year and value: min/max of dictionary keys cost a third of a dense
    # year's writing, and nothing filters on them
    writers = {name: pq.ParquetWriter(scratch / f"{name}.parquet", SCHEMAS[name],
                                      use_dictionary=KEYED[name],
                                      write_statistics=[c for c in SCHEMAS[name].names
                                                        if c not in KEYED[name]])
               for name in LARGE}
    tables: dict[str, list[pd.DataFrame]] = {}
    regions: list[pd.DataFrame] = []
    codes_by_year: dict[int, list[str]] = {}
    classification: dict[str, str] = {}
    notes: list[str] = list(metadata.pop("notes", []))
    with ThreadPoolExecutor(max_workers=1) as pool:
        behind = WrittenBehind(pool)
        for blocks, region_list in years:
            _read_year(blocks, region_list, scheme, writers, behind, tables, codes_by_year,
                       classification, regions, notes)
            del blocks
        behind.wait()
    for writer in writers.values():
        writer.close()
    if not codes_by_year:
        raise ContractError(f"{metadata.get('source')}: no table found (rule: no_table)")
    region_table = pd.concat(regions, ignore_index=True).drop_duplicates("code")
    out: dict[str, Any] = {name: pd.concat(frames, ignore_index=True)
                           for name, frames in tables.items()}
    for name in LARGE:
        out[name] = TableFile(scratch / f"{name}.parquet")
    # the scratch folder goes with the dataset object, whether it was written or not
    weakref.finalize(out["flows"], shutil.rmtree, scratch, True)
    out["regions"] = region_table
    unit = str(metadata["monetary_unit"])
    out["labour"], labour_issues = labour_tables(labour, hourly_wage, region_table,
                                                 codes_by_year, unit)
    out["ingest_issues"] = pd.concat([out["ingest_issues"], labour_issues], ignore_index=True)
    if out["labour"].empty:
        notes.append("No labour data given (CEADs has none): the region-years lack labour.")
    notes.append("Imports into final demand (the last 5R entries of the imports row) have no "
                 "canonical table and are not stored.")
    meta = {**metadata, "mrio": True, "classification": classification, "notes": notes}
    return CanonicalDataset(meta, out)




class WrittenBehind:
    """Parquet writes on a thread of their own, one at a time and in order, so that the next
    chunk of flows is built while one is written (pyarrow releases the GIL while it encodes;
    writing is a third of a dense year's ingest). At most one chunk waits to be written."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self._pending: Future[None] | None = None

    def write(self, writer: pq.ParquetWriter, table: pa.Table) -> None:
        self.wait()
        self._pending = self._pool.submit(writer.write_table, table)

    def wait(self) -> None:
        """Until the last write is done, raising what it raised."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()


def _read_year(blocks: MrioBlocks, region_list: RegionList,
               scheme: str | dict[int, str] | None, writers: dict[str, pq.ParquetWriter],
               behind: WrittenBehind, tables: dict[str, list[pd.DataFrame]],
               codes_by_year: dict[int, list[str]], classification: dict[str, str],
               regions: list[pd.DataFrame], notes: list[str]) -> None:
    """One year: its large tables written behind, the rest gathered into the others."""
    if blocks.year in codes_by_year:
        raise ContractError(f"{blocks.source}: a second table for {blocks.year} "
                            "(rule: duplicate)")
    year_scheme = _scheme(scheme, blocks.year)
    sectors = _sector_codes(year_scheme)
    for name, df in small_tables(blocks, region_list.codes, sectors,
                                 Path(blocks.source).name).items():
        tables.setdefault(name, []).append(df)
    for chunk in flows_chunks(blocks.Z, blocks.year, region_list.codes, sectors):
        behind.write(writers["flows"], chunk)
    behind.write(writers["final_demand"], final_demand_table(blocks, region_list.codes,
                                                             sectors))
    print(f"  read {blocks.source}: {blocks.year}, {len(region_list.codes)} regions x "
          f"{len(sectors)} sectors", file=sys.stderr, flush=True)
    if region_list.note and region_list.note not in notes:
        print(f"  note: {region_list.note}", file=sys.stderr, flush=True)
        notes.append(region_list.note)
    codes_by_year[blocks.year] = region_list.codes
    classification[str(blocks.year)] = year_scheme
    regions.append(region_list.table)


def _scheme(scheme: str | dict[int, str] | None, year: int) -> str:
    if scheme is None:
        return default_scheme(year)
    if isinstance(scheme, str):
        return scheme
    if year not in scheme:
        raise ContractError(f"no sector scheme given for year {year} (rule: scheme)")
    return scheme[year]


def _sector_codes(scheme: str) -> list[str]:
    seed = SEEDS_DIR / f"sectors_{scheme}.csv"
    if not seed.is_file():
        raise ContractError(f"sector scheme {scheme!r}: no seed {seed.name} (rule: scheme)")
    codes = pd.read_csv(seed, dtype=str)["code"].tolist()
    if len(codes) != SECTORS:
        raise ContractError(f"sector scheme {scheme!r} has {len(codes)} sectors; the CEADs "
                            f"tables have {SECTORS} (rule: scheme)")
    return codes
