"""Bit-identical and incremental builds: the same inputs give the same marts to the bit, and
a build reads only the datasets that changed since the served build, into marts equal to a
full build's."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from nqpf import fingerprints
from nqpf.build import build
from nqpf.cli import main
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.incremental import plan
from nqpf.ingest import ingest_shipped
from nqpf.warehouse import MARTS, connect, mart_checksums

pytestmark = pytest.mark.slow  # every test here runs dbt

QUIET = {"emit": lambda _line: None}


def _recorded(database: Path) -> tuple[list[str], dict[str, str]]:
    with connect(database) as con:
        rebuilt, checksums = con.execute("select rebuilt, checksums from build_info").fetchone()
    return json.loads(rebuilt), json.loads(checksums)


def _full_build_of(canonical: Path, tmp_path: Path) -> dict[str, str]:
    """The checksums of a full build of a copy of ``canonical`` in a home of its own."""
    shutil.copytree(canonical, tmp_path / "canonical")
    return _recorded(build(home=tmp_path, full=True, **QUIET).database)[1]


@pytest.fixture(scope="module")
def served(home: Path, small_dataset: Callable[..., CanonicalDataset]) -> Path:
    """A synthetic city MRIO (its own regions and sector scheme) beside the national tables
    (shipped codes only)."""
    write_dataset(small_dataset("alpha"), home / "canonical")
    ingest_shipped(["cn_national"], root=home / "canonical")
    return build(**QUIET).database


def test_rebuilding_the_same_inputs_gives_the_same_bits(home: Path, served: Path) -> None:
    _, before = _recorded(served)
    result = build(full=True, **QUIET)
    rebuilt, after = _recorded(result.database)
    assert rebuilt == ["alpha", "cn_national"] and set(after) == set(MARTS)
    assert after == before
    with connect(result.database) as con:
        assert mart_checksums(con) == after


def test_an_unchanged_warehouse_is_up_to_date(home: Path, served: Path) -> None:
    digest = hashlib.sha256(served.read_bytes()).hexdigest()
    result = build(**QUIET)
    assert result.rebuilt == [] and result.seconds == 0.0
    assert hashlib.sha256(served.read_bytes()).hexdigest() == digest


def test_a_changed_dataset_alone_is_rebuilt_into_a_full_builds_marts(
        home: Path, served: Path, small_dataset: Callable[..., CanonicalDataset],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_dataset(small_dataset("alpha", seed=8), home / "canonical")
    result = build(**QUIET)
    assert result.rebuilt == ["alpha"]
    rebuilt, checksums = _recorded(result.database)
    assert rebuilt == ["alpha"]
    assert checksums == _full_build_of(home / "canonical", tmp_path)
    with connect(result.database) as con:
        assert mart_checksums(con) == checksums
        datasets = con.execute("select distinct dataset from \"values\" order by 1").fetchall()
        # the staging views read every dataset in this build's snapshot, the kept one too
        staged = con.execute("select distinct dataset from stg_canonical__flows order by 1"
                             ).fetchall()
    assert datasets == staged == [("alpha",), ("cn_national",)]
    assert [p.name for p in (home / "snapshots").iterdir()] == [result.build_id]
    assert main(["info", "--compare", str(tmp_path)]) == 0
    assert "every mart equals" in capsys.readouterr().out


def test_a_code_change_rebuilds_every_dataset(
        home: Path, served: Path, small_dataset: Callable[..., CanonicalDataset],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed dataset after a change of the code: every dataset is rebuilt, and the marts
    are a full build's."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "kernel.py").write_text("version = 1\n")
    monkeypatch.setattr(fingerprints, "CODE_ROOTS", (*fingerprints.CODE_ROOTS, code))
    build(full=True, **QUIET)
    (code / "kernel.py").write_text("version = 2\n")
    write_dataset(small_dataset("alpha", seed=9), home / "canonical")
    result = build(**QUIET)
    assert result.rebuilt == ["alpha", "cn_national"]
    assert _recorded(result.database)[1] == _full_build_of(home / "canonical",
                                                           tmp_path / "full")


def test_datasets_bringing_the_same_codes_are_rebuilt_together(
        home: Path, served: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    """A second synthetic MRIO brings the same city codes and sector scheme as alpha (no seed
    defines them; the first dataset by id does): adding it rebuilds alpha too."""
    canonical = home / "canonical"
    with connect(served) as con:
        code = con.execute("select code_fingerprint from build_info").fetchone()[0]
    write_dataset(small_dataset("beta"), canonical)
    try:
        todo = plan(served, canonical, ["alpha", "beta", "cn_national"], code)
    finally:
        shutil.rmtree(canonical / "beta")
    assert todo.full and todo.build == ["alpha", "beta", "cn_national"]
    assert todo.reason == "alpha shares region SYN0001 with a changed dataset"
