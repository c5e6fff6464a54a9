"""Where the project's folders are, relative to this checkout (overridable by env vars)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: the dbt project; NQPF_DBT_DIR points every layer (Python and dbt) at another copy of it
DBT_DIR = Path(os.environ.get("NQPF_DBT_DIR", PROJECT_ROOT / "dbt_project")).resolve()
SEEDS_DIR = DBT_DIR / "seeds"
SHIPPED_RAW = PROJECT_ROOT / "data" / "raw"


CANONICAL = "canonical"  # folder of canonical datasets inside the warehouse folder
DATABASE = "nqpf.duckdb"  # the warehouse file inside the warehouse folder
MANIFEST = "manifest.json"  # dbt's manifest of the build in the warehouse folder


def warehouse_dir() -> Path:
    """Folder of the warehouse: the DuckDB file, canonical datasets and build records."""
    return Path(os.environ.get("NQPF_HOME", PROJECT_ROOT / "warehouse")).resolve()


def canonical_dir() -> Path:
    return warehouse_dir() / CANONICAL


def database_path() -> Path:
    return warehouse_dir() / DATABASE


def manifest_path() -> Path:
    return warehouse_dir() / MANIFEST
