"""The committed datasets of a canonical folder, how a dataset is committed, and the repair of
what a stopped ingest left.

An ingest writes a dataset into ``.<id>.writing`` beside its place and commits it by renaming
that folder to ``<id>``; a dataset it replaces is first renamed to ``.<id>.old`` and removed
after. A *committed dataset* is a folder ``<canonical>/<id>`` whose name is a valid dataset id
(:func:`nqpf.metadata.check_dataset_id`) holding ``metadata.json``. Builds read the committed
datasets only, by name; anything else in the folder (a scratch copy, a folder named
``bad's copy``, what a killed ingest left) is reported once and ignored.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from nqpf.metadata import check_dataset_id
from nqpf.stopping import signals_held

Emit = Callable[[str], None]
#: entry name -> what identifies its current commit (see :func:`commit_stamps`)
Stamps = dict[str, tuple[int, int]]

_WRITING, _OLD = ".writing", ".old"


def writing_path(root: Path, name: str) -> Path:
    """Where dataset ``name`` is written before its commit."""
    return root / f".{name}{_WRITING}"


def commit(root: Path, name: str) -> Path:
    """Rename the written ``.<name>.writing`` to ``<name>``, replacing a committed dataset of
    that name; a stop signal waits until the renames are done, and a SIGKILL between them is
    repaired by :func:`recover`."""
    final, old = root / name, root / f".{name}{_OLD}"
    with signals_held():
        if final.exists():
            final.rename(old)
        writing_path(root, name).rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def commit_stamps(root: Path) -> Stamps:
    """Each entry of the canonical folder ``root`` with its inode and change time: a commit
    renames a new folder into place, so a dataset committed since shows another stamp."""
    stamps: Stamps = {}
    for path in root.iterdir() if root.is_dir() else ():
        st = path.lstat()
        stamps[path.name] = (st.st_ino, st.st_ctime_ns)
    return stamps


def recover(root: Path, emit: Emit) -> None:
    """Undo or finish what a stopped ingest left in ``root``, saying what it did. The caller
    holds the warehouse lock (:mod:`nqpf.lock`), so no ingest is writing meanwhile."""
    if not root.is_dir():
        return
    for path in sorted(root.glob(f".*{_OLD}")):
        name = path.name[1:-len(_OLD)]
        if (root / name).exists():  # killed after its commit, before the cleanup
            shutil.rmtree(path, ignore_errors=True)
        else:  # killed between the two renames: the replaced dataset comes back
            path.rename(root / name)
            emit(f"restored dataset {name!r}: an ingest replacing it was stopped before it "
                 "finished")
    for path in sorted(root.glob(f".*{_WRITING}")):
        shutil.rmtree(path, ignore_errors=True)
        emit(f"removed {path.name}: an ingest of {path.name[1:-len(_WRITING)]!r} was stopped "
             "before it finished, and stored nothing")


def _why_not(path: Path) -> str | None:
    """Why the entry ``path`` is not a committed dataset (None: it is one)."""
    if path.name.endswith((_WRITING, _OLD)) and path.name.startswith("."):
        return "an ingest in progress or stopped"
    if not path.is_dir():
        return "not a folder"
    try:
        check_dataset_id(path.name)
    except ValueError:
        return "not a dataset id"
    if not (path / "metadata.json").is_file():
        return "no metadata.json"
    return None


def committed_datasets(root: Path, emit: Emit | None = None) -> list[str]:
    """The ids of the committed datasets in the canonical folder ``root``, sorted by id (empty
    when ``root`` does not exist): what a build reads, and all it reads. Every other entry is
    named, with the reason, in one line through ``emit`` (none when all are datasets). It only
    reads the folder, so it may run without the warehouse lock; a dataset committed meanwhile
    appears at the next call, one being written is named as in progress."""
    if not root.is_dir():
        return []
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    reasons = {path.name: why for path in entries if (why := _why_not(path))}
    if reasons and emit:
        emit(f"ignored in {root}: "
             + "; ".join(f"{name!r} ({why})" for name, why in reasons.items()))
    return [path.name for path in entries if path.name not in reasons]
