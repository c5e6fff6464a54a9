"""Run `dbt build` into a fresh DuckDB file and swap it in only when the build succeeds.

The warehouse file is never written in place: a build writes ``.build-<id>.duckdb`` beside it,
records its provenance in a ``build_info`` table, and renames it over ``nqpf.duckdb`` (an
atomic rename on one file system). Readers that hold the old file keep reading it; a failed or
killed build leaves the previous warehouse untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from nqpf import __version__
from nqpf.paths import CANONICAL, DATABASE, DBT_DIR, warehouse_dir

Progress = Callable[[str], None]


class BuildError(RuntimeError):
    """The build failed; the previous warehouse (if any) is unchanged."""


@dataclass
class BuildResult:
    database: Path
    invocation_id: str
    seconds: float
    datasets: list[str]
    nodes: dict[str, int] = field(default_factory=dict)


def _datasets(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "metadata.json").exists())


def _stale_builds(home: Path) -> None:
    """Remove files of builds that died before their swap (e.g. killed)."""
    for stale in home.glob(".build-*.duckdb*"):
        stale.unlink(missing_ok=True)
    for stale in home.glob(".spark-.build-*"):  # the Spark engine's tables of such builds
        shutil.rmtree(stale, ignore_errors=True)


class _Reporter:
    """dbt event callback: one line per finished node, with a running count."""

    def __init__(self, emit: Progress) -> None:
        self.emit = emit
        self.total = 0
        self.done = 0
        self.counts: dict[str, int] = {}
        self.failures: list[str] = []

    def __call__(self, event: Any) -> None:
        name = event.info.name
        if name == "FoundStats":
            self.emit(f"dbt: {event.data.stat_line}")
        elif name == "LogStartLine" and not self.total:
            self.total = int(getattr(event.data, "total", 0) or 0)
        elif name == "NodeFinished" and event.data.node_info.resource_type != "exposure":
            info = event.data.node_info
            self.done += 1
            status = info.node_status
            self.counts[status] = self.counts.get(status, 0) + 1
            if status in ("error", "fail", "runtime error"):
                message = getattr(event.data.run_result, "message", "") or ""
                self.failures.append(f"{info.resource_type} {info.node_name}: {message}")
            total = f"/{self.total}" if self.total else ""
            self.emit(f"[{self.done}{total}] {status:<7} {info.resource_type} {info.node_name}")


def run_dbt(args: list[str], *, database: Path, canonical: Path,
            emit: Progress | None = None, manifest: Any = None) -> tuple[bool, _Reporter, Any]:
    """Invoke dbt in-process against ``database`` and the canonical folder (with
    ``manifest``, a project parsed before, dbt does not parse it again)."""
    from dbt.cli.main import dbtRunner

    home = database.parent
    os.environ["NQPF_DB_PATH"] = str(database)
    os.environ["NQPF_CANONICAL_DIR"] = str(canonical)
    reporter = _Reporter(emit or (lambda _line: None))
    try:
        result = dbtRunner(manifest=manifest, callbacks=[reporter]).invoke([
            *args,
            "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
            "--target-path", str(home / "dbt_target"), "--log-path", str(home / "logs"),
            "--quiet",
        ])
    finally:
        _release_duckdb()
    return bool(result.success), reporter, result


def _release_duckdb() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open for the life of the process.

    Otherwise this process would hold the write lock on the swapped-in warehouse file and no
    other process (the app, `nqpf query`) could open it until this one exits.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager as Manager

    with Manager._LOCK:
        if Manager._ENV is not None:
            Manager._ENV.close()
            Manager._ENV = None


def build(*, home: Path | None = None, vars: Mapping[str, Any] | None = None,
          emit: Progress | None = None, engine: str = "duckdb",
          target: str = "spark") -> BuildResult:
    """Build the warehouse in ``home`` (default: NQPF_HOME or ./warehouse) from every dataset
    under its canonical folder; swap the new file in on success. ``engine="spark"`` runs the
    build on Spark through the dbt profile target ``target`` (nqpf.spark.engine)."""
    emit = emit or (lambda line: print(line, file=sys.stderr, flush=True))
    home = home or warehouse_dir()
    canonical, database = home / CANONICAL, home / DATABASE
    home.mkdir(parents=True, exist_ok=True)
    datasets = _datasets(canonical) if canonical.exists() else []
    if not datasets:
        raise BuildError(
            f"no canonical datasets in {canonical}: run `nqpf ingest <path>` "
            "(or `nqpf ingest --shipped`) first")
    _stale_builds(home)
    invocation = uuid.uuid4().hex
    scratch = home / f".build-{invocation}.duckdb"
    emit(f"building {', '.join(datasets)} into a new warehouse file"
         + (f" on Spark (dbt target {target})" if engine == "spark" else ""))
    started = time.perf_counter()
    try:
        if engine == "spark":
            from nqpf.spark.engine import build_on_spark

            failures, counts = build_on_spark(scratch, canonical, target=target, vars=vars,
                                              emit=emit)
        else:
            failures, counts = _build_on_duckdb(scratch, canonical, vars, emit)
        if failures:
            detail = "\n  ".join(failures)
            raise BuildError(f"dbt build failed; the previous warehouse is unchanged:\n  {detail}")
        seconds = time.perf_counter() - started
        _record_build(scratch, invocation, datasets, canonical, seconds, vars)
        os.replace(scratch, database)
    finally:
        for leftover in home.glob(f".build-{invocation}.duckdb*"):
            leftover.unlink(missing_ok=True)
    emit(f"warehouse ready: {database} ({seconds:.1f} s)")
    return BuildResult(database, invocation, seconds, datasets, counts)


def _build_on_duckdb(scratch: Path, canonical: Path, vars: Mapping[str, Any] | None,
                     emit: Progress) -> tuple[list[str], dict[str, int]]:
    """`dbt build` into the DuckDB file ``scratch``: the failures and the node counts."""
    args = ["build"]
    if vars:
        args += ["--vars", json.dumps(dict(vars))]
    ok, reporter, result = run_dbt(args, database=scratch, canonical=canonical, emit=emit)
    if ok:
        return [], reporter.counts
    return reporter.failures or [str(getattr(result, "exception", ""))], reporter.counts


def _record_build(db: Path, invocation: str, datasets: list[str], canonical: Path,
                  seconds: float, vars: Mapping[str, Any] | None) -> None:
    import dbt.version

    metadata = {
        name: json.loads((canonical / name / "metadata.json").read_text(encoding="utf-8"))
        for name in datasets
    }
    with duckdb.connect(str(db)) as con:
        con.execute("""
            create or replace table build_info (
                built_at timestamptz, invocation_id varchar, nqpf_version varchar,
                dbt_version varchar, seconds double, datasets varchar, vars varchar)
        """)
        con.execute(
            "insert into build_info values (?, ?, ?, ?, ?, ?, ?)",
            [datetime.now(UTC), invocation, __version__, dbt.version.__version__, seconds,
             json.dumps(metadata, ensure_ascii=False), json.dumps(dict(vars or {}))],
        )
        con.execute("checkpoint")
