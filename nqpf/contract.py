"""The canonical input contract: the long tables every adapter writes and dbt reads.

A canonical dataset is one folder holding ``metadata.json`` and one Parquet file per table
below. Every table is always written (optional ones empty, with their schema), so that the
dbt sources can glob over all datasets without special cases. Monetary values are in the
unit named by ``metadata.json`` (``monetary_unit``); labour rows carry their own unit.

Conventions shared by all tables:
- ``year`` is an integer; ``region`` and ``sector`` codes are strings (leading zeros kept).
- Flows are domestic-origin intermediate flows in producers' prices, supplier row to user
  column, after the adapter's import treatment (recorded in the metadata).
- A single-region table has ``from_region == to_region``; a multi-regional (MRIO) table has
  flows between regions.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from nqpf.metadata import DatasetMetadata

from nqpf.committed import commit, writing_path
from nqpf.paths import SEEDS_DIR

#: The contract's vocabulary (final-demand categories, value-added components, labour measures
#: and their units, which may be negative) is the seed ``contract_vocabulary.csv``; the dbt
#: checks and staging tests read the same seed.
VOCABULARY_SEED = "contract_vocabulary.csv"


@dataclass(frozen=True)
class Vocabulary:
    """The codes of the contract's coded columns, as read from the vocabulary seed."""

    #: final-demand categories in seed order
    categories: tuple[str, ...]
    #: categories that may be negative (inventory, inflow, other)
    signed_categories: frozenset[str]
    #: categories that use goods locally and so contain imports
    local_uses: frozenset[str]
    #: categories re-exports are deducted from when imports exceed local use
    reexport_uses: tuple[str, ...]
    #: value-added components in seed order
    components: tuple[str, ...]
    #: labour measure -> the one unit it may carry
    labour_units: dict[str, str]


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Read the vocabulary seed (default: the project's ``seeds/contract_vocabulary.csv``)."""
    path = path or SEEDS_DIR / VOCABULARY_SEED
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def codes(table: str, flag: str | None = None) -> tuple[str, ...]:
        return tuple(r["code"] for r in rows
                     if r["source_table"] == table and (flag is None or r[flag] == "true"))

    return Vocabulary(
        categories=codes("final_demand"),
        signed_categories=frozenset(codes("final_demand", "may_be_negative")),
        local_uses=frozenset(codes("final_demand", "local_use")),
        reexport_uses=codes("final_demand", "reexport_use"),
        components=codes("value_added"),
        labour_units={r["code"]: r["unit"] for r in rows if r["source_table"] == "labour"},
    )


VOCABULARY = load_vocabulary()
FINAL_DEMAND_CATEGORIES: tuple[str, ...] = VOCABULARY.categories
SIGNED_CATEGORIES: frozenset[str] = VOCABULARY.signed_categories
VALUE_ADDED_COMPONENTS: tuple[str, ...] = VOCABULARY.components
#: ``hourly_wage`` is in the dataset's monetary unit per hour (hours = compensation / wage)
LABOUR_UNITS: dict[str, str] = VOCABULARY.labour_units

_STR = pa.string()
_INT = pa.int32()
_DBL = pa.float64()
_BOOL = pa.bool_()

#: table name -> (required?, arrow schema)
TABLES: dict[str, tuple[bool, pa.Schema]] = {
    "flows": (True, pa.schema([
        ("year", _INT), ("from_region", _STR), ("from_sector", _STR),
        ("to_region", _STR), ("to_sector", _STR), ("value", _DBL),
    ])),
    "final_demand": (True, pa.schema([
        ("year", _INT), ("from_region", _STR), ("from_sector", _STR),
        ("to_region", _STR), ("category", _STR), ("value", _DBL),
    ])),
    # imported intermediate inputs used by each sector (enters the column balance)
    "imported_inputs": (False, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR), ("value", _DBL),
    ])),
    "value_added": (True, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR),
        ("component", _STR), ("value", _DBL),
    ])),
    "gross_output": (True, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR), ("value", _DBL),
    ])),
    "labour": (True, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR),
        ("measure", _STR), ("value", _DBL), ("unit", _STR),
    ])),
    # fixed capital stock at current prices by using sector (optional; else K = T * D)
    "capital_stock": (False, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR), ("value", _DBL),
    ])),
    # service life in years by sector (optional; else the dbt var default)
    "service_life": (False, pa.schema([("sector", _STR), ("years", _DBL)])),
    # output price index by sector (base year = 1; region null = all regions)
    "deflators": (False, pa.schema([
        ("year", _INT), ("region", _STR), ("sector", _STR), ("value", _DBL),
    ])),
    # regions the dataset brings beyond the shipped region seed
    "regions": (False, pa.schema([
        ("code", _STR), ("name_en", _STR), ("name_zh", _STR),
        ("parent", _STR), ("level", _STR),
    ])),
    # a sector classification the dataset brings beyond the shipped sector seeds
    "sectors": (False, pa.schema([
        ("scheme", _STR), ("code", _STR), ("name_en", _STR), ("name_zh", _STR),
        ("productive", _BOOL), ("digital_device", _BOOL), ("digital_service", _BOOL),
        ("common_code", _STR),
    ])),
    # row-level problems found while reading the raw files; dbt turns them into quarantine
    "ingest_issues": (False, pa.schema([
        ("file", _STR), ("row", pa.int64()), ("region", _STR), ("year", _INT),
        ("column", _STR), ("rule", _STR), ("detail", _STR),
    ])),
}

