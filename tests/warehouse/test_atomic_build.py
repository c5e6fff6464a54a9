"""A build writes a new file and swaps it in only on success: failures and kills leave the
previous warehouse untouched and servable."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nqpf.build import BuildError, build
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.warehouse import connect, mart_checksums

pytestmark = pytest.mark.slow  # every test here runs dbt


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def first_build(home: Path, small_dataset: Callable[..., CanonicalDataset]) -> Path:
    write_dataset(small_dataset("alpha"), home / "canonical")
    return build(emit=lambda _line: None).database


def test_failed_build_keeps_previous_warehouse(home: Path, first_build: Path) -> None:
    """A build that fails (here: a var the SQL cannot use) swaps nothing in."""
    before = _digest(first_build)
    with pytest.raises(BuildError, match="previous warehouse is unchanged"):
        build(vars={"max_abs_value": "'many'"}, emit=lambda _line: None)
    assert _digest(first_build) == before
    assert not list(home.glob(".build-*"))
    assert _snapshots(home) == [_build_id(first_build)]  # the failed build's links are gone
    with connect(first_build) as con:
        assert con.execute("select count(*) from stg_canonical__flows").fetchone()[0] > 0


def _build_id(database: Path) -> str:
    with connect(database) as con:
        return con.execute("select build_id from build_info").fetchone()[0]


def _snapshots(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "snapshots").iterdir())


def test_served_flows_stay_those_it_was_built_from(
        home: Path, first_build: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    """The staging views read the build's snapshot: replacing a dataset changes neither the
    served warehouse's flows nor the canonical files it read, until the next build swaps in
    its own snapshot and removes the old one."""
    def flows(database: Path) -> tuple[int, float]:
        with connect(database) as con:
            return con.execute("select count(*), sum(value) from stg_canonical__flows "
                               "where dataset = 'alpha'").fetchone()

    served = flows(first_build)
    old_id = _build_id(first_build)
    linked = home / "snapshots" / old_id / "alpha" / "flows.parquet"
    assert linked.stat().st_ino == (home / "canonical" / "alpha" / "flows.parquet").stat().st_ino
    write_dataset(small_dataset("alpha", seed=11), home / "canonical")
    assert flows(first_build) == served
    result = build(emit=lambda _line: None)  # the tests below take alpha as it is now
    assert flows(result.database) != served
    assert _snapshots(home) == [result.build_id] != [old_id]


def test_unreadable_dataset_is_left_out(home: Path, first_build: Path,
                                        small_dataset: Callable[..., CanonicalDataset]) -> None:
    """A canonical folder with a corrupt Parquet file is quarantined whole; the others build."""
    broken = write_dataset(small_dataset("beta"), home / "canonical")
    (broken / "flows.parquet").write_bytes(b"PAR1 this is not a parquet file")
    try:
        result = build(emit=lambda _line: None)
    finally:
        shutil.rmtree(broken)
    with connect(result.database) as con:
        rows = con.execute("select region, rule, detail from quarantine where dataset = 'beta'"
                           ).fetchall()
        alpha = con.execute("select count(*) from \"values\" where dataset = 'alpha'"
                            ).fetchone()[0]
    assert [(r, rule) for r, rule, _ in rows] == [("ALL", "unreadable_dataset")]
    assert rows[0][2].startswith("flows.parquet: not a readable Parquet file")
    assert alpha > 0
    build(emit=lambda _line: None)  # back to alpha alone for the tests below


def test_build_reads_only_committed_datasets(
        home: Path, first_build: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    """What a killed ingest left, a scratch copy without metadata and hand copies whose names
    are no dataset ids (a quote, a backslash) are reported once and never read; the killed
    ingest's leftover is removed, a replaced dataset it had moved aside is restored."""
    canonical = home / "canonical"
    for name in ("bad's copy", "back\\slash", ".alpha.writing"):
        shutil.copytree(canonical / "alpha", canonical / name)
    (canonical / "scratch").mkdir()
    write_dataset(small_dataset("gamma"), canonical).rename(canonical / ".gamma.old")
    lines: list[str] = []
    try:
        result = build(emit=lines.append)
    finally:
        for name in ("bad's copy", "back\\slash", "scratch", "gamma"):
            shutil.rmtree(canonical / name, ignore_errors=True)
    assert result.datasets == ["alpha", "gamma"]
    assert lines[:3] == [
        "restored dataset 'gamma': an ingest replacing it was stopped before it finished",
        "removed .alpha.writing: an ingest of 'alpha' was stopped before it finished, and "
        "stored nothing",
        f"ignored in {canonical}: 'back\\\\slash' (not a dataset id); \"bad's copy\" (not a "
        "dataset id); 'scratch' (no metadata.json)"]
    with connect(result.database) as con:
        staged = {t: sorted(r[0] for r in con.execute(
            f"select distinct dataset from stg_canonical__{t}").fetchall())
            for t in ("flows", "gross_output", "labour", "dataset_info")}
    assert set(map(tuple, staged.values())) == {("alpha", "gamma")}
    build(emit=lambda _line: None)  # back to alpha alone for the tests below


