"""Run `dbt build` into a fresh DuckDB file and swap it in only when the build succeeds.

The DuckDB engine (:mod:`nqpf.duckdb_engine`) or the Spark engine (:mod:`nqpf.spark.engine`)
fills the new file; this module owns the lock, the file and the swap. When only some datasets
changed since the served build, the engine builds those alone and the new file becomes a copy
of the served warehouse with their rows replaced (:mod:`nqpf.incremental`).

The warehouse file is never written in place: a build writes ``.build-<id>.duckdb`` beside it,
records its provenance in a ``build_info`` table, and renames it over ``nqpf.duckdb`` (an
atomic rename on one file system). Readers that hold the old file keep reading it; a failed or
killed build leaves the previous warehouse untouched.

Only one build or ingest writes a warehouse folder at a time (:mod:`nqpf.lock`). SIGTERM and
SIGHUP (a closed terminal) stop a build the way Ctrl-C does: dbt cancels its work, the scratch
file is removed and nothing is swapped in. The swap also requires every node dbt planned to
have succeeded and every mart to be in the new file, so an interrupted run that dbt reports
as finished still cannot replace the served warehouse.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from nqpf import __version__
from nqpf.committed import committed_datasets, recover
from nqpf.contract import read_metadata
from nqpf.dbt_runner import BuildError, BuildStopped, EngineRun, Progress
from nqpf.duckdb_engine import build_on_duckdb, parse_project
from nqpf.fingerprints import code_fingerprint
from nqpf.incremental import Plan, code_tables, merge, plan
from nqpf.lock import warehouse_lock
from nqpf.paths import CANONICAL, DATABASE, MANIFEST, warehouse_dir
from nqpf.preflight import RULE as PREFLIGHT_RULE
from nqpf.preflight import readable
from nqpf.snapshots import link, prune, snapshot_dir
from nqpf.stopping import stoppable
from nqpf.warehouse import MARTS, mart_checksums


@dataclass
class BuildResult:
    database: Path
    build_id: str
    seconds: float
    datasets: list[str]
    nodes: dict[str, int] = field(default_factory=dict)
    #: the datasets this build read (all of them unless it was incremental; none: up to date)
    rebuilt: list[str] = field(default_factory=list)


def _stale_builds(home: Path, database: Path) -> None:
    """Remove files of builds that died before their swap (e.g. killed)."""
    for stale in home.glob(".build-*.duckdb*"):
        stale.unlink(missing_ok=True)
    for stale in home.glob(".spark-.build-*"):
        shutil.rmtree(stale, ignore_errors=True)  # their Spark tables
    # the snapshots of every build but the served one (a served file without a build id:
    # no telling which it reads, so all stay)
    with contextlib.suppress(duckdb.Error):
        prune(home, _served_build_id(database) if database.exists() else None)


def build(*, home: Path | None = None, vars: Mapping[str, Any] | None = None,
          emit: Progress | None = None, wait: bool = False, engine: str = "duckdb",
          target: str = "spark", full: bool = False) -> BuildResult:
    """Build the warehouse in ``home`` (default: NQPF_HOME or ./warehouse) from every dataset
    under its canonical folder; swap the new file in on success. Only the datasets that
    changed since the served build are rebuilt (:mod:`nqpf.incremental`); ``full`` rebuilds
    every one. Another build or ingest on the same folder makes this wait (``wait``) or raise
    :class:`nqpf.lock.WarehouseBusy`. ``engine="spark"`` runs a full build on Spark through
    the dbt profile target ``target`` (nqpf.spark.engine)."""
    emit = emit or (lambda line: print(line, file=sys.stderr, flush=True))
    home = home or warehouse_dir()
    with warehouse_lock(home, wait=wait, emit=emit):
        return _locked_build(home, vars, emit, engine, target, full)


def _locked_build(home: Path, vars: Mapping[str, Any] | None, emit: Progress, engine: str,
                  target: str, full: bool) -> BuildResult:
    canonical, database = home / CANONICAL, home / DATABASE
    recover(canonical, emit)
    datasets = committed_datasets(canonical, emit)
    if not datasets:
        raise BuildError(
            f"no canonical datasets in {canonical}: run `nqpf ingest <path>` "
            "(or `nqpf ingest --shipped`) first")
    _stale_builds(home, database)
    invocation = uuid.uuid4().hex
    scratch = home / f".build-{invocation}.duckdb"
    datasets, refused = readable(canonical, datasets)
    for name, why in refused.items():
        emit(f"left out {name}: {why} (rule: {PREFLIGHT_RULE})")
    if not datasets:
        raise BuildError(f"no dataset in {canonical} can be read; the previous warehouse is "
                         "unchanged")
    code = code_fingerprint(vars)
    todo = plan(database, canonical, datasets, code, refused=refused,
                full=full or engine == "spark")
    if todo.up_to_date:
        emit(f"the warehouse is up to date: no dataset, code or var changed since its build "
             f"(`nqpf build --full` rebuilds it all): {database}")
        return BuildResult(database, _served_build_id(database), 0.0, datasets, {}, [])
    emit(f"{'full' if todo.full else 'incremental'} build: {todo.reason}")
    emit(f"building {', '.join(todo.build)} into a new warehouse file"
         + (f" on Spark (dbt target {target})" if engine == "spark" else ""))
    started = time.perf_counter()
    # on DuckDB the sources read the snapshot below, on Spark the datasets named here
    # (dbt_project/models/staging/_staging__sources.yml, nqpf.spark.session)
    run_vars = {**(vars or {}), "build_id": invocation, "datasets": todo.build}
    # what the warehouse reads in place (nqpf.snapshots); Spark copies every table
    snapshot = snapshot_dir(home, invocation)
    swapped = False
    try:
        with stoppable() as received:
            try:
                if engine == "spark":
                    from nqpf.spark.engine import build_on_spark

                    failures, counts = build_on_spark(scratch, canonical, target=target,
                                                      vars=run_vars, emit=emit)
                    run = EngineRun(failures, counts)
                else:
                    link(canonical, snapshot, todo.build)
                    manifest = parse_project(scratch, snapshot, run_vars, emit)
                    run = build_on_duckdb(scratch, snapshot, run_vars, emit, manifest)
                _finished(run, received, scratch)
                if not todo.full:
                    link(canonical, snapshot, datasets)  # the datasets kept as they were
                    _merge_into_served_copy(home, scratch, todo, snapshot, run_vars, emit,
                                            received, manifest)
                seconds = time.perf_counter() - started
                _record_build(scratch, invocation, run.dbt_invocation_id, datasets, canonical,
                              seconds, vars, refused, code, todo)
                os.replace(scratch, database)
                swapped = True
                # the catalogue of the build just swapped in, for readers (the app's column page)
                shutil.copyfile(home / "dbt_target" / "manifest.json", home / MANIFEST)
                prune(home, invocation)
            except KeyboardInterrupt:
                if not swapped:  # a stop after the swap finds the build complete
                    raise BuildStopped(received[0] if received else signal.SIGINT) from None
    finally:
        for leftover in home.glob(f".build-{invocation}*.duckdb*"):
            leftover.unlink(missing_ok=True)
        if not swapped:
            shutil.rmtree(snapshot, ignore_errors=True)
    emit(f"warehouse ready: {database} ({seconds:.1f} s)")
    return BuildResult(database, invocation, seconds, datasets, run.counts, todo.build)


def _finished(run: EngineRun, received: list[int], db: Path) -> None:
    """Raise unless the engine's run into ``db`` completed: KeyboardInterrupt when a stop
    interrupted it, BuildError when a node failed or is missing."""
    if received or run.interrupted:
        raise KeyboardInterrupt
    if run.failures:
        detail = "\n  ".join(run.failures)
        raise BuildError(f"dbt build failed; the previous warehouse is unchanged:\n  {detail}")
    _check_complete(db, run.statuses)


def _merge_into_served_copy(home: Path, scratch: Path, todo: Plan, canonical: Path,
                            vars: Mapping[str, Any], emit: Progress, received: list[int],
                            manifest: Any) -> None:
    """Make ``scratch`` a copy of the served warehouse with the rows of the datasets the build
    in ``scratch`` holds in place of their old ones, and the tables of codes rebuilt over every
    dataset. The copy takes the build's file name: the project as this build parsed it
    (``manifest``) names its tables by that file's catalog."""
    part = scratch.with_name(f"{scratch.stem}-part.duckdb")
    with duckdb.connect(str(scratch)) as con:
        con.execute("checkpoint")  # no write-ahead log left behind to follow the file name
    os.replace(scratch, part)
    shutil.copyfile(home / DATABASE, scratch)
    unkeyed = merge(part, scratch, todo.drop)
    graph = json.loads((home / "dbt_target" / "manifest.json").read_text(encoding="utf-8"))
    codes = code_tables(graph, unkeyed)
    emit(f"merged {', '.join(todo.build)} into a copy of the warehouse; rebuilding "
         f"{', '.join(codes)} over every dataset")
    _finished(build_on_duckdb(scratch, canonical, vars, emit, manifest, select=codes),
              received, scratch)