REQUIRED_METADATA: tuple[str, ...] = (
    "dataset", "title", "publisher", "monetary_unit", "region_level", "mrio",
    "classification",
)


class ContractError(ValueError):
    """A canonical table or its metadata breaks the contract."""


@dataclass(frozen=True)
class TableFile:
    """A table too large to hold in memory (a dense MRIO's flows): a Parquet file an adapter
    wrote chunk by chunk in the table's schema; :func:`write_dataset` moves
    it into the dataset."""

    path: Path

    def __len__(self) -> int:
        return pq.ParquetFile(self.path).metadata.num_rows


@dataclass
class CanonicalDataset:
    """A dataset in the canonical contract: metadata plus one frame per table.

    ``metadata`` keys (see :data:`REQUIRED_METADATA`): ``dataset`` (folder name, lower
    snake case), ``title``, ``publisher``, ``monetary_unit`` (e.g. ``"CNY 10,000"``),
    ``region_level`` (country, province, city), ``mrio`` (bool), ``classification``
    (the sector scheme for all years, or ``{year: scheme}``), and optionally ``source``,
    ``license``, ``citation``, ``price_basis``, ``import_treatment``, ``synthetic``,
    ``single_economy`` (see :func:`single_economy`) and a list of ``notes`` the build summary
    repeats.
    """

    metadata: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.metadata["dataset"])

    def scheme_for(self, year: int) -> str:
        c = self.metadata["classification"]
        if not isinstance(c, dict):
            return str(c)
        for key in (str(year), year):
            if key in c:
                return str(c[key])
        raise ContractError(f"metadata.json: classification names no scheme for year {year}")


def empty_table(name: str) -> pd.DataFrame:
    """An empty frame with the columns of table ``name``."""
    return TABLES[name][1].empty_table().to_pandas()


def conform(name: str, df: pd.DataFrame) -> pa.Table:
    """Cast ``df`` to the schema of table ``name``; raise ContractError naming what is wrong."""
    _, schema = TABLES[name]
    missing = [f.name for f in schema if f.name not in df.columns]
    if missing:
        raise ContractError(f"table {name!r}: missing column(s) {missing}")
    out = df[[f.name for f in schema]].copy()
    for f in schema:
        col = out[f.name]
        try:
            if pa.types.is_string(f.type):
                out[f.name] = col.astype("string")
            elif pa.types.is_boolean(f.type):
                out[f.name] = col.astype("boolean")
            elif pa.types.is_integer(f.type):
                out[f.name] = pd.to_numeric(col, errors="raise").astype("Int64")
            else:
                out[f.name] = pd.to_numeric(col, errors="raise").astype("float64")
        except (ValueError, TypeError) as exc:
            raise ContractError(f"table {name!r}, column {f.name!r}: {exc}") from exc
    return pa.Table.from_pandas(out, schema=schema, preserve_index=False)


def validate_metadata(meta: dict[str, Any]) -> None:
    """Check ``meta`` against :class:`nqpf.metadata.DatasetMetadata`; ContractError if not."""
    from nqpf.metadata import MetadataError, parse_metadata

    try:
        parse_metadata(meta)
    except MetadataError as exc:
        raise ContractError(str(exc)) from None


