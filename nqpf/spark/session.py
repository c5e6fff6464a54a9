"""The SparkSession of a build and the canonical Parquet files as Spark tables.

A local session (``local[2]`` unless NQPF_SPARK_MASTER says otherwise) keeps its catalog in
memory and its tables as Parquet under the build's own folder; dbt-spark's ``method: session``
joins the same session. A cluster's session is ``nqpf.spark.remote``'s.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from nqpf.dbt_runner import BuildError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: folder of the Spark tables in the warehouse folder: a local build's last ones, and a
#: cluster build's by default (nqpf.spark.remote)
SPARK_TABLES = "spark"

#: The canonical tables every dataset folder holds (nqpf.contract writes all of them).
CANONICAL_TABLES = (
    "flows", "final_demand", "imported_inputs", "value_added", "gross_output", "labour",
    "capital_stock", "service_life", "deflators", "regions", "sectors", "ingest_issues",
    "dataset_info",
)


class SparkUnavailable(BuildError):
    """pyspark or Java is missing."""


def quiet_pyspark() -> None:
    """Silence what pyspark repeats on every connection and job."""
    logging.getLogger("py4j").setLevel(logging.WARNING)  # one line per connection otherwise
    # pandas 3 works for what the steps do; pyspark warns on every grouped job
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    # dbt-spark asks for Hive support, a setting a running cluster keeps as it was started
    warnings.filterwarnings("ignore", message="Failed to set spark.sql.catalogImplementation")
    # a Connect session's frames carry its query metrics, which Arrow cannot store
    warnings.filterwarnings("ignore", message="Could not serialize pd.DataFrame.attrs")


def start_session(warehouse: Path) -> SparkSession:
    """The session of one build; local tables are written under ``warehouse``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(
            "the Spark engine needs pyspark and dbt-spark: pip install 'nqpf[spark]'") from exc
    quiet_pyspark()
    # the executors' Python workers import nqpf and the kernels from this environment
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if not os.environ.get("JAVA_HOME") and not shutil.which("java"):
        raise SparkUnavailable("a local Spark session needs Java 17 or newer "
                               "(Debian: apt-get install openjdk-17-jre-headless)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # a local session needs no network
    spark = (
        SparkSession.builder.master(os.environ.get("NQPF_SPARK_MASTER", "local[2]"))
        .appName("nqpf build")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.driver.memory", os.environ.get("NQPF_SPARK_DRIVER_MEMORY", "4g"))
        # few, large partitions: the step groups are dataset-years, not rows
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def register_canonical(spark: SparkSession, canonical: str, datasets: list[str]) -> None:
    """One view per canonical table in database ``canonical``, over the file of each of the
    committed ``datasets`` (ids: no character a path glob reads), with the file's path as
    ``filename`` (the dataset is its folder, as on DuckDB)."""
    spark.sql("create database if not exists canonical")
    folders = f"{canonical.rstrip('/')}/{{{','.join(datasets)}}}"  # a Hadoop glob
    for table in CANONICAL_TABLES:
        spark.sql(
            f"create or replace view canonical.{table} as "
            f"select *, _metadata.file_path as filename "
            f"from parquet.`{folders}/{table}.parquet`")
