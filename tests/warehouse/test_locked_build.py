"""Builds cannot hurt each other or the served warehouse: one writer at a time (the second run
refuses naming the holder, or waits), and a build stopped by SIGTERM leaves the served file's
marts exactly as they were."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nqpf.build import build
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.lock import WarehouseBusy, warehouse_lock
from nqpf.warehouse import connect, mart_checksums

_HOLD = """
import sys, time
from pathlib import Path
from nqpf.lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(home: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(home), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_second_writer_refuses_naming_the_holder_or_waits(tmp_path: Path) -> None:
    proc = _holder(tmp_path, 1.5)
    with pytest.raises(WarehouseBusy) as refused, warehouse_lock(tmp_path):
        pass
    message = str(refused.value)
    assert f"pid {proc.pid}" in message and "started " in message and "-c" in message
    lines: list[str] = []
    started = time.monotonic()
    with warehouse_lock(tmp_path, wait=True, emit=lines.append, poll_seconds=0.05):
        waited = time.monotonic() - started
    assert proc.wait(timeout=30) == 0
    assert waited > 0.5  # granted only once the holder let go
    assert lines == [f"waiting for pid {proc.pid}, `-c {tmp_path} 1.5`, started "
                     f"{lines[0].split('started ')[1]}"]


def test_lock_of_a_killed_holder_is_free(tmp_path: Path) -> None:
    proc = _holder(tmp_path, 60)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with warehouse_lock(tmp_path):  # the kernel released it with the process
        pass


def test_ingest_refuses_while_the_warehouse_is_written(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from nqpf.cli import main

    source = write_dataset(small_dataset("gamma"), tmp_path / "source")
    home = tmp_path / "home"
    monkeypatch.setenv("NQPF_HOME", str(home))
    proc = _holder(home, 30)
    try:
        assert main(["ingest", str(source)]) == 1
        assert f"being written by pid {proc.pid}" in capsys.readouterr().err
        assert not (home / "canonical" / "gamma").exists()
    finally:
        proc.kill()
        proc.wait()
    assert main(["ingest", str(source)]) == 0
    assert (home / "canonical" / "gamma" / "flows.parquet").exists()


def _cli(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "nqpf.cli", *args],
                            env={**os.environ, "NQPF_HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_scratch(home: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not list(home.glob(".build-*.duckdb")):
        assert proc.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.slow
def test_concurrent_and_terminated_builds_leave_the_served_marts_unchanged(
        home: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    write_dataset(small_dataset("alpha"), home / "canonical")
    served = build(emit=lambda _line: None).database
    with connect(served) as con:
        before = mart_checksums(con)

    # two builds at once: the second refuses, naming the first; the first completes
    first = _cli(home, "build", "--full")  # the same inputs: only a full build runs
    _wait_for_scratch(home, first)
    second = _cli(home, "build")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"being written by pid {first.pid}, `cli.py build --full`, started " in err, err
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    with connect(served) as con:
        assert mart_checksums(con) == before

    # a build stopped by SIGTERM: exit 128 + 15, nothing swapped in, nothing left behind
    stopped = _cli(home, "build", "--full")
    _wait_for_scratch(home, stopped)
    time.sleep(2)  # well into dbt's work
    stopped.send_signal(signal.SIGTERM)
    _, err = stopped.communicate(timeout=120)
    assert stopped.returncode == 128 + signal.SIGTERM, err
    assert "build stopped by SIGTERM; the previous warehouse is unchanged" in err
    assert not list(home.glob(".build-*"))
    with connect(served) as con:
        assert mart_checksums(con) == before
    with warehouse_lock(home):  # released: the next build can start
        pass
