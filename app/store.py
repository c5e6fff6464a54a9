"""Read-only access to the warehouse for the app's pages.

One DuckDB connection per warehouse file is cached, keyed on the file's path and
modification time: a rebuild swaps the file atomically, so the next page run sees a new key
and opens the new file. The connection to the previous build is closed first, because
DuckDB hands out one database instance per path within a process: while the old
connection lives, connecting to the path again would reach the old (replaced) file. Every
query runs on its own short-lived cursor because a DuckDB connection is not safe to share
between the threads that serve different browser sessions.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import streamlit as st

from nqpf.mart_registry import region_marts
from nqpf.paths import database_path
from nqpf.warehouse import QueryLimits, connect, run_limited

#: memory, threads and seconds a user's query may take (NQPF_QUERY_* environment variables)
LIMITS = QueryLimits.from_env()

#: the key of one build of the warehouse: (path, modification time in ns)
BuildKey = tuple[str, int]

#: marts whose rows are (dataset, region, year, sector) indicator values
REGION_MARTS: tuple[str, ...] = region_marts()
#: the regional aggregate row of a dataset (region 'ALL') is no region of its own
AGGREGATE = "ALL"


def build_key() -> BuildKey | None:
    """The current warehouse file's key, or None when no warehouse has been built."""
    path = database_path()
    try:
        return str(path), path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


#: path -> the connection opened to the latest build seen at that path
_opened: dict[str, duckdb.DuckDBPyConnection] = {}
_opening = threading.Lock()


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    """A read-only connection to one build (``mtime_ns`` only keys the cache)."""
    with _opening:
        previous = _opened.pop(path, None)
        if previous is not None:
            previous.close()  # also closes its cursors, releasing the old instance
        _opened[path] = connect(Path(path), LIMITS)
        return _opened[path]


def _cursor(key: BuildKey) -> duckdb.DuckDBPyConnection:
    return _connection(*key).cursor()


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(key: BuildKey, sql: str, params: tuple) -> pd.DataFrame:
    with _cursor(key) as cur:
        return cur.execute(sql, list(params)).df()


def query(sql: str, params: Sequence = ()) -> pd.DataFrame:
    """Rows of a fixed app query on the current build, cached per build and parameters.

    Callers check :func:`build_key` first (the pages do so through ``ui.require_warehouse``).
    """
    key = build_key()
    if key is None:
        raise FileNotFoundError(f"no warehouse at {database_path()}")
    return _cached_query(key, sql, tuple(params))


def run_user_sql(sql: str, limit: int) -> tuple[pd.DataFrame, bool]:
    """Run SQL typed by a user, uncached; returns at most ``limit`` rows and whether more
    were left off. The connection is read-only with file access disabled and its settings
    locked, so DuckDB itself refuses writes, file reads and setting changes; its memory
    limit holds for every query, and a query still running after the time limit is
    interrupted (``QueryTimeout``), so one user's runaway query cannot hold the server."""
    key = build_key()
    if key is None:
        raise FileNotFoundError(f"no warehouse at {database_path()}")

    def fetch(cur: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, bool]:
        if cur.description is None:  # a statement without a result set
            return pd.DataFrame(), False
        names = [column[0] for column in cur.description]
        rows = cur.fetchmany(limit + 1)
        return pd.DataFrame.from_records(rows[:limit], columns=names), len(rows) > limit

    with _cursor(key) as cur:
        return run_limited(cur, sql, LIMITS.seconds, fetch)


def tables() -> set[str]:
    """Names of the tables and views of the current build."""
    frame = query("select table_name from information_schema.tables "
                  "where table_schema = 'main'")
    return set(frame["table_name"])


def columns(table: str) -> list[str]:
    """Column names of ``table`` in the current build, in table order."""
    frame = query("select column_name from information_schema.columns "
                  "where table_schema = 'main' and table_name = ? order by ordinal_position",
                  (table,))
    return list(frame["column_name"])


def quote(name: str) -> str:
    """A SQL identifier in double quotes (column names such as ``lambda`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def years(dataset: str) -> list[int]:
    frame = query('select distinct year from "values" where dataset = ? order by year',
                  (dataset,))
    return [int(y) for y in frame["year"]]


def regions(dataset: str, year: int | None = None) -> pd.DataFrame:
    """Regions of a dataset (optionally in one year), aggregate excluded: code, English and
    Chinese name, level and place in the official order."""
    return query(
        'select distinct v.region, r.name_en, r.name_zh, r.region_level, r.official_order '
        'from "values" v left join dim_regions r on r.region = v.region '
        'where v.dataset = ? and v.region <> ? and (? is null or v.year = ?) '
        'order by v.region',
        (dataset, AGGREGATE, year, year))


def sectors(dataset: str) -> pd.DataFrame:
    """The common-scheme sectors of a dataset's marts with names and flags, by code."""
    return query(
        "with schemes as (select distinct s.common_scheme from int_region_years r "
        "  join dim_sectors s on s.scheme = r.scheme where r.dataset = ?) "
        "select common_code as sector, name_en, name_zh, productive, digital_device, "
        "  digital_service "
        "from dim_sectors where scheme = common_scheme "
        "  and common_scheme in (select common_scheme from schemes) order by common_code",
        (dataset,))


#: export formats -> (file extension, MIME type)
FORMATS: dict[str, tuple[str, str]] = {
    "CSV": ("csv", "text/csv"),
    "Parquet": ("parquet", "application/vnd.apache.parquet"),
}


def table_bytes(table: str, fmt: str) -> bytes:
    """The whole of ``table`` of the current build as CSV or Parquet bytes."""
    key = build_key()
    if key is None:
        raise FileNotFoundError(f"no warehouse at {database_path()}")
    with _cursor(key) as cur:
        arrow = cur.sql(f"select * from {quote(table)}").to_arrow_table()
    buffer = io.BytesIO()
    if fmt == "Parquet":
        pq.write_table(arrow, buffer)
    else:
        pa_csv.write_csv(arrow, buffer)
    return buffer.getvalue()
