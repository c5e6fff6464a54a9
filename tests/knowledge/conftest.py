"""Fixtures of the knowledge-layer tests: the built graph and the export of the shipped build
(each once per session), and a runner of the `nqpf` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from nqpf.knowledge.graph import build_graph
from nqpf.knowledge.integrity import store_of


@pytest.fixture(scope="session")
def kg() -> Graph:
    return build_graph()


@pytest.fixture(scope="session")
def kg_store(kg: Graph) -> ox.Store:
    """The knowledge graph in pyoxigraph, the engine every query runs on."""
    return store_of(kg)


Cli = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="session")
def nqpf_cli(shipped_warehouse: Path) -> Cli:
    """``nqpf_cli(*args)`` runs the `nqpf` command line in a subprocess against the shipped
    build (its folder as NQPF_HOME)."""
    env = {**os.environ, "NQPF_HOME": str(shipped_warehouse.parent)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "nqpf.cli", *args], capture_output=True,
                              text=True, env=env, check=False)

    return run


@pytest.fixture(scope="session")
def full_export(shipped_warehouse: Path, nqpf_cli: Cli) -> tuple[Path, str]:
    """`nqpf export --format nt` of every mart of the shipped build to the default path;
    returns the file and the printed report."""
    run = nqpf_cli("export", "--format", "nt")
    assert run.returncode == 0, run.stderr
    return shipped_warehouse.parent / "export" / "nqpf.nt", run.stdout
