"""Digests of what a build reads: the code (the dbt project with its seeds, the steps and
kernels, the ontology, the library versions) with the vars, and each dataset's canonical
files. Equal digests, equal inputs: the build records them in ``build_info`` and the next
build rebuilds what they say changed (:mod:`nqpf.incremental`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from nqpf.paths import DBT_DIR, PROJECT_ROOT

#: every folder whose files a build runs or reads besides the datasets
CODE_ROOTS: tuple[Path, ...] = (DBT_DIR, PROJECT_ROOT / "nqpf", PROJECT_ROOT / "python_models",
                                PROJECT_ROOT / "ontology")
#: folders under them that hold a run's output or caches, not code
NOT_CODE = frozenset({"target", "logs", "dbt_packages", "__pycache__"})
#: the libraries whose versions can change a mart's bits
LIBRARIES = ("dbt-core", "dbt-duckdb", "duckdb", "numpy", "scipy", "pandas", "pyarrow")
#: vars that name a build rather than change what it computes
VARS_NOT_HASHED = frozenset({"build_id"})


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not NOT_CODE & set(path.relative_to(root).parts):
            yield path


def _update(digest: Any, root: Path) -> None:
    for path in _files(root):
        digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())


def code_fingerprint(vars: Mapping[str, Any] | None) -> str:
    """SHA-256 of the code, the library versions and the vars a build runs with."""
    digest = hashlib.sha256()
    for root in CODE_ROOTS:
        _update(digest, root)
    digest.update(json.dumps({name: version(name) for name in LIBRARIES}).encode())
    digest.update(json.dumps({k: v for k, v in (vars or {}).items()
                              if k not in VARS_NOT_HASHED}, sort_keys=True).encode())
    return digest.hexdigest()


def dataset_fingerprint(folder: Path) -> str:
    """SHA-256 of a canonical dataset: every file's name and content (metadata included)."""
    digest = hashlib.sha256()
    _update(digest, folder)
    return digest.hexdigest()
