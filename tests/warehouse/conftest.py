"""The DuckDB build the Spark engine's builds (local and on a cluster) must equal."""

from __future__ import annotations

from pathlib import Path

import pytest
from spark_builds import build_provinces


@pytest.fixture(scope="session")
def provinces_on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped provinces and their MRIO built on DuckDB, once per session."""
    return build_provinces(tmp_path_factory.mktemp("duckdb"), "duckdb")
