"""The canonical files a warehouse reads in place: one folder of links per build.

The two largest staging tables (the flows and final demand: 455 million and 48 million rows for
a dense 313-city, three-year MRIO) are views over the canonical Parquet files rather than copies
in the DuckDB file: copying them cost more than DuckDB's own write of them and doubled the disk
a warehouse takes. So that a later ingest cannot change what a served warehouse shows, a build
reads its datasets from ``snapshots/<build id>/<dataset>/``, hard links to the committed files
(an ingest replaces a dataset's folder and never writes a file in place, so a link keeps the
files the build read). A file system without hard links between the two folders gets copies.

The served warehouse's folder stays; a build removes the folders of every other build once it
has swapped its file in, and a failed build removes its own.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

SNAPSHOTS = "snapshots"  # folder of the builds' links inside the warehouse folder

#: a snapshot folder in the quoted path of an engine's message: ``.../snapshots/<build id>``
#: (the views read ``<snapshot>/*/<table>.parquet``)
_NAMED = re.compile(rf"\"([^\"]*[/\\]{SNAPSHOTS}[/\\][0-9a-f]+)[/\\][^\"]*\"")


def snapshots_dir(database: Path) -> Path:
    """The folder of the snapshots beside the warehouse file ``database`` (what readers of
    that file may read besides it)."""
    return database.resolve().parent / SNAPSHOTS


def unreadable_snapshot(message: str, database: Path) -> str | None:
    """Why a query's error ``message`` on the warehouse file ``database`` names a snapshot
    the file's staging views cannot read, said for the reader; None if it names none, or
    one they can read. Their views name the snapshot by its full path, so a warehouse file
    moved or copied away from where it was built, or a snapshot removed by hand, leaves them
    nothing to read (DuckDB then speaks of a file outside the allowed folder, or of no files
    found)."""
    named = _NAMED.search(message)
    if named is None:
        return None
    snapshot = Path(named.group(1))
    beside = snapshots_dir(database)
    if snapshot.parent == beside and snapshot.is_dir():
        return None
    where = ("is missing" if snapshot.parent == beside
             else f"is not beside this warehouse file, whose snapshots are in {beside}")
    return (f"the staged flows and final demand (stg_canonical__flows, "
            f"stg_canonical__final_demand) are read from the build's snapshot of the canonical "
            f"files, {snapshot}, which {where}: the file was moved or copied away from where "
            "it was built, or its snapshot removed. Every other table, the marts among them, "
            "is in the file itself; to query the two views, open the file where it was built, "
            "or build again (`nqpf build`)")


def snapshot_dir(home: Path, build_id: str) -> Path:
    return (home / SNAPSHOTS / build_id).resolve()


def link(canonical: Path, snapshot: Path, datasets: Iterable[str]) -> None:
    """Put the files of each committed dataset of ``canonical`` into ``snapshot`` (hard links,
    or copies where the file system refuses a link)."""
    for name in datasets:
        folder = snapshot / name
        folder.mkdir(parents=True, exist_ok=True)
        for source in (canonical / name).iterdir():
            target = folder / source.name
            if target.exists() or not source.is_file():
                continue
            try:
                os.link(source, target)
            except OSError:  # another device, or no hard links on this file system
                shutil.copy2(source, target)


def prune(home: Path, keep: str | None) -> None:
    """Remove every build's snapshot folder but ``keep``'s (None: remove them all)."""
    root = home / SNAPSHOTS
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)
