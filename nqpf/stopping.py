"""Stopping a writer cleanly: SIGTERM and SIGHUP (a closed terminal) stop `nqpf build` and
`nqpf ingest` the way Ctrl-C does, and a commit's renames are never split by a signal."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: signals that stop a writer cleanly (SIGINT raises KeyboardInterrupt by itself)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(RuntimeError):
    """A signal stopped a command; ``consequence`` says what was kept."""

    def __init__(self, signum: int, what: str, consequence: str) -> None:
        self.signum = signum
        super().__init__(f"{what} stopped by {signal.Signals(signum).name}; {consequence}")


def _in_main_thread() -> bool:
    # handlers and signal masks can only be set from the main thread (a writer in a worker
    # thread keeps the process's own handling)
    return threading.current_thread() is threading.main_thread()


@contextmanager
def stoppable() -> Iterator[list[int]]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt for the block; the list collects every
    stop signal received (empty after Ctrl-C)."""
    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS} if _in_main_thread() else {}
    try:
        yield received
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def stops_cleanly() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP end a command that stores datasets (`nqpf ingest`, `synth`,
    `mrio`) with :class:`Stopped` (one line, no traceback); the dataset being written is
    removed by :func:`nqpf.contract.write_dataset`."""
    with stoppable() as received:
        try:
            yield
        except KeyboardInterrupt:
            raise Stopped(received[0] if received else signal.SIGINT, "ingest",
                          "the dataset being read was not stored") from None


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, so that steps that only make
    sense together (the renames of a commit) are not split by a stop; SIGKILL cannot be held,
    which :func:`nqpf.committed.recover` repairs."""
    held = {signal.SIGINT, *STOP_SIGNALS}
    if not _in_main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