def _served_build_id(database: Path) -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        return str(con.execute("select build_id from build_info").fetchone()[0])


_DONE = {"success", "pass", "warn", "no-op"}


def _check_complete(db: Path, statuses: list[str] | None) -> None:
    """Refuse to swap in a file that misses a node or a mart (an interrupted run); ``statuses``
    None: the engine reports no node statuses, so only the marts are checked."""
    unfinished = sorted({s for s in statuses or [] if s not in _DONE})
    if statuses is not None and (not statuses or unfinished):
        raise BuildError(f"dbt left nodes unfinished ({', '.join(unfinished) or 'none ran'}); "
                         "the previous warehouse is unchanged")
    with duckdb.connect(str(db), read_only=True) as con:
        present = {r[0] for r in con.execute(
            "select table_name from information_schema.tables").fetchall()}
    missing = sorted(set(MARTS) - present)
    if missing:
        raise BuildError(f"the new warehouse lacks {missing}; the previous warehouse is "
                         "unchanged")


def _record_build(db: Path, build_id: str, dbt_invocation_id: str, datasets: list[str],
                  canonical: Path, seconds: float, vars: Mapping[str, Any] | None,
                  refused: Mapping[str, str], code: str, todo: Plan) -> None:
    """Write ``build_info``: ``build_id`` is nqpf's id of this build (the scratch file's
    name), ``dbt_invocation_id`` the id dbt gave its run (in dbt's logs and artifacts); the
    fingerprints of what it read, for the next build to compare with; the datasets it rebuilt
    and the checksum of every mart (equal inputs give equal checksums)."""
    import dbt.version

    metadata = {name: read_metadata(canonical / name) for name in datasets}
    with duckdb.connect(str(db)) as con:
        for name, why in refused.items():  # a dataset the build could not read at all
            con.execute("delete from quarantine where dataset = ? and rule = ?",
                        [name, PREFLIGHT_RULE])
            con.execute("insert into quarantine values (?, 'ALL', null, ?, ?, 1)",
                        [name, PREFLIGHT_RULE, why])
        checksums = mart_checksums(con)
        con.execute("""
            create or replace table build_info (
                built_at timestamptz, build_id varchar, dbt_invocation_id varchar,
                nqpf_version varchar, dbt_version varchar, seconds double, datasets varchar,
                vars varchar, rebuilt varchar, code_fingerprint varchar,
                dataset_fingerprints varchar, checksums varchar)
        """)
        con.execute(
            "insert into build_info values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [datetime.now(UTC), build_id, dbt_invocation_id, __version__,
             dbt.version.__version__, seconds,
             json.dumps(metadata, ensure_ascii=False), json.dumps(dict(vars or {})),
             json.dumps(todo.build), code, json.dumps(todo.fingerprints),
             json.dumps(checksums)],
        )
        con.execute("checkpoint")
