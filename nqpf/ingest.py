"""Turn raw files into canonical datasets under the warehouse's canonical folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nqpf.adapters.registry import load
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.paths import SHIPPED_RAW, canonical_dir

#: The real datasets shipped in data/raw/ that `nqpf ingest --shipped` loads:
#: dataset id -> (format, folder under data/raw/).
SHIPPED: dict[str, tuple[str, str]] = {
    "cn_national": ("nbs", "china_nbs_io"),
    "cn_provinces": ("cn_provincial", "china_provincial_io"),
    "wiod_aus_usa": ("wiod", "wiod2016"),
}


def store(ds: CanonicalDataset, root: Path | None = None) -> Path:
    """Write ``ds`` into the canonical folder and report what was written."""
    rows = ", ".join(f"{k} {len(v):,}" for k, v in ds.tables.items() if len(v))
    folder = write_dataset(ds, root or canonical_dir())
    print(f"ingested {ds.name}: {rows}", file=sys.stderr, flush=True)
    return folder


def ingest_shipped(names: list[str] | None = None, root: Path | None = None) -> list[Path]:
    """Ingest the shipped datasets (all, or those named)."""
    out = []
    for name in names or list(SHIPPED):
        started = time.perf_counter()
        print(f"reading shipped dataset {name} ...", file=sys.stderr, flush=True)
        fmt, folder = SHIPPED[name]
        out.append(store(load(SHIPPED_RAW / folder, fmt, dataset=name), root))
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return out


def ingest_path(path: Path, fmt: str | None = None, **options: object) -> Path:
    """Ingest a user's raw files with the adapter for ``fmt`` (detected when not given)."""
    return store(load(path, fmt, **options))
