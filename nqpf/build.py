"""Run `dbt build` into a fresh DuckDB file and swap it in only when the build succeeds.

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

import json
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from nqpf import __version__, dbt_duckdb
from nqpf.committed import committed_datasets, recover
from nqpf.contract import read_metadata
from nqpf.lock import warehouse_lock
from nqpf.paths import CANONICAL, DATABASE, DBT_DIR, MANIFEST, warehouse_dir
from nqpf.preflight import RULE as PREFLIGHT_RULE
from nqpf.preflight import readable
from nqpf.stopping import Stopped, stoppable
from nqpf.warehouse import MARTS

Progress = Callable[[str], None]


class BuildError(RuntimeError):
    """The build failed; the previous warehouse (if any) is unchanged."""


class BuildStopped(Stopped, BuildError):
    """A signal stopped the build; the previous warehouse (if any) is unchanged."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum, "build", "the previous warehouse is unchanged")


@dataclass
class BuildResult:
    database: Path
    build_id: str
    seconds: float
    datasets: list[str]
    nodes: dict[str, int] = field(default_factory=dict)


def _stale_builds(home: Path) -> None:
    """Remove files of builds that died before their swap (e.g. killed)."""
    for stale in home.glob(".build-*.duckdb*"):
        stale.unlink(missing_ok=True)
    for stale in home.glob(".spark-.build-*"):
        shutil.rmtree(stale, ignore_errors=True)  # their Spark tables


class _Reporter:
    """dbt event callback: one line per finished node, with a running count."""

    def __init__(self, emit: Progress) -> None:
        self.emit = emit
        self.total = 0
        self.done = 0
        self.counts: dict[str, int] = {}
        self.failures: list[str] = []
        self.invocation_id = ""

    def __call__(self, event: Any) -> None:
        name = event.info.name
        self.invocation_id = event.info.invocation_id or self.invocation_id
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
        dbt_duckdb.release()
    return bool(result.success), reporter, result


def build(*, home: Path | None = None, vars: Mapping[str, Any] | None = None,
          emit: Progress | None = None, wait: bool = False, engine: str = "duckdb",
          target: str = "spark") -> BuildResult:
    """Build the warehouse in ``home`` (default: NQPF_HOME or ./warehouse) from every dataset
    under its canonical folder; swap the new file in on success. Another build or ingest on
    the same folder makes this wait (``wait``) or raise :class:`nqpf.lock.WarehouseBusy`.
    ``engine="spark"`` runs the build on Spark through the dbt profile target ``target``
    (nqpf.spark.engine)."""
    emit = emit or (lambda line: print(line, file=sys.stderr, flush=True))
    home = home or warehouse_dir()
    with warehouse_lock(home, wait=wait, emit=emit):
        return _locked_build(home, vars, emit, engine, target)


def _locked_build(home: Path, vars: Mapping[str, Any] | None, emit: Progress, engine: str,
                  target: str) -> BuildResult:
    canonical, database = home / CANONICAL, home / DATABASE
    recover(canonical, emit)
    datasets = committed_datasets(canonical, emit)
    if not datasets:
        raise BuildError(
            f"no canonical datasets in {canonical}: run `nqpf ingest <path>` "
            "(or `nqpf ingest --shipped`) first")
    _stale_builds(home)
    invocation = uuid.uuid4().hex
    scratch = home / f".build-{invocation}.duckdb"
    datasets, refused = readable(canonical, datasets)
    for name, why in refused.items():
        emit(f"left out {name}: {why} (rule: {PREFLIGHT_RULE})")
    if not datasets:
        raise BuildError(f"no dataset in {canonical} can be read; the previous warehouse is "
                         "unchanged")
    emit(f"building {', '.join(datasets)} into a new warehouse file"
         + (f" on Spark (dbt target {target})" if engine == "spark" else ""))
    started = time.perf_counter()
    # the sources read these datasets by name (dbt_project/models/staging/_staging__sources.yml)
    run_vars = {**(vars or {}), "build_id": invocation, "datasets": datasets}
    swapped = False
    try:
        with stoppable() as received:
            try:
                if engine == "spark":
                    from nqpf.spark.engine import build_on_spark

                    failures, counts = build_on_spark(scratch, canonical, target=target,
                                                      vars=run_vars, emit=emit)
                    run = _Run(failures, counts)
                else:
                    run = _build_on_duckdb(scratch, canonical, run_vars, emit)
                if received or run.interrupted:
                    raise KeyboardInterrupt
                if run.failures:
                    detail = "\n  ".join(run.failures)
                    raise BuildError(
                        f"dbt build failed; the previous warehouse is unchanged:\n  {detail}")
                _check_complete(scratch, run.statuses)
                seconds = time.perf_counter() - started
                _record_build(scratch, invocation, run.dbt_invocation_id, datasets,
                              canonical, seconds, vars, refused)
                os.replace(scratch, database)
                swapped = True
                # the catalogue of the build just swapped in, for readers (the app's column page)
                shutil.copyfile(home / "dbt_target" / "manifest.json", home / MANIFEST)
            except KeyboardInterrupt:
                if not swapped:  # a stop after the swap finds the build complete
                    raise BuildStopped(received[0] if received else signal.SIGINT) from None
    finally:
        for leftover in home.glob(f".build-{invocation}.duckdb*"):
            leftover.unlink(missing_ok=True)
    emit(f"warehouse ready: {database} ({seconds:.1f} s)")
    return BuildResult(database, invocation, seconds, datasets, run.counts)


@dataclass
class _Run:
    """What one engine's run of the dbt project gave: failures (empty: success), node counts
    by status, dbt's own invocation id, each node's status (None: not reported), and whether
    a stop interrupted it."""

    failures: list[str]
    counts: dict[str, int]
    dbt_invocation_id: str = ""
    statuses: list[str] | None = None
    interrupted: bool = False


def _build_on_duckdb(scratch: Path, canonical: Path, vars: Mapping[str, Any],
                     emit: Progress) -> _Run:
    """`dbt build` into the DuckDB file ``scratch``."""
    args = ["build", "--vars", json.dumps(dict(vars))]
    ok, reporter, result = run_dbt(args, database=scratch, canonical=canonical, emit=emit)
    return _Run([] if ok else reporter.failures or [str(getattr(result, "exception", ""))],
                reporter.counts, reporter.invocation_id,
                [str(r.status) for r in getattr(result.result, "results", [])],
                isinstance(getattr(result, "exception", None), KeyboardInterrupt))


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
                  refused: Mapping[str, str]) -> None:
    """Write ``build_info``: ``build_id`` is nqpf's id of this build (the scratch file's
    name), ``dbt_invocation_id`` the id dbt gave its run (in dbt's logs and artifacts)."""
    import dbt.version

    metadata = {name: read_metadata(canonical / name) for name in datasets}
    with duckdb.connect(str(db)) as con:
        con.execute("""
            create or replace table build_info (
                built_at timestamptz, build_id varchar, dbt_invocation_id varchar,
                nqpf_version varchar, dbt_version varchar, seconds double, datasets varchar,
                vars varchar)
        """)
        con.execute(
            "insert into build_info values (?, ?, ?, ?, ?, ?, ?, ?)",
            [datetime.now(UTC), build_id, dbt_invocation_id, __version__,
             dbt.version.__version__, seconds,
             json.dumps(metadata, ensure_ascii=False), json.dumps(dict(vars or {}))],
        )
        for name, why in refused.items():  # a dataset the build could not read at all
            con.execute("insert into quarantine values (?, 'ALL', null, ?, ?, 1)",
                        [name, PREFLIGHT_RULE, why])
        con.execute("checkpoint")
