"""What the build and its engines share: dbt run in-process, its progress lines, and the
errors of a build.

:mod:`nqpf.build` (the lock, the scratch file and the swap) calls an engine,
:mod:`nqpf.duckdb_engine` or :mod:`nqpf.spark.engine`; both engines run dbt through
:func:`run_dbt` here and raise the errors defined here, so no engine imports the build module.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nqpf import dbt_duckdb
from nqpf.paths import DBT_DIR
from nqpf.stopping import Stopped

Progress = Callable[[str], None]


class BuildError(RuntimeError):
    """The build failed; the previous warehouse (if any) is unchanged."""


class BuildStopped(Stopped, BuildError):
    """A signal stopped the build; the previous warehouse (if any) is unchanged."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum, "build", "the previous warehouse is unchanged")


@dataclass
class EngineRun:
    """What one engine's run of the dbt project gave: failures (empty: success), node counts
    by status, dbt's own invocation id, each node's status (None: not reported), and whether
    a stop interrupted it."""

    failures: list[str]
    counts: dict[str, int]
    dbt_invocation_id: str = ""
    statuses: list[str] | None = None
    interrupted: bool = False


class Reporter:
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
            emit: Progress | None = None, manifest: Any = None) -> tuple[bool, Reporter, Any]:
    """Invoke dbt in-process against ``database`` and the canonical folder (with
    ``manifest``, a project parsed before, dbt does not parse it again)."""
    from dbt.cli.main import dbtRunner

    home = database.parent
    os.environ["NQPF_DB_PATH"] = str(database)
    os.environ["NQPF_CANONICAL_DIR"] = str(canonical)
    reporter = Reporter(emit or (lambda _line: None))
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
