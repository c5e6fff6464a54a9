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
import time
from pathlib import Path

from nqpf.adapters.registry import load
from nqpf.canonical_store import log as _log
from nqpf.canonical_store import store
from nqpf.committed import commit_stamps
from nqpf.contract import ContractError
from nqpf.lock import WarehouseBusy
from nqpf.paths import SHIPPED_RAW, canonical_dir
from nqpf.stopping import Stopped, stops_cleanly

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
