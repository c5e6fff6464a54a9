"""What a reader is told when a staging view's snapshot cannot be read."""

from __future__ import annotations

from pathlib import Path

from nqpf.snapshots import unreadable_snapshot

BUILD = "ad2597a8d92d4697810775a4a23bc616"


def _no_files(snapshot: Path) -> str:
    return f'IO Error: No files found that match the pattern "{snapshot}/*/flows.parquet"'


def test_a_snapshot_beside_the_file_is_readable_and_a_removed_one_missing(tmp_path: Path) -> None:
    home = tmp_path / "my warehouse"  # a space inside the quoted path
    snapshot = home / "snapshots" / BUILD
    database = home / "nqpf.duckdb"
    said = unreadable_snapshot(_no_files(snapshot), database)
    assert said is not None and f"files, {snapshot}, which is missing: " in said
    snapshot.mkdir(parents=True)
    assert unreadable_snapshot(_no_files(snapshot), database) is None


def test_a_file_copied_elsewhere_names_both_folders(tmp_path: Path) -> None:
    snapshot = tmp_path / "built" / "snapshots" / BUILD
    snapshot.mkdir(parents=True)
    message = f'Permission Error: Cannot access file "{snapshot}/*/final_demand.parquet"'
    said = unreadable_snapshot(message, tmp_path / "copy" / "nqpf.duckdb")
    assert said is not None
    assert (f"{snapshot}, which is not beside this warehouse file, whose snapshots are in "
            f"{tmp_path / 'copy' / 'snapshots'}: ") in said


def test_other_refusals_are_left_as_they_are(tmp_path: Path) -> None:
    for message in ('Permission Error: Cannot access file "/etc/passwd"',
                    'IO Error: No files found that match the pattern "/data/snapshots.csv"'):
        assert unreadable_snapshot(message, tmp_path / "nqpf.duckdb") is None
