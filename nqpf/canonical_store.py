"""Store canonical datasets in the warehouse's canonical folder and say what changed.

Shared by ``nqpf ingest`` and ``nqpf mrio``: a dataset is written holding the warehouse lock
after the leftovers of a stopped ingest are recovered; a dataset whose regions redefine a code
that the seed or another dataset defines is refused; replacing a stored dataset of the same id
reports the regions, years and rows that changed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from nqpf.committed import Stamps, commit_stamps, committed_datasets, recover
from nqpf.contract import TABLES, CanonicalDataset, ContractError, write_dataset
from nqpf.lock import WarehouseBusy, warehouse_lock
from nqpf.paths import canonical_dir
from nqpf.regions import region_conflicts, seed_regions


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def store(ds: CanonicalDataset, root: Path | None = None, *, wait: bool = False,
          seen: Stamps | None = None) -> Path:
    """Write ``ds`` into the canonical folder (holding the warehouse lock) and report what was
    written, and what changed when it replaces a stored dataset of the same id. ``seen``, the
    :func:`nqpf.committed.commit_stamps` from before the files were read: if another ingest
    stored this id since, raise :class:`WarehouseBusy` rather than overwrite it."""
    root = root or canonical_dir()
    # counted before writing: a table streamed to a file (TableFile) is moved by the write
    rows = ", ".join(f"{k} {len(v):,}" for k, v in ds.tables.items() if len(v))
    with warehouse_lock(root.parent, wait=wait, emit=log):
        recover(root, log)
        if seen is not None and commit_stamps(root).get(ds.name) != seen.get(ds.name):
            raise WarehouseBusy(
                f"another ingest stored dataset {ds.name!r} while this one read its files; "
                "this one stored nothing (run it again to replace that dataset)")
        _refuse_region_conflicts(ds, root)
        before = _stored_summary(root / ds.name)
        folder = write_dataset(ds, root)
    log(f"ingested {ds.name}: {rows}")
    if before is not None:
        after = _stored_summary(folder)
        assert after is not None  # just written
        log(f"  replaced the stored dataset {ds.name!r}: " + "; ".join(_changes(before, after)))
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
