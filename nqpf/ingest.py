"""Turn raw files into canonical datasets under the warehouse's canonical folder.

Every failure while reading a user's files becomes a :class:`ContractError` naming the path
and the rule (the CLI prints it and exits with code 2). Files that change while they are read
are detected by their size and modification time before and after, and the ingest fails
rather than storing a half-read table. Re-ingesting a dataset id replaces the stored dataset
and says what changed; of two ingests of one id that run at once, the one that finishes second
refuses to overwrite the other's dataset. A stop (Ctrl-C, SIGTERM, SIGHUP) ends an ingest with
one line and stores nothing of the dataset being read.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nqpf.adapters.registry import load
from nqpf.committed import Stamps, commit_stamps, committed_datasets, recover
from nqpf.contract import TABLES, CanonicalDataset, ContractError, write_dataset
from nqpf.lock import WarehouseBusy, warehouse_lock
from nqpf.paths import SHIPPED_RAW, canonical_dir
from nqpf.regions import region_conflicts, seed_regions
from nqpf.stopping import Stopped, stoppable

#: The real datasets shipped in data/raw/ that `nqpf ingest --shipped` loads:
#: dataset id -> (format, folder under data/raw/).
SHIPPED: dict[str, tuple[str, str]] = {
    "cn_national": ("nbs", "china_nbs_io"),
    "cn_provinces": ("cn_provincial", "china_provincial_io"),
    "wiod_aus_usa": ("wiod", "wiod2016"),
}
#: Shipped datasets built from another shipped dataset: id -> source id (the MRIO estimated
#: from the provincial tables, nqpf.mrio).
DERIVED: dict[str, str] = {"cn_provinces_mrio": "cn_provinces"}


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def stops_cleanly() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP end the block with :class:`Stopped` (one line, no
    traceback); the dataset being written is removed by :func:`nqpf.contract.write_dataset`."""
    with stoppable() as received:
        try:
            yield
        except KeyboardInterrupt:
            raise Stopped(received[0] if received else signal.SIGINT, "ingest",
                          "the dataset being read was not stored") from None


def store(ds: CanonicalDataset, root: Path | None = None, *, wait: bool = False,
          seen: Stamps | None = None) -> Path:
    """Write ``ds`` into the canonical folder (holding the warehouse lock) and report what was
    written, and what changed when it replaces a stored dataset of the same id. ``seen``, the
    :func:`nqpf.committed.commit_stamps` from before the files were read: if another ingest
    stored this id since, raise :class:`WarehouseBusy` rather than overwrite it."""
    root = root or canonical_dir()
    # counted before writing: a table streamed to a file (TableFile) is moved by the write
    rows = ", ".join(f"{k} {len(v):,}" for k, v in ds.tables.items() if len(v))
    with warehouse_lock(root.parent, wait=wait, emit=_log):
        recover(root, _log)
        if seen is not None and commit_stamps(root).get(ds.name) != seen.get(ds.name):
            raise WarehouseBusy(
                f"another ingest stored dataset {ds.name!r} while this one read its files; "
                "this one stored nothing (run it again to replace that dataset)")
        _refuse_region_conflicts(ds, root)
        before = _stored_summary(root / ds.name)
        folder = write_dataset(ds, root)
    _log(f"ingested {ds.name}: {rows}")
    if before is not None:
        after = _stored_summary(folder)
        assert after is not None  # just written
        _log(f"  replaced the stored dataset {ds.name!r}: " + "; ".join(_changes(before, after)))
    return folder


def _refuse_region_conflicts(ds: CanonicalDataset, root: Path) -> None:
    """Refuse a dataset whose regions table redefines a code the seed or another committed
    dataset defines, so that no ingest changes the regions other datasets use."""
    brought = ds.tables.get("regions")
    if brought is None or not len(brought):
        return
    import pyarrow.parquet as pq

    standing = {code: ("the region seed", fields) for code, fields in seed_regions().items()}
    for name in committed_datasets(root):
        if name == ds.name:  # a dataset may redefine what it brought itself
            continue
        try:
            rows = pq.read_table(root / name / "regions.parquet").to_pylist()
        except (OSError, ValueError):  # unreadable: the build leaves that dataset out
            continue
        for row in rows:
            standing.setdefault(row["code"], (f"dataset {name!r}", row))
    conflicts = region_conflicts(brought.to_dict("records"), standing)
    if conflicts:
        raise ContractError(f"dataset {ds.name!r}, table regions: " + "; ".join(conflicts)
                            + "; use the standing definition or a code of its own (rule: "
                            "conflicting_region)")