def test_killed_build_leaves_warehouse_servable(home: Path, first_build: Path) -> None:
    """Readers keep answering while a build runs; a killed build changes nothing; the next
    build of the same inputs succeeds and gives identical marts."""
    before = _digest(first_build)
    with connect(first_build) as con:
        marts_before = mart_checksums(con)
    env = {**os.environ, "NQPF_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "nqpf.cli", "build", "--full"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(home.glob(".build-*.duckdb")) and time.monotonic() < deadline:
        assert proc.poll() is None, "build ended before it could be killed"
        time.sleep(0.05)
    query = [sys.executable, "-m", "nqpf.cli", "query", "select count(*) from quarantine"]
    answer = subprocess.run(query, env=env, capture_output=True, text=True)
    assert answer.returncode == 0, answer.stderr  # the old warehouse answers mid-build
    assert proc.poll() is None, "the build should still be running"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _digest(first_build) == before
    with connect(first_build) as con:  # still servable
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 0
    result = build(emit=lambda _line: None, full=True)  # the next succeeds and cleans up
    assert result.database == first_build
    assert not list(home.glob(".build-*"))
    with connect(first_build) as con:
        assert mart_checksums(con) == marts_before
        assert {"values", "prices", "digital_inputs", "analysis_panel"} <= set(marts_before)


def test_cli_query_answers_and_refuses_writes(home: Path, first_build: Path) -> None:
    env = {**os.environ, "NQPF_HOME": str(home)}
    run = [sys.executable, "-m", "nqpf.cli", "query"]
    out = subprocess.run([*run, "select count(*) as n from stg_canonical__flows"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with connect(first_build) as con:
        n = con.execute("select count(*) from stg_canonical__flows").fetchone()[0]
    assert out.stdout.split() == ["n", str(n)]
    snapshot = home / "snapshots" / _build_id(first_build)
    for sql in ("create table x (a int)", "copy quarantine to '/tmp/nqpf-x.csv'",
                "select * from read_csv('/etc/passwd')",
                # the snapshots are readable (the staging views read them), never writable
                f"copy quarantine to '{snapshot}/alpha/flows.parquet'",
                f"export database '{snapshot}/copy'",
                f"select * from read_parquet('{home}/canonical/alpha/flows.parquet')"):
        bad = subprocess.run([*run, sql], env=env, capture_output=True, text=True)
        assert bad.returncode == 1
        assert bad.stderr.startswith("nqpf query: ")


def test_views_without_their_snapshot_say_why(home: Path, first_build: Path,
                                             tmp_path: Path) -> None:
    """A copy of the warehouse file elsewhere answers the marts; the staging views, which name
    the build's snapshot by its path, say that it is not beside the copy, and in place, that
    it is missing once removed."""
    run = [sys.executable, "-m", "nqpf.cli", "query"]
    snapshot = home / "snapshots" / _build_id(first_build)
    flows = "select count(*) from stg_canonical__flows"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(first_build, elsewhere / first_build.name)
    copied = {**os.environ, "NQPF_HOME": str(elsewhere)}
    assert subprocess.run([*run, 'select count(*) from "values"'], env=copied,
                          capture_output=True, text=True).returncode == 0
    moved = subprocess.run([*run, flows], env=copied, capture_output=True, text=True)
    assert moved.returncode == 1
    assert moved.stderr.startswith(f"nqpf query: the staged flows and final demand "
                                   f"(stg_canonical__flows, stg_canonical__final_demand) are "
                                   f"read from the build's snapshot of the canonical files, "
                                   f"{snapshot}, which is not beside this warehouse file, "
                                   f"whose snapshots are in {elsewhere / 'snapshots'}: ")
    aside = snapshot.with_name("aside")
    snapshot.rename(aside)
    try:
        removed = subprocess.run([*run, flows], env={**os.environ, "NQPF_HOME": str(home)},
                                 capture_output=True, text=True)
    finally:
        aside.rename(snapshot)
    assert removed.returncode == 1
    assert f"{snapshot}, which is missing: " in removed.stderr


def test_build_without_datasets_says_what_to_do(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    with pytest.raises(BuildError, match="nqpf ingest"):
        build(emit=lambda _line: None)


def test_build_releases_the_warehouse_file(first_build: Path) -> None:
    """After a build in this process another process can open the warehouse: the DuckDB
    instance dbt-duckdb keeps open was closed (nqpf.dbt_duckdb.release)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    assert DuckDBConnectionManager._ENV is None
    code = f"import duckdb; duckdb.connect({str(first_build)!r}, read_only=True).close()"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
