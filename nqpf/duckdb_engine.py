"""The DuckDB engine: `dbt build` of the whole project into one DuckDB file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nqpf.dbt_runner import EngineRun, Progress, run_dbt


def build_on_duckdb(scratch: Path, canonical: Path, vars: Mapping[str, Any],
                    emit: Progress, select: list[str] | None = None) -> EngineRun:
    """`dbt build` into the DuckDB file ``scratch``: the whole project, or the models
    ``select`` with their tests."""
    args = ["build", "--vars", json.dumps(dict(vars))] + (["--select", *select] if select
                                                           else [])
    ok, reporter, result = run_dbt(args, database=scratch, canonical=canonical, emit=emit)
    return EngineRun([] if ok else reporter.failures or [str(getattr(result, "exception", ""))],
                     reporter.counts, reporter.invocation_id,
                     [str(r.status) for r in getattr(result.result, "results", [])],
                     isinstance(getattr(result, "exception", None), KeyboardInterrupt))
