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
#: Shipped datasets built from another shipped dataset: id -> source id (the MRIO estimated
#: from the provincial tables, nqpf.mrio).
DERIVED: dict[str, str] = {"cn_provinces_mrio": "cn_provinces"}


def store(ds: CanonicalDataset, root: Path | None = None) -> Path:
    """Write ``ds`` into the canonical folder and report what was written."""
    folder = write_dataset(ds, root or canonical_dir())
    rows = ", ".join(f"{k} {len(v):,}" for k, v in ds.tables.items() if len(v))
    print(f"ingested {ds.name}: {rows}", file=sys.stderr, flush=True)
    return folder


def ingest_shipped(names: list[str] | None = None, root: Path | None = None) -> list[Path]:
    """Ingest the shipped datasets (all, or those named)."""
    out, loaded = [], {}
    for name in names or [*SHIPPED, *DERIVED]:
        started = time.perf_counter()
        print(f"reading shipped dataset {name} ...", file=sys.stderr, flush=True)
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
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return out


def ingest_path(path: Path, fmt: str | None = None, **options: object) -> Path:
    """Ingest a user's raw files with the adapter for ``fmt`` (detected when not given)."""
    return store(load(path, fmt, **options))
