"""Where a cluster build connects, reads and writes, without starting Spark: the settings and
their defaults, and the one-line refusal when no Connect server answers."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from nqpf.spark import cluster
from nqpf.spark.remote import ClusterConfigError, Remote

SETTINGS = ("NQPF_SPARK_REMOTE", "NQPF_SPARK_CANONICAL", "NQPF_SPARK_STORAGE")


@pytest.fixture(autouse=True)
def _no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


def _started(home: Path, connect_url: str) -> None:
    """The state file `spark-cluster.sh start` leaves for the warehouse folder ``home``."""
    (home / cluster.FOLDER).mkdir(parents=True)
    cluster.Cluster("spark://127.0.0.1:7077", connect_url, "http://127.0.0.1:8080",
                    str(home / cluster.FOLDER),
                    (cluster.Process("master", cluster.MASTER_CLASS, 1, "master.log"),)
                    ).save(home)


def test_without_a_cluster_or_a_url_the_build_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ClusterConfigError, match=r"^no Spark cluster to build on: start one "
                       r"with scripts/spark-cluster.sh start, or set NQPF_SPARK_REMOTE="):
        Remote.from_env(tmp_path, tmp_path / "canonical")


def test_the_started_cluster_and_the_warehouse_folders_are_the_defaults(tmp_path: Path) -> None:
    _started(tmp_path, "sc://127.0.0.1:15999")
    remote = Remote.from_env(tmp_path, tmp_path / "canonical")
    assert remote == Remote("sc://127.0.0.1:15999", (tmp_path / "canonical").as_uri(),
                            (tmp_path / "spark").as_uri())
    assert remote.location("build-1") == f"{(tmp_path / 'spark').as_uri()}/build-1"


def test_the_settings_override_the_defaults(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _started(tmp_path, "sc://127.0.0.1:15999")
    monkeypatch.setenv("NQPF_SPARK_REMOTE", "sc://spark-master:15002")
    monkeypatch.setenv("NQPF_SPARK_CANONICAL", "s3a://bucket/nqpf/canonical")
    monkeypatch.setenv("NQPF_SPARK_STORAGE", "s3a://bucket/nqpf/spark/")
    remote = Remote.from_env(tmp_path, tmp_path / "canonical")
    assert remote == Remote("sc://spark-master:15002", "s3a://bucket/nqpf/canonical",
                            "s3a://bucket/nqpf/spark/")
    assert remote.location("build-1") == "s3a://bucket/nqpf/spark/build-1"


def test_a_url_where_nothing_listens_is_one_line_naming_it() -> None:
    port = cluster.free_port("127.0.0.1")
    with pytest.raises(ClusterConfigError) as refused:
        Remote(f"sc://127.0.0.1:{port}", "file:///c", "file:///s").connect()
    assert str(refused.value) == (
        f"no Spark Connect server at sc://127.0.0.1:{port} (Connection refused): start one "
        "with scripts/spark-cluster.sh start, or set NQPF_SPARK_REMOTE")


def test_port_0_is_a_free_port_and_a_given_port_stays() -> None:
    settings = cluster._resolve_ports(cluster.Settings(master_port=0, ui_port=8123,
                                                       connect_port=0))
    assert settings.ui_port == 8123
    for port in (settings.master_port, settings.connect_port):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # free: it binds


def test_the_state_file_round_trips(tmp_path: Path) -> None:
    _started(tmp_path, "sc://127.0.0.1:15999")
    loaded = cluster.Cluster.load(tmp_path)
    assert loaded is not None and loaded.connect_url == "sc://127.0.0.1:15999"
    assert loaded.processes == (cluster.Process("master", cluster.MASTER_CLASS, 1,
                                                "master.log"),)
    assert not cluster.alive(loaded.processes[0])  # pid 1 does not run a Spark master
