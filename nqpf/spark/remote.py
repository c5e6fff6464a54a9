"""A build on a Spark cluster through its Spark Connect server.

On a cluster the executors do not see the driver's files and the driver does not see the
executors', so everything crosses through URIs on shared storage:

- ``NQPF_SPARK_REMOTE``: the Connect server (``sc://host:15002``; default: the cluster
  ``scripts/spark-cluster.sh start`` started for this warehouse folder);
- ``NQPF_SPARK_CANONICAL``: the canonical datasets as the executors read them (``file://``
  on a shared mount, ``s3a://``, ``hdfs://``; default: the warehouse's own folder);
- ``NQPF_SPARK_STORAGE``: where the build's Spark tables are written, as Parquet, and read
  back by the driver into the DuckDB file (default: ``<warehouse>/spark``).

Before any dbt phase a probe checks each link, so a wrong setting stops the build with one
line naming it (exit 2) instead of failing deep inside a phase.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import duckdb

from nqpf.dbt_runner import BuildError
from nqpf.spark import cluster
from nqpf.spark.session import SPARK_TABLES

if TYPE_CHECKING:
    import pyarrow.dataset as ds
    from pyspark.sql import SparkSession

#: tables the probe writes (and the driver reads back) before the build
PROBE = "probe"


class ClusterConfigError(BuildError):
    """The cluster cannot be reached or cannot read or write a URI it was given."""


def _first_line(exc: BaseException) -> str:
    """A Spark error's message without its JVM stack (which follows on later lines)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


@dataclass(frozen=True)
class Remote:
    """Where a cluster build connects, reads and writes."""

    url: str
    canonical: str
    storage: str

    @classmethod
    def from_env(cls, home: Path, canonical: Path) -> Remote:
        url = os.environ.get("NQPF_SPARK_REMOTE")
        if not url:
            started = cluster.Cluster.load(home)
            if started is None:
                raise ClusterConfigError(
                    "no Spark cluster to build on: start one with scripts/spark-cluster.sh "
                    "start, or set NQPF_SPARK_REMOTE=sc://host:15002")
            url = started.connect_url
        return cls(url, os.environ.get("NQPF_SPARK_CANONICAL", canonical.as_uri()),
                   os.environ.get("NQPF_SPARK_STORAGE", (home / SPARK_TABLES).as_uri()))

    def connect(self) -> SparkSession:
        """The build's Spark Connect session; dbt-spark's session method joins it."""
        address = urlparse(self.url.replace("sc://", "http://", 1))
        host, port = address.hostname or "localhost", address.port or 15002
        try:
            socket.create_connection((host, port), timeout=10).close()
        except OSError as exc:
            raise ClusterConfigError(
                f"no Spark Connect server at {self.url} ({exc.strerror or exc}): start one "
                "with scripts/spark-cluster.sh start, or set NQPF_SPARK_REMOTE") from None
        from pyspark.sql import SparkSession

        from nqpf.spark.session import quiet_pyspark

        quiet_pyspark()
        os.environ["SPARK_REMOTE"] = self.url  # what dbt-spark's session method connects to
        spark = SparkSession.builder.remote(self.url).getOrCreate()
        for key, value in {
            # few, large partitions: the step groups are dataset-years, not rows
            "spark.sql.shuffle.partitions": "8",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            # timestamps as Parquet's own type, which Arrow reads on the driver
            "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        }.items():
            spark.conf.set(key, value)
        return spark

    @staticmethod
    def close(spark: SparkSession) -> None:
        """End the build's session on the server (the cluster keeps running), and let later
        sessions of this process be local again."""
        spark.stop()
        # pyspark marks the process as Spark Connect for good once a remote session starts
        for flag in ("SPARK_REMOTE", "SPARK_CONNECT_MODE_ENABLED"):
            os.environ.pop(flag, None)

    def location(self, build: str) -> str:
        """The folder of one build's Spark database."""
        return f"{self.storage.rstrip('/')}/{build}"

    def prepare(self, spark: SparkSession, database: str, build: str,
                datasets: list[str]) -> None:
        """Check that the executors read every dataset and write the storage the driver
        reads, then give ``database`` a fresh location for this build's tables (dropping the
        last build's)."""
        import pyarrow as pa
        from pyspark.errors import PySparkException
        from pyspark.sql import functions as F

        files = f"{self.canonical.rstrip('/')}/{{{','.join(datasets)}}}/dataset_info.parquet"
        try:
            read = (spark.read.parquet(files).select(F.col("_metadata.file_path").alias("path"))
                    .distinct())
            found = {Path(urlparse(row.path).path).parent.name for row in read.collect()}
        except PySparkException as exc:
            raise ClusterConfigError(
                f"the cluster cannot read the canonical data at {self.canonical} "
                f"({_first_line(exc)}): set NQPF_SPARK_CANONICAL to a URI its executors "
                "read") from None
        missing = sorted(set(datasets) - found)
        if missing:
            raise ClusterConfigError(
                f"the canonical data at {self.canonical} lacks {', '.join(missing)}: copy "
                "the warehouse's canonical folder there")
        probe = f"{self.location(build)}/{PROBE}"
        try:
            read.write.mode("overwrite").parquet(probe)
        except PySparkException as exc:
            raise ClusterConfigError(
                f"the cluster cannot write to {self.storage} ({_first_line(exc)}): set "
                "NQPF_SPARK_STORAGE to a URI its executors write") from None
        try:
            rows = self._dataset(probe).count_rows()
        except (OSError, pa.ArrowException) as exc:
            raise ClusterConfigError(
                f"the cluster's tables at {self.storage} are not readable here "
                f"({_first_line(exc)}): set NQPF_SPARK_STORAGE to a URI this machine reads "
                "too") from None
        if rows != len(datasets):
            raise ClusterConfigError(
                f"the cluster writes {self.storage} elsewhere than this machine reads it "
                f"({rows} probe rows, {len(datasets)} expected): is it one shared storage?")
        # only now, with every setting checked, replace the last build's tables
        spark.sql(f"drop database if exists {database} cascade")
        spark.sql(f"create database {database} location '{self.location(build)}'")

    def _dataset(self, uri: str) -> ds.Dataset:
        """A Parquet folder the executors wrote, read on the driver (s3a:// is Arrow's s3)."""
        import pyarrow.dataset as ds
        import pyarrow.fs as pafs

        filesystem, path = pafs.FileSystem.from_uri(uri.replace("s3a://", "s3://", 1))
        return ds.dataset(path, filesystem=filesystem, format="parquet")

    def load_tables(self, spark: SparkSession, database: str, build: str, db: Path,
                    emit: Callable[[str], None]) -> None:
        """Write every table of ``database`` as Parquet on the storage, then read each into
        the DuckDB file ``db`` as it streams from the files."""
        names = sorted(t.name for t in spark.catalog.listTables(database))
        emit(f"spark build: writing {len(names)} tables to {self.storage} and reading them "
             f"into {db.name}")
        with duckdb.connect(str(db)) as con:
            for name in names:
                folder = f"{self.location(build)}/export/{name}"
                spark.table(f"{database}.`{name}`").write.mode("overwrite").parquet(folder)
                con.register("spark_table", self._dataset(folder))
                con.execute(f'create or replace table "{name}" as select * from spark_table')
                con.unregister("spark_table")
            con.execute("checkpoint")
