"""Read-only access to the built warehouse, shared by the CLI, the app and the exports."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from nqpf.mart_registry import summary_marts
from nqpf.paths import database_path
from nqpf.snapshots import snapshots_dir, unreadable_snapshot

T = TypeVar("T")

#: The tables users query, in the order the summary lists them (from the mart registry).
MARTS: tuple[str, ...] = summary_marts()


class WarehouseMissing(FileNotFoundError):
    """No warehouse has been built yet."""


class QueryTimeout(duckdb.Error):
    """A query ran longer than the time limit and was interrupted."""


class SnapshotUnreadable(duckdb.IOException):
    """A staging view's snapshot of the canonical files is not beside the warehouse file."""


@dataclass(frozen=True)
class QueryLimits:
    """What one reader may use: DuckDB's memory limit and threads for the whole connection,
    and the seconds after which a user's query is interrupted. Each can be set by an
    environment variable of the process that opens the warehouse."""

    memory: str = "2GB"
    threads: int = 2
    seconds: float = 30.0

    @classmethod
    def from_env(cls) -> QueryLimits:
        return cls(memory=os.environ.get("NQPF_QUERY_MEMORY", cls.memory),
                   threads=int(os.environ.get("NQPF_QUERY_THREADS", cls.threads)),
                   seconds=float(os.environ.get("NQPF_QUERY_SECONDS", cls.seconds)))


def connect(path: Path | None = None,
            limits: QueryLimits | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with file access disabled and the settings locked.

    Statements that write (CREATE, INSERT), read files (read_csv, ATTACH) or change settings
    are refused by DuckDB itself; the one folder it may read besides the file is the builds'
    snapshots of the canonical files (:mod:`nqpf.snapshots`), which its staging views read,
    and :func:`run_limited` refuses statements that write files (COPY, EXPORT), so any SQL
    text is safe to run there. The memory limit and threads of ``limits`` (default: from the
    environment) hold for every query on the connection; nothing spills to disk, so a query
    past the memory limit fails instead of filling the disk.
    """
    path = path or database_path()
    if not path.exists():
        raise WarehouseMissing(
            f"no warehouse at {path}: run `nqpf ingest --shipped` and `nqpf build` first")
    limits = limits or QueryLimits.from_env()
    con = duckdb.connect(str(path), read_only=True,
                         config={"memory_limit": limits.memory, "threads": limits.threads,
                                 "temp_directory": ""})
    if con.execute("select current_setting('lock_configuration')").fetchone()[0]:
        return con  # another connection of this process to the file has locked it so already
    # DuckDB takes the allowed folder only once started, and before file access is disabled
    con.execute("set allowed_directories = ?", [[f"{snapshots_dir(path)}{os.sep}"]])
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


#: statements that write files, which DuckDB allows inside the snapshots folder
FILE_WRITES = frozenset({duckdb.StatementType.COPY, duckdb.StatementType.EXPORT,
                         duckdb.StatementType.COPY_DATABASE})


def run_limited(con: duckdb.DuckDBPyConnection, sql: str, seconds: float,
                fetch: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Execute ``sql`` on ``con`` and ``fetch`` its result, interrupting it after ``seconds``.

    ``con`` should be a cursor of its own: the interrupt stops whatever runs on it. A
    statement that writes a file is refused before anything runs; a staging view whose
    snapshot this file cannot read is explained (:func:`nqpf.snapshots.unreadable_snapshot`).
    """
    for statement in duckdb.extract_statements(sql):
        if statement.type in FILE_WRITES:
            raise duckdb.PermissionException(
                f"{statement.type.name} is refused: the warehouse is open read-only, and "
                "nothing may write files")
    timer = threading.Timer(seconds, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        con.execute(sql)
        return fetch(con)
    except duckdb.InterruptException as exc:
        raise QueryTimeout(
            f"the query ran longer than the limit of {seconds:g} s and was stopped "
            "(NQPF_QUERY_SECONDS sets the limit)") from exc
    except (duckdb.PermissionException, duckdb.IOException) as exc:
        (database,) = con.execute("select path from duckdb_databases() "
                                  "where database_name = current_database()").fetchone()
        why = unreadable_snapshot(str(exc), Path(database))
        if why is None:
            raise
        raise SnapshotUnreadable(why) from exc
    finally:
        timer.cancel()


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


#: significant digits floats agree to between builds whose last bits may differ (one on Spark)
CHECKSUM_DIGITS = 12


def mart_checksums(con: duckdb.DuckDBPyConnection,
                   names: tuple[str, ...] = MARTS) -> dict[str, str]:
    """SHA-256 of each mart's rows in a canonical order, every value to the bit: equal
    checksums, equal marts."""
    import pandas as pd  # loaded here, not with every connection

    present = set(tables(con))
    out = {}
    for name in (n for n in names if n in present):
        frame = con.execute(f'select * from "{name}" order by all').fetchdf()
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy())
        out[name] = digest.hexdigest()
    return out


def mart_differences(a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection,
                     names: tuple[str, ...] = MARTS) -> dict[str, str]:
    """The marts in which two builds (say on two engines) differ, each with its first
    difference. Rows are matched in a canonical order; floats agree to CHECKSUM_DIGITS
    significant digits (relative difference at most 10**-CHECKSUM_DIGITS), and two floats
    both below that in magnitude (numerical residuals, zero in exact arithmetic) agree.
    Unlike equal checksums, this does not fail on a value whose last bits fall on either side
    of a rounding boundary."""
    import numpy as np

    tolerance = 10.0 ** -CHECKSUM_DIGITS
    present = set(tables(a)) & set(tables(b))
    found = {}
    for name in (n for n in names if n in present):
        left = a.execute(f'select * from "{name}" order by all').fetchdf()
        right = b.execute(f'select * from "{name}" order by all').fetchdf()
        if list(left.columns) != list(right.columns) or len(left) != len(right):
            found[name] = (f"{len(left)} rows of {list(left.columns)} vs "
                           f"{len(right)} rows of {list(right.columns)}")
            continue
        for col in left.columns:
            x, y = left[col].to_numpy(), right[col].to_numpy()
            if left[col].dtype.kind == "f":
                scale = np.maximum(np.abs(x), np.abs(y))
                same = (np.abs(x - y) <= tolerance * scale) | (scale < tolerance) | (
                    np.isnan(x) & np.isnan(y))
            else:
                same = (left[col] == right[col]).to_numpy() | (
                    left[col].isna() & right[col].isna()).to_numpy()
            if not same.all():
                row = int(np.flatnonzero(~same)[0])
                a_value, b_value = (f[col].iloc[[row]].tolist()[0] for f in (left, right))
                found[name] = f"row {row}, column {col}: {a_value!r} vs {b_value!r}"
                break
    return found


#: column names that are keywords of DuckDB's SQL and must be quoted
_KEYWORD_COLUMNS = re.compile(r'(?<!")\blambda\b(?!")', re.IGNORECASE)


def sql_hint(sql: str, error: duckdb.Error) -> str | None:
    """A hint for a failed query when its cause is a common slip, else None."""
    if isinstance(error, duckdb.ParserException) and _KEYWORD_COLUMNS.search(sql):
        return ('`lambda` is a keyword in DuckDB SQL: quote the column, '
                'e.g. select "lambda" from "values"')
    if isinstance(error, duckdb.OutOfMemoryException):
        return ("the query needs more memory than a reader may use (NQPF_QUERY_MEMORY; the "
                "settings cannot be changed from SQL): filter or aggregate before joining")
    return None
