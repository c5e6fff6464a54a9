"""Turn raw files into canonical datasets under the warehouse's canonical folder."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.paths import SHIPPED_RAW, canonical_dir


def _nbs() -> CanonicalDataset:
    from nqpf.adapters.nbs_national import load_nbs_national

    return load_nbs_national(SHIPPED_RAW / "china_nbs_io")


def _provinces() -> CanonicalDataset:
    from nqpf.adapters.cn_provincial import load_cn_provincial

    return load_cn_provincial(SHIPPED_RAW / "china_provincial_io", SHIPPED_RAW / "china_nbs_io")


def _wiod() -> CanonicalDataset:
    from nqpf.adapters.wiod import load_wiod

    return load_wiod(SHIPPED_RAW / "wiod2016")


#: The real datasets shipped in data/raw/ that `nqpf ingest --shipped` loads.
SHIPPED: dict[str, Callable[[], CanonicalDataset]] = {
    "cn_national": _nbs,
    "cn_provinces": _provinces,
    "wiod_aus_usa": _wiod,
}


def store(ds: CanonicalDataset, root: Path | None = None) -> Path:
    """Write ``ds`` into the canonical folder and report what was written."""
    folder = write_dataset(ds, root or canonical_dir())
    rows = ", ".join(f"{k} {len(v):,}" for k, v in ds.tables.items() if len(v))
    print(f"ingested {ds.name}: {rows}", file=sys.stderr, flush=True)
    return folder


def ingest_shipped(names: list[str] | None = None, root: Path | None = None) -> list[Path]:
    """Ingest the shipped datasets (all, or those named)."""
    out = []
    for name in names or list(SHIPPED):
        started = time.perf_counter()
        print(f"reading shipped dataset {name} ...", file=sys.stderr, flush=True)
        out.append(store(SHIPPED[name](), root))
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return out


def ingest_path(path: Path, fmt: str | None = None, **options: object) -> Path:
    """Ingest a user's raw files with the adapter for ``fmt`` (detected when not given)."""
    from nqpf.adapters.registry import FORMATS, detect_format

    fmt = fmt or detect_format(path)
    return store(FORMATS[fmt](path, **options))
