"""Ingest commits a dataset by renaming it into place: what a stopped ingest leaves is repaired
by the next run with a notice, stray folders are named and ignored, ids are checked once, and
of two ingests of one id the one finishing second refuses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nqpf.canonical_store import store
from nqpf.committed import commit_stamps, committed_datasets, recover, writing_path
from nqpf.contract import CanonicalDataset, ContractError, read_metadata, write_dataset
from nqpf.lock import WarehouseBusy
from nqpf.metadata import MetadataError, check_dataset_id, parse_metadata


def _titled(ds: CanonicalDataset, title: str) -> CanonicalDataset:
    ds.metadata["title"] = title
    return ds


def test_only_committed_datasets_are_listed_and_the_rest_named_once(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    root = tmp_path / "canonical"
    write_dataset(small_dataset("good"), root)
    (root / "scratch").mkdir()  # a folder without metadata
    (root / "bad's copy").mkdir()
    (root / "bad's copy" / "metadata.json").write_text("{}")
    (root / "back\\slash").mkdir()
    (root / "notes.txt").write_text("x")
    writing_path(root, "half").mkdir()  # a stopped ingest's folder
    lines: list[str] = []
    assert committed_datasets(root, lines.append) == ["good"]
    assert len(lines) == 1
    for expected in ("'.half.writing' (an ingest in progress or stopped)",
                     "\"bad's copy\" (not a dataset id)", "'back\\\\slash' (not a dataset id)",
                     "'notes.txt' (not a folder)", "'scratch' (no metadata.json)"):
        assert expected in lines[0]
    assert committed_datasets(tmp_path / "absent", lines.append) == [] and len(lines) == 1


def test_recover_restores_a_replaced_dataset_and_removes_partial_writes(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    root = tmp_path / "canonical"
    write_dataset(_titled(small_dataset("kept"), "first"), root)
    write_dataset(small_dataset("done"), root)
    # killed between the two renames of a replacement: only the old copy and the new write
    (root / "kept").rename(root / ".kept.old")
    writing_path(root, "kept").mkdir()
    # killed after a commit, before the old copy was removed
    (root / ".done.old").mkdir()
    lines: list[str] = []
    recover(root, lines.append)
    assert sorted(p.name for p in root.iterdir()) == ["done", "kept"]
    assert read_metadata(root / "kept")["title"] == "first"
    assert lines == [
        "restored dataset 'kept': an ingest replacing it was stopped before it finished",
        "removed .kept.writing: an ingest of 'kept' was stopped before it finished, and "
        "stored nothing"]


def test_a_failed_write_leaves_nothing(tmp_path: Path,
                                       small_dataset: Callable[..., CanonicalDataset]) -> None:
    root = tmp_path / "canonical"
    ds = small_dataset("broken")
    ds.tables["flows"] = ds.tables["flows"].drop(columns="value")
    with pytest.raises(ContractError, match="missing column"):
        write_dataset(ds, root)
    assert list(root.iterdir()) == []


@pytest.mark.parametrize("name", ["cn ", "cn\n", " cn", "c n", "CN", "bad's", "a\\b", "", "_x",
                                  "x" * 65])
def test_dataset_ids_are_checked_once_without_stripping(name: str) -> None:
    with pytest.raises(ValueError, match="is not a dataset id"):
        check_dataset_id(name)
    meta = {"dataset": name, "title": "t", "publisher": "p", "monetary_unit": "USD",
            "region_level": "country", "mrio": False, "classification": "wiod56"}
    with pytest.raises(MetadataError, match=r"field dataset: .* is not a dataset id"):
        parse_metadata(meta)
    assert check_dataset_id("cn_2017") == "cn_2017"


def test_white_space_name_exits_2_before_reading(tmp_path: Path) -> None:
    env = {**os.environ, "NQPF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "nqpf.cli", "ingest", str(tmp_path),
                           "--format", "canonical", "--name", "good\n"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == ("nqpf ingest: --name: 'good\\n' is not a dataset id (1-64 of a-z, "
                           "0-9 and _, starting with a letter or digit; no white space) "
                           "(rule: invalid_dataset_id)\n")
    assert not (tmp_path / "canonical").exists()


def test_second_of_two_concurrent_ingests_refuses(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    """Both read their files while the dataset is absent; the first stores, the second finds
    the id stored since it started and stores nothing."""
    root = tmp_path / "canonical"
    seen_first, seen_second = commit_stamps(root), commit_stamps(root)
    store(_titled(small_dataset("same"), "first"), root, seen=seen_first)
    with pytest.raises(WarehouseBusy, match="another ingest stored dataset 'same' while this "
                                            "one read its files; this one stored nothing"):
        store(_titled(small_dataset("same"), "second"), root, seen=seen_second)
    assert read_metadata(root / "same")["title"] == "first"
    # an ingest that started after the first one finished replaces it
    store(_titled(small_dataset("same"), "third"), root, seen=commit_stamps(root))
    assert read_metadata(root / "same")["title"] == "third"


#: `nqpf synth` into a canonical folder, each table taking a while to write (a large dataset)
_SLOW_INGEST = """
import sys, time
import nqpf.contract as contract
from nqpf.cli import main

