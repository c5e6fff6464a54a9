"""The DuckDB engine: `dbt build` of the whole project into one DuckDB file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nqpf.dbt_runner import BuildError, EngineRun, Progress, run_dbt


def parse_project(scratch: Path, canonical: Path, vars: Mapping[str, Any],
                  emit: Progress) -> Any:
    """The dbt project parsed once with ``vars``, for every dbt run of one build (a parse
    is a fixed cost of each run: half a minute on a loaded machine)."""
    ok, reporter, result = run_dbt(["parse", "--vars", json.dumps(dict(vars))],
                                   database=scratch, canonical=canonical, emit=emit)
    if isinstance(getattr(result, "exception", None), KeyboardInterrupt):
        raise KeyboardInterrupt
    if not ok:
        detail = "; ".join(reporter.failures) or str(getattr(result, "exception", ""))
        raise BuildError(f"dbt could not parse the project; the previous warehouse is "
                         f"unchanged: {detail}")
    return result.result


def build_on_duckdb(scratch: Path, canonical: Path, vars: Mapping[str, Any],
                    emit: Progress, manifest: Any, select: list[str] | None = None
                    ) -> EngineRun:
    """`dbt build` into the DuckDB file ``scratch`` of the project ``manifest`` (from
    :func:`parse_project`): the whole project, or the models ``select`` with their tests."""
    args = ["build", "--vars", json.dumps(dict(vars))] + (["--select", *select] if select
                                                           else [])
    ok, reporter, result = run_dbt(args, database=scratch, canonical=canonical, emit=emit,
                                   manifest=manifest)
    return EngineRun([] if ok else reporter.failures or [str(getattr(result, "exception", ""))],
                     reporter.counts, reporter.invocation_id,
                     [str(r.status) for r in getattr(result.result, "results", [])],
                     isinstance(getattr(result, "exception", None), KeyboardInterrupt))
