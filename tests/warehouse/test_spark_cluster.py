"""The build on a standalone Spark cluster: a master, two workers and a Spark Connect server,
each its own JVM, started on free ports by ``python -m nqpf.spark.cluster`` (what
``scripts/spark-cluster.sh`` runs).

The build reaches the cluster only through its Connect URL, the canonical data's URI and the
storage URI its tables come back through, and every mart equals the DuckDB build's to 12
significant digits. A setting the cluster cannot use stops the build with one line naming it,
exit code 2, and the served warehouse unchanged; ``stop`` ends every process the cluster ran.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from spark_builds import build_provinces, require_spark

from nqpf.cli import main
from nqpf.paths import CANONICAL, DATABASE
from nqpf.spark import cluster
from nqpf.spark.session import SPARK_TABLES
from nqpf.warehouse import MARTS, connect, mart_differences, tables

pytestmark = [pytest.mark.slow, pytest.mark.spark]

require_spark("grpc")


def _cluster_command(home: Path, command: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nqpf.spark.cluster", command,
                           "--home", str(home), *options],
                          capture_output=True, text=True, timeout=600)


def _processes_under(folder: Path) -> list[int]:
    """Processes whose working directory or command line lies under ``folder`` (the cluster's
    JVMs, the executors the workers start in their work dirs, their Python workers)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = str((proc / "cwd").resolve())
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(folder)) or str(folder) in cmdline:
            found.append(int(proc.name))
    return found


@pytest.fixture(scope="module")
def cluster_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cluster")
    started = _cluster_command(home, "start", "--master-port=0", "--ui-port=0",
                               "--connect-port=0")
    assert started.returncode == 0, started.stderr
    yield home
    _cluster_command(home, "stop")


@pytest.fixture(scope="module")
def cluster_warehouse(cluster_home: Path) -> Path:
    return build_provinces(cluster_home, "spark", target="cluster")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_status_lists_the_running_processes(cluster_home: Path) -> None:
    shown = _cluster_command(cluster_home, "status")
    assert shown.returncode == 0
    names = [line.split()[0] for line in shown.stdout.splitlines()[:-1]]
    assert names == ["master", "worker-1", "worker-2", "connect"]
    assert all("running" in line for line in shown.stdout.splitlines()[:-1])


def test_a_second_start_is_refused(cluster_home: Path) -> None:
    again = _cluster_command(cluster_home, "start")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "already runs" in again.stderr


def test_a_port_in_use_is_named_and_nothing_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = _cluster_command(tmp_path, "start", "--master-port=0", "--ui-port=0",
                                   f"--connect-port={port}")
    assert refused.returncode == 2
    assert refused.stderr == (f"spark-cluster.sh start: port {port} on 127.0.0.1 is in use: "
                              "choose others with --master-port, --ui-port, --connect-port\n")
    assert not (tmp_path / cluster.FOLDER).exists()


def test_every_mart_equals_the_duckdb_build(cluster_warehouse: Path,
                                            provinces_on_duckdb: Path) -> None:
    with connect(cluster_warehouse) as on_cluster, connect(provinces_on_duckdb) as on_duckdb:
        assert set(MARTS) <= set(tables(on_cluster))
        differing = mart_differences(on_cluster, on_duckdb)
    assert not differing, f"marts that differ between the cluster and DuckDB: {differing}"


def test_the_marts_come_back_as_parquet_on_the_storage(cluster_warehouse: Path) -> None:
    """The executors wrote every table under the storage URI (here the default, the
    warehouse's spark/ folder); the DuckDB file holds what those files hold."""
    (build,) = [p for p in (cluster_warehouse.parent / SPARK_TABLES).iterdir()
                if p.name.startswith("build-")]
    exported = sorted(p.name for p in (build / "export").iterdir())
    with duckdb.connect(str(cluster_warehouse), read_only=True) as con:
        assert set(exported) >= {"values", "network", "quarantine"}
        for name in ("values", "network"):
            files = [str(f) for f in (build / "export" / name).glob("*.parquet")]
            in_files = con.execute("select count(*) from read_parquet(?)", [files]).fetchone()
            assert in_files == con.execute(f'select count(*) from "{name}"').fetchone()


@pytest.mark.parametrize(("variable", "value", "named"), [
    ("NQPF_SPARK_REMOTE", "sc://127.0.0.1:{free}", "no Spark Connect server at sc://127.0.0.1:"),
    ("NQPF_SPARK_CANONICAL", "file:///nonexistent/canonical",
     "the cluster cannot read the canonical data at file:///nonexistent/canonical"),
    ("NQPF_SPARK_CANONICAL", "{partial}", "lacks cn_provinces_mrio"),
    ("NQPF_SPARK_STORAGE", "file:///proc/nqpf", "the cluster cannot write to file:///proc/nqpf"),
])
def test_a_setting_the_cluster_cannot_use_is_one_line_and_exit_2(
        cluster_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], variable: str, value: str, named: str) -> None:
    home = cluster_warehouse.parent
    served = _digest(home / DATABASE)
    partial = tmp_path / "canonical"  # a copy of the canonical data missing one dataset
    shutil.copytree(home / CANONICAL / "cn_provinces", partial / "cn_provinces")
    monkeypatch.setenv("NQPF_HOME", str(home))
    free = cluster.free_port("127.0.0.1")
    monkeypatch.setenv(variable, value.format(free=free, partial=partial.as_uri()))
    capsys.readouterr()
    assert main(["build", "--engine", "spark", "--target", "cluster"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines()
              if line.startswith("nqpf build:")]
    assert len(errors) == 1 and named in errors[0], errors
    assert _digest(home / DATABASE) == served


def test_without_a_cluster_the_target_says_how_to_start_one(
        cluster_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(cluster_warehouse.parent / CANONICAL / "cn_provinces",
                    tmp_path / CANONICAL / "cn_provinces")
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    monkeypatch.delenv("NQPF_SPARK_REMOTE", raising=False)
    assert main(["build", "--engine", "spark", "--target", "cluster"]) == 2
    assert ("nqpf build: no Spark cluster to build on: start one with "
            "scripts/spark-cluster.sh start") in capsys.readouterr().err
    assert not (tmp_path / DATABASE).exists()


def test_stop_ends_every_process_the_cluster_ran(cluster_warehouse: Path) -> None:
    """Last in this module: the workers' executors and their Python workers end too."""
    home = cluster_warehouse.parent
    folder = home / cluster.FOLDER
    running = cluster.Cluster.load(home)
    assert running is not None and all(cluster.alive(p) for p in running.processes)
    assert _processes_under(folder)
    stopped = _cluster_command(home, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert not any(cluster.alive(p) for p in running.processes)
    assert _processes_under(folder) == []
    assert _cluster_command(home, "status").returncode == 1
