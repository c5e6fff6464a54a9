"""A build on Spark, in four phases, into the same kind of DuckDB warehouse file.

1. dbt on the Spark target: seeds, staging, validation and the assembly tables (every model
   that is not a Python model or downstream of one), with their tests.
2. The matrix steps (the intermediate dbt Python models) as Spark jobs on the executors
   (``nqpf.spark.steps``), written as Spark tables where dbt's ``ref`` finds them.
3. dbt on the Spark target again: the SQL marts downstream of the steps, then the tests of the
   step tables.
4. Every Spark table is copied into the new DuckDB file, where dbt-duckdb builds the
   Python marts that read files or run regressions on the driver (knowledge tables,
   ``regression_results``), so `nqpf query`, `nqpf info` and the app read the result unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from nqpf.paths import DBT_DIR
from nqpf.spark.session import SPARK_TABLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOCAL_TARGET = "spark"  # the dbt target of the build's own local session


def python_models(manifest: Any) -> list[str]:
    """Names of the project's dbt Python models."""
    return sorted(node.name for node in manifest.nodes.values()
                  if node.resource_type == "model" and node.language == "python")


def _on_cluster(target: str) -> bool:
    """Every Spark target but ``spark`` (the build's own local session) is a cluster's, and
    so is ``spark`` joined to a Connect server by NQPF_SPARK_REMOTE."""
    return target != LOCAL_TARGET or bool(os.environ.get("NQPF_SPARK_REMOTE"))


def _schema() -> str:
    return os.environ.setdefault("NQPF_SPARK_SCHEMA", "nqpf")


def build_on_spark(scratch: Path, canonical: Path, *, target: str,
                   vars: Mapping[str, Any] | None,
                   emit: Callable[[str], None]) -> tuple[list[str], dict[str, int]]:
    """Build into the DuckDB file ``scratch``; return the failures (empty: success) and the
    dbt node counts by status."""
    from nqpf.dbt_runner import run_dbt
    from nqpf.spark.remote import Remote
    from nqpf.spark.session import register_canonical, start_session
    from nqpf.spark.steps import StepRunner, steps_from_manifest

    home = scratch.parent
    tables = home / f".spark-{scratch.stem}"
    build = scratch.stem.lstrip(".")
    remote = Remote.from_env(home, canonical) if _on_cluster(target) else None
    spark = remote.connect() if remote else start_session(tables)
    database = _schema()
    datasets = list(vars["datasets"]) if vars else []  # the committed datasets to build
    counts: dict[str, int] = {}
    common = ["--target", target] + (["--vars", json.dumps(dict(vars))] if vars else [])

    def dbt(phase: str, args: list[str], manifest: Any = None) -> Any:
        emit(f"spark build: {phase}")
        ok, reporter, result = run_dbt(args, database=scratch, canonical=canonical, emit=emit,
                                       manifest=manifest)
        for status, count in reporter.counts.items():
            counts[status] = counts.get(status, 0) + count
        if not ok:
            raise _PhaseFailed(reporter.failures or [f"{phase}: {result.exception}"])
        return result

    runner = StepRunner(spark, database, emit)
    try:
        if remote:
            remote.prepare(spark, database, build, datasets)
        register_canonical(spark, remote.canonical if remote else str(canonical), datasets)
        manifest = dbt("reading the project", ["parse", *common]).result
        steps = steps_from_manifest(manifest, DBT_DIR)
        python = python_models(manifest)
        dbt("SQL models up to the assembly tables",
            ["build", *common, "--exclude", *(f"{name}+" for name in python)], manifest)
        emit(f"spark build: {len(steps)} matrix steps on the executors")
        runner.run(steps)
        dbt("SQL marts", ["build", *common, "--select", *(f"{step.name}+" for step in steps),
                          "--exclude", *python], manifest)
        dbt("tests of the step tables", ["test", *common, "--select",
                                          *(step.name for step in steps)], manifest)
        if remote:
            remote.load_tables(spark, database, build, scratch, emit)
        else:
            export_tables(spark, database, scratch, emit)
        local = ["--vars", json.dumps(dict(vars))] if vars else []
        driver = sorted(set(python) - {step.name for step in steps})
        dbt("Python marts on the warehouse file", ["build", *local, "--select", *driver])
    except _PhaseFailed as failed:
        return failed.failures, counts
    finally:
        runner.close()
        if remote:
            remote.close(spark)
        else:
            spark.stop()  # the local session's JVM
    if tables.exists():
        shutil.rmtree(home / SPARK_TABLES, ignore_errors=True)
        tables.rename(home / SPARK_TABLES)
    return [], counts


class _PhaseFailed(Exception):
    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures


def export_tables(spark: SparkSession, database: str, db: Path,
                  emit: Callable[[str], None]) -> None:
    """Copy every table of the Spark ``database`` into the DuckDB file ``db``."""
    names = sorted(t.name for t in spark.catalog.listTables(database))
    emit(f"spark build: copying {len(names)} tables into {db.name}")
    with duckdb.connect(str(db)) as con:
        for name in names:
            arrow = spark.table(f"{database}.`{name}`").toArrow()
            con.register("spark_table", arrow)
            con.execute(f'create or replace table "{name}" as select * from spark_table')
            con.unregister("spark_table")
        con.execute("checkpoint")
