"""Shared fixtures: an isolated warehouse home per test module and small synthetic datasets.

Every test that needs a dbt build is marked ``slow``: modules that build call
``pytest.mark.slow`` themselves, and any test using the shipped build is marked here, so
``pytest -m "not slow"`` never starts dbt.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nqpf.contract import CanonicalDataset
from nqpf.synth import synthetic_dataset


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh NQPF_HOME (warehouse folder) for one test module."""
    path = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("NQPF_HOME", str(path))
    yield path
    mp.undo()


def pytest_configure(config: pytest.Config) -> None:
    # A suite started by a shell without job control (SIGINT) or under nohup (SIGHUP) has
    # those signals ignored, and exec passes an ignored signal on to every process the tests
    # start: the tests that stop one with such a signal would find it ignored. A handler that
    # does nothing keeps the suite itself as immune, and exec resets a handled signal to its
    # default in the processes it starts.
    for signum in (signal.SIGINT, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_IGN:
            signal.signal(signum, _still_ignored)


def _still_ignored(signum: int, frame: object) -> None:
    """The suite's own handler for a signal it was started with ignored: no effect."""


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m selection reads the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "shipped_warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def _small_dataset(name: str, *, cities: int = 3, sectors: int = 5, years=(2017,),
                   seed: int = 7) -> CanonicalDataset:
    """A balanced, productive synthetic MRIO small enough to check by eye."""
    return synthetic_dataset(cities, sectors, years, seed=seed, name=name)


@pytest.fixture(scope="session")
def small_dataset() -> Callable[..., CanonicalDataset]:
    """Factory of small synthetic datasets: ``small_dataset(name, cities=3, sectors=5)``."""
    return _small_dataset


@pytest.fixture(scope="session")
def shipped_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse built once per test session from the shipped real datasets; returns the
    DuckDB file (its folder is the warehouse home)."""
    from nqpf.build import build
    from nqpf.ingest import ingest_shipped

    home = tmp_path_factory.mktemp("shipped")
    ingest_shipped(root=home / "canonical")
    return build(home=home, emit=lambda _line: None).database
