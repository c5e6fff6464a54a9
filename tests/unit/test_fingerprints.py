"""Fingerprints of a build's inputs: they change with what a build reads, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf import fingerprints
from nqpf.fingerprints import code_fingerprint, dataset_fingerprint


def test_a_dataset_fingerprint_follows_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "alpha"
    folder.mkdir()
    (folder / "metadata.json").write_text('{"name": "alpha"}')
    (folder / "flows.parquet").write_bytes(b"one")
    first = dataset_fingerprint(folder)
    assert dataset_fingerprint(folder) == first
    (folder / "flows.parquet").write_bytes(b"two")
    second = dataset_fingerprint(folder)
    (folder / "metadata.json").write_text('{"name": "alpha", "unit": "yuan"}')
    assert len({first, second, dataset_fingerprint(folder)}) == 3


def test_the_code_fingerprint_follows_code_and_vars_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "target").mkdir()
    (tmp_path / "model.sql").write_text("select 1")
    monkeypatch.setattr(fingerprints, "CODE_ROOTS", (tmp_path,))
    first = code_fingerprint({"r_max": 10.0, "build_id": "a"})
    (tmp_path / "target" / "manifest.json").write_text("{}")  # a run's output
    assert code_fingerprint({"r_max": 10.0, "build_id": "b"}) == first
    assert code_fingerprint({"r_max": 5.0}) != first
    (tmp_path / "model.sql").write_text("select 2")
    assert code_fingerprint({"r_max": 10.0}) != first
