"""Read-only access to the built warehouse, shared by the CLI, the app and the exports."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from nqpf.mart_registry import summary_marts
from nqpf.paths import database_path

#: The tables users query, in the order the summary lists them (from the mart registry).
MARTS: tuple[str, ...] = summary_marts()


class WarehouseMissing(FileNotFoundError):
    """No warehouse has been built yet."""


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with file access disabled and the settings locked.

    Statements that write (CREATE, INSERT, COPY ... TO), read files (read_csv, ATTACH) or
    change settings are refused by DuckDB itself, so any SQL text is safe to run here.
    """
    path = path or database_path()
    if not path.exists():
        raise WarehouseMissing(
            f"no warehouse at {path}: run `nqpf ingest --shipped` and `nqpf build` first")
    return duckdb.connect(
        str(path), read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' "
        "order by table_name").fetchall()
    return [r[0] for r in rows]


def row_counts(con: duckdb.DuckDBPyConnection, names: tuple[str, ...] = MARTS) -> dict[str, int]:
    """Rows per table for the tables in ``names`` that exist in this build."""
    present = set(tables(con))
    return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0]
            for n in names if n in present}


#: significant digits floats are compared at: parallel aggregation in DuckDB may change the
#: last bits of a sum between runs, never the first twelve digits
CHECKSUM_DIGITS = 12


def mart_checksums(con: duckdb.DuckDBPyConnection,
                   names: tuple[str, ...] = MARTS) -> dict[str, str]:
    """SHA-256 of each mart's rows in a canonical order, floats to CHECKSUM_DIGITS significant
    digits: equal checksums, equal marts."""
    present = set(tables(con))
    out = {}
    for name in (n for n in names if n in present):
        frame = con.execute(f'select * from "{name}" order by all').fetchdf()
        for col in frame.select_dtypes("float").columns:
            frame[col] = frame[col].map(f"{{:.{CHECKSUM_DIGITS}g}}".format)
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy())
        out[name] = digest.hexdigest()
    return out