def _stored_summary(folder: Path) -> dict[str, Any] | None:
    """Rows per table, regions and years of a stored dataset (None when there is none)."""
    if not (folder / "metadata.json").exists():
        return None
    import pyarrow.parquet as pq

    rows = {name: pq.ParquetFile(folder / f"{name}.parquet").metadata.num_rows
            for name in TABLES if (folder / f"{name}.parquet").exists()}
    output = pq.read_table(folder / "gross_output.parquet", columns=["region", "year"])
    return {"rows": rows,
            "regions": set(output.column("region").drop_null().to_pylist()),
            "years": set(output.column("year").drop_null().to_pylist())}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = []
    for key in ("regions", "years"):
        old, new = before[key], after[key]
        added, removed = sorted(new - old, key=str), sorted(old - new, key=str)
        lines.append(f"{key} {len(old)} -> {len(new)}"
                     + (f" (+{', '.join(map(str, added))})" if added else "")
                     + (f" (-{', '.join(map(str, removed))})" if removed else ""))
    rows = [f"{name} {before['rows'].get(name, 0):,} -> {n:,}"
            for name, n in after["rows"].items() if before["rows"].get(name, 0) != n]
    lines.append("rows " + (", ".join(rows) if rows else "unchanged"))
    return lines


def ingest_shipped(names: list[str] | None = None, root: Path | None = None) -> list[Path]:
    """Ingest the shipped datasets (all, or those named)."""
    with stops_cleanly():
        return _ingest_shipped(names, root)


def _ingest_shipped(names: list[str] | None, root: Path | None) -> list[Path]:
    out, loaded = [], {}
    for name in names or [*SHIPPED, *DERIVED]:
        started = time.perf_counter()
        _log(f"reading shipped dataset {name} ...")
        if name in DERIVED:
            from nqpf.mrio.dataset import mrio_dataset

            source = DERIVED[name]
            base = loaded.get(source) or load(SHIPPED_RAW / SHIPPED[source][1],
                                              SHIPPED[source][0], dataset=source)
            loaded[name] = mrio_dataset(base, name=name)
        else:
            fmt, folder = SHIPPED[name]
            loaded[name] = load(SHIPPED_RAW / folder, fmt, dataset=name)
        out.append(store(loaded[name], root))
        _log(f"  {name}: {time.perf_counter() - started:.1f} s")
    return out


def ingest_path(path: Path, fmt: str | None = None, *, wait: bool = False,
                **options: object) -> Path:
    """Ingest a user's raw files with the adapter for ``fmt`` (detected when not given)."""
    path = Path(path)
    try:
        with stops_cleanly():
            seen = commit_stamps(canonical_dir())
            before = _snapshot(path)
            ds = load(path, fmt, **options)
            if _snapshot(path) != before:
                raise ContractError(f"{path}: a file changed while it was read (size or "
                                    "modification time differ before and after); ingest it "
                                    "again once it is complete (rule: changed_while_read)")
            return store(ds, wait=wait, seen=seen)
    except (ContractError, Stopped, WarehouseBusy):
        raise
    except OSError as exc:  # a name too long, a link loop, a permission, a vanished file
        where = exc.filename or path
        raise ContractError(f"{where}: {exc.strerror or exc} (rule: unreadable_file)") from None
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
        raise ContractError(f"{path}: {type(exc).__name__}: {exc} (rule: unreadable_input)"
                            ) from None


def _snapshot(path: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of ``path`` or of every file under it."""
    if not path.is_dir():
        st = path.stat()
        return {str(path): (st.st_size, st.st_mtime_ns)}
    out = {}
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except OSError:  # a dangling link: the adapter that needs it will say so
                continue
            out[p] = (st.st_size, st.st_mtime_ns)
    return out
