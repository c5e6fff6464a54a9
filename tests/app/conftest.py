"""Fixtures for the app tests: the app run headless on the shipped warehouse, and a copy of
that warehouse without the marts of later build stages (as an older build has them)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from apphelpers import Runner, open_app

from nqpf.paths import DATABASE
from nqpf.warehouse import connect

#: marts the trimmed warehouse lacks
TRIMMED = ("digital_inputs", "agglomeration", "network", "network_links", "analysis_panel",
           "panel_summary")


@pytest.fixture(scope="session", autouse=True)
def _no_component_scan() -> Iterator[None]:
    """Every AppTest would scan all installed packages for custom components (most of a
    second per test); the app uses none, so the scan is skipped."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    patch = pytest.MonkeyPatch()
    patch.setattr(BidiComponentManager, "discover_and_register_components",
                  lambda self, **kwargs: None)
    yield
    patch.undo()


@pytest.fixture
def app(shipped_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Open a page of the app on the shipped warehouse."""
    return open_app(shipped_warehouse.parent, monkeypatch)


@pytest.fixture(scope="session")
def warehouse_sql(shipped_warehouse: Path) -> Iterator[Callable[..., pd.DataFrame]]:
    """Run SQL on the shipped warehouse (read-only, as the app opens it) for expected values."""
    con = connect(shipped_warehouse)
    yield lambda sql, *params: con.execute(sql, list(params)).df()
    con.close()


@pytest.fixture(scope="session")
def trimmed_warehouse(shipped_warehouse: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped warehouse without the marts of later build stages (as an older
    build has them); returns the DuckDB file."""
    path = tmp_path_factory.mktemp("trimmed") / DATABASE
    shutil.copy(shipped_warehouse, path)
    with duckdb.connect(str(path)) as con:
        for table in TRIMMED:
            con.execute(f"drop table if exists {table}")
    return path


@pytest.fixture
def trimmed_app(trimmed_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Open a page of the app on the trimmed warehouse."""
    return open_app(trimmed_warehouse.parent, monkeypatch)


#: a city dataset for the map: two Guangdong cities with values, one without
CITIES = {"CN-GD-4401": "CN-GD", "CN-GD-4403": "CN-SH", "CN-GD-4404": None}


@pytest.fixture(scope="session")
def city_warehouse(shipped_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped warehouse with a `ceads_demo` dataset of CEADs city codes in
    `values` (province rows renamed; the last city without tlp); returns the DuckDB file."""
    path = tmp_path_factory.mktemp("cities") / DATABASE
    shutil.copy(shipped_warehouse, path)
    with duckdb.connect(str(path)) as con:
        for city, source in CITIES.items():
            con.execute(
                "insert into \"values\" by name select * replace ('ceads_demo' as dataset, "
                "? as region, case when ? then tlp end as tlp) from \"values\" "
                "where dataset = 'cn_provinces' and region = ?",
                [city, source is not None, source or "CN-GD"])
    return path


@pytest.fixture
def city_app(city_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Open a page of the app on the warehouse with a city dataset."""
    return open_app(city_warehouse.parent, monkeypatch)
