"""One writer at a time per warehouse folder: `nqpf build` and `nqpf ingest` hold an exclusive
lock on ``<warehouse>/.lock`` while they write.

The lock is an advisory ``flock`` that the kernel releases when its process ends, however it
ends (even SIGKILL), so a dead holder never blocks the next run. The holder writes its pid,
command line and start time into the file so that a second run can say who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = ".lock"


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse lock."""


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return (f"pid {info['pid']}, `{info['command']}`, started {info['started']}")
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has not yet said who it is"


@contextmanager
def warehouse_lock(home: Path, *, wait: bool = False,
                   emit: Callable[[str], None] | None = None,
                   poll_seconds: float = 0.5) -> Iterator[None]:
    """Hold the exclusive write lock of warehouse ``home`` for the ``with`` block.

    When another process holds it: wait for it when ``wait`` (saying so once through ``emit``),
    else raise :class:`WarehouseBusy` naming the holder.
    """
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                if not wait:
                    raise WarehouseBusy(
                        f"the warehouse {home} is being written by {holder}; wait for it to "
                        "finish or pass --wait to queue behind it") from None
                if not told and emit:
                    emit(f"waiting for {holder} to release the warehouse ...")
                    told = True
                time.sleep(poll_seconds)
        info = {"pid": os.getpid(),
                "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
                "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
