"""The build every Spark engine test compares: the shipped provinces and their MRIO."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from nqpf.build import build
from nqpf.ingest import ingest_shipped

#: the shipped provinces and the inter-provincial MRIO derived from them (whose network step
#: reads the MRIO flows piecewise)
SPARK_DATASETS = ["cn_provinces", "cn_provinces_mrio"]


def build_provinces(home: Path, engine: str, target: str = "spark") -> Path:
    """Ingest SPARK_DATASETS into ``home`` and build them on ``engine``; the DuckDB file."""
    ingest_shipped(SPARK_DATASETS, root=home / "canonical")
    started = time.perf_counter()
    result = build(home=home, engine=engine, target=target, emit=lambda _line: None)
    where = f"spark --target {target}" if engine == "spark" else engine
    print(f"{where} build of {', '.join(SPARK_DATASETS)}: {time.perf_counter() - started:.0f} s")
    return result.database


def require_spark(*modules: str) -> None:
    """Skip the calling test module, saying why, without Java, pyspark or ``modules``."""
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("no Java: the Spark engine needs Java 17+ (apt-get install "
                    "openjdk-17-jre-headless; .ci/run installs it)", allow_module_level=True)
    for module in ("pyspark", *modules):
        pytest.importorskip(module, reason="the 'spark' extra is not installed: "
                                           "pip install -e '.[spark]'")