def single_economy(meta: DatasetMetadata) -> bool:
    """Whether the dataset's regions form one economy: one price system, one uniform profit
    rate and one aggregate (region ``ALL``) for all of them, as for the provinces or cities of
    one country. Otherwise every region is an economy of its own (national economies do not
    equalise profit rates with each other). ``single_economy`` in the metadata decides; absent,
    regions below country level form one economy and countries do not.
    """
    if meta.single_economy is not None:
        return meta.single_economy
    return meta.region_level != "country"


def write_dataset(ds: CanonicalDataset, root: Path) -> Path:
    """Write ``ds`` as ``root/<dataset>/`` (metadata.json + one Parquet file per table).

    Unknown table names are refused; optional tables that are absent are written empty.
    The folder is written next to its final place and committed by a rename
    (:mod:`nqpf.committed`), so a reader never sees a half-written dataset.
    """
    validate_metadata(ds.metadata)
    from nqpf.metadata import parse_metadata

    typed = parse_metadata(ds.metadata).model_dump(mode="json", exclude_defaults=True)
    unknown = set(ds.tables) - set(TABLES)
    if unknown:
        raise ContractError(f"unknown table(s) {sorted(unknown)}; known: {sorted(TABLES)}")
    for name, (required, _) in TABLES.items():
        if required and name not in ds.tables:
            raise ContractError(f"dataset {ds.name!r}: required table {name!r} is missing")
    root.mkdir(parents=True, exist_ok=True)
    tmp = writing_path(root, ds.name)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for name in TABLES:
            df = ds.tables.get(name)
            if isinstance(df, TableFile):
                shutil.move(df.path, tmp / f"{name}.parquet")
                continue
            table = conform(name, df if df is not None else empty_table(name))
            pq.write_table(table, tmp / f"{name}.parquet")
        pq.write_table(dataset_info(ds), tmp / "dataset_info.parquet")
        (tmp / "metadata.json").write_text(
            json.dumps(typed, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
    except BaseException:  # a bad table or a stop: nothing of this dataset stays
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return commit(root, ds.name)


#: metadata flattened to one row per year (written as dataset_info.parquet for dbt to read)
DATASET_INFO_SCHEMA = pa.schema([
    ("dataset", _STR), ("year", _INT), ("classification", _STR), ("monetary_unit", _STR),
    ("currency", _STR), ("currency_scale", _DBL),
    ("region_level", _STR), ("mrio", _BOOL), ("single_economy", _BOOL), ("synthetic", _BOOL),
    ("title", _STR),
    ("publisher", _STR), ("source", _STR), ("license", _STR), ("import_treatment", _STR),
    ("notes", _STR),
])


def dataset_info(ds: CanonicalDataset) -> pa.Table:
    """One row per year present in the flows, with that year's classification and the metadata."""
    from nqpf.metadata import parse_metadata

    meta = parse_metadata(ds.metadata)
    currency, scale = meta.currency_pair()
    flows = ds.tables.get("flows")
    if isinstance(flows, TableFile):
        flows = ds.tables["gross_output"]
    years = sorted({int(y) for y in flows["year"].dropna()}) if flows is not None else []
    rows = [
        {
            "dataset": ds.name,
            "year": year,
            "classification": meta.scheme_for(year),
            "monetary_unit": meta.monetary_unit,
            "currency": currency,
            "currency_scale": scale,
            "region_level": meta.region_level,
            "mrio": meta.mrio,
            "single_economy": single_economy(meta),
            "synthetic": meta.synthetic,
            "title": meta.title,
            "publisher": meta.publisher,
            "source": meta.source,
            "license": meta.license,
            "import_treatment": meta.import_treatment,
            "notes": json.dumps(meta.notes, ensure_ascii=False),
        }
        for year in years
    ]
    return pa.Table.from_pylist(rows, schema=DATASET_INFO_SCHEMA)


def read_metadata(folder: Path) -> dict[str, Any]:
    """The typed metadata of a stored dataset folder, as plain JSON values."""
    from nqpf.metadata import parse_metadata

    path = folder / "metadata.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return parse_metadata(raw, str(path)).model_dump(mode="json", exclude_defaults=True)


def read_dataset(folder: Path) -> CanonicalDataset:
    """Read a canonical dataset folder written by :func:`write_dataset` (its metadata checked
    against :class:`nqpf.metadata.DatasetMetadata`)."""
    meta = read_metadata(folder)
    tables = {
        name: pq.read_table(folder / f"{name}.parquet").to_pandas()
        for name in TABLES
        if (folder / f"{name}.parquet").exists()
    }
    return CanonicalDataset(meta, tables)