conform = contract.conform
def slow(name, df):
    time.sleep(0.5)
    return conform(name, df)
contract.conform = slow
sys.exit(main(["synth", "--cities", "3", "--sectors", "5", "--years", "1", "--name", "kept",
               "--out", sys.argv[1]]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_ingest_leaves_one_line_and_the_stored_dataset(
        tmp_path: Path, signum: int, small_dataset: Callable[..., CanonicalDataset]) -> None:
    root = tmp_path / "canonical"
    write_dataset(_titled(small_dataset("kept"), "stored"), root)
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, str(root)],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not writing_path(root, "kept").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.01)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert err == (f"nqpf synth: ingest stopped by {signal.Signals(signum).name}; the dataset "
                   "being read was not stored\n")
    assert sorted(p.name for p in root.iterdir()) == ["kept"]
    assert read_metadata(root / "kept")["title"] == "stored"


def test_the_next_ingest_removes_what_a_killed_one_left(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset],
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "canonical"
    write_dataset(_titled(small_dataset("kept"), "stored"), root)
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, str(root)],
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not writing_path(root, "kept").exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert writing_path(root, "kept").exists()  # SIGKILL cannot be handled
    lines: list[str] = []
    assert committed_datasets(root, lines.append) == ["kept"]  # never read by a build
    assert lines == [f"ignored in {root}: '.kept.writing' (an ingest in progress or stopped)"]
    from nqpf.cli import main

    assert main(["synth", "--cities", "3", "--sectors", "5", "--years", "1", "--name", "other",
                 "--out", str(root)]) == 0
    assert ("removed .kept.writing: an ingest of 'kept' was stopped before it finished, and "
            "stored nothing") in capsys.readouterr().err
    assert sorted(p.name for p in root.iterdir()) == ["kept", "other"]
    assert read_metadata(root / "kept")["title"] == "stored"


def test_an_ingest_that_renames_a_region_others_use_is_refused(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    root = tmp_path / "canonical"
    store(small_dataset("first"), root)
    renamer = small_dataset("renamer")
    regions = renamer.tables["regions"]
    regions.loc[regions.code == "SYN0002", ["name_en", "level"]] = ["Elsewhere", "province"]
    province = regions.index[regions.code == "SYN0003"][0]
    regions.loc[province, ["code", "name_zh"]] = ["CN-GD", "广州"]  # a seed province renamed
    with pytest.raises(ContractError) as refused:
        store(renamer, root)
    assert str(refused.value) == (
        "dataset 'renamer', table regions: code SYN0002: name_en 'Elsewhere', but 'Synthetic "
        "city SYN0002' in dataset 'first'; code SYN0002: level 'province', but 'city' in "
        "dataset 'first'; code CN-GD: name_en 'Synthetic city SYN0003', but 'Guangdong' in "
        "the region seed; code CN-GD: name_zh '广州', but '广东' in the region seed; code "
        "CN-GD: level 'city', but 'province' in the region seed; use the standing definition "
        "or a code of its own (rule: conflicting_region)")
    assert sorted(p.name for p in root.iterdir()) == ["first"]
    # the only dataset that brings a code may change it; a dataset agreeing with it is stored
    for name in ("first", "second"):
        ds = small_dataset(name)
        ds.tables["regions"].loc[0, "name_en"] = "Renamed by its owner"
        store(ds, root)
    assert sorted(p.name for p in root.iterdir()) == ["first", "second"]
