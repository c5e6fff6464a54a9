"""Input formats by name, and guessing the format of a path.

Every loader takes the path and keyword options and returns a CanonicalDataset; the option
``dataset`` renames the result. Adapter modules are imported only when their format is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nqpf.adapters._frames import year_in
from nqpf.contract import CanonicalDataset, ContractError
from nqpf.paths import SHIPPED_RAW

Loader = Callable[..., CanonicalDataset]


def _renamed(ds: CanonicalDataset, dataset: str | None) -> CanonicalDataset:
    if dataset:
        ds.metadata["dataset"] = dataset
    return ds


def _canonical(path: Path, *, dataset: str | None = None) -> CanonicalDataset:
    from nqpf.adapters.canonical import load_canonical

    return _renamed(load_canonical(path), dataset)


#: file suffixes of the two CEADs layouts: city MRIO .mat files, provincial MRIO workbooks
CEADS_CITY, CEADS_PROVINCIAL = (".mat",), (".xlsx", ".xls")


def _ceads(path: Path, **options: Any) -> CanonicalDataset:
    """A CEADs city .mat file or provincial workbook, or a folder of either (one per year)."""
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in
                   CEADS_CITY + CEADS_PROVINCIAL) if path.is_dir() else [path]
    kinds = {f.suffix.lower() in CEADS_CITY for f in files}
    if len(kinds) != 1:
        raise ContractError(f"{path}: expected CEADs city .mat files or provincial .xlsx "
                            "workbooks, one kind only (rule: unknown_format)")
    if kinds.pop():
        from nqpf.adapters.ceads_mat import load_ceads_mat

        return load_ceads_mat(files, **options)
    from nqpf.adapters.ceads_provincial import load_ceads_provincial

    if "regions" in options:
        raise ContractError("--regions applies to the city .mat files only; the provincial "
                            "workbook names its provinces (rule: option)")
    return load_ceads_provincial(files, **options)


def _pymrio(path: Path, *, dataset: str | None = None, year: int | None = None,
            **options: Any) -> CanonicalDataset:
    import pymrio

    from nqpf.adapters.pymrio_adapter import from_pymrio

    io = pymrio.load_all(path)
    year = year or year_in(str(io.name)) or year_in(path.name)
    if year is None:
        raise ContractError(f"{path}: no year in the system's name or the folder name; "
                            "pass year= (rule: missing_year)")
    name = dataset or re.sub(r"[^a-z0-9]+", "_", path.name.lower()).strip("_")
    return from_pymrio(io, dataset=name, year=year, **options)


def _nbs(path: Path, *, dataset: str | None = None, **options: Any) -> CanonicalDataset:
    from nqpf.adapters.nbs_national import load_nbs_national

    return _renamed(load_nbs_national(path, **options), dataset)


def _cn_provincial(path: Path, *, dataset: str | None = None, nbs_dir: Path | None = None,
                   **options: Any) -> CanonicalDataset:
    from nqpf.adapters.cn_provincial import load_cn_provincial

    nbs = Path(nbs_dir) if nbs_dir else SHIPPED_RAW / "china_nbs_io"
    return _renamed(load_cn_provincial(path, nbs, **options), dataset)


def _wiod(path: Path, *, dataset: str | None = None, **options: Any) -> CanonicalDataset:
    from nqpf.adapters.wiod import load_wiod

    if "countries" not in options:
        options["countries"] = sorted(p.name[: -len("_niot.csv")]
                                      for p in path.glob("*_niot.csv"))
    return _renamed(load_wiod(path, **options), dataset)


FORMATS: dict[str, Loader] = {
    "canonical": _canonical,
    "ceads": _ceads,
    "pymrio": _pymrio,
    "nbs": _nbs,
    "cn_provincial": _cn_provincial,
    "wiod": _wiod,
}


def detect_format(path: Path) -> str:
    """Name of the format of ``path`` (a key of :data:`FORMATS`), judged by its files."""
    path = Path(path)
    if path.is_file():
        if path.suffix.lower() in CEADS_CITY + CEADS_PROVINCIAL:
            return "ceads"
        raise ContractError(f"{path}: a single file must be a CEADs city .mat file or "
                            "provincial .xlsx workbook (rule: unknown_format)")
    if not path.is_dir():
        raise ContractError(f"{path}: no such file or folder (rule: missing_file)")
    names = {p.name for p in path.iterdir()}
    if "file_parameters.json" in names:  # before canonical: pymrio also writes metadata.json
        return "pymrio"
    if names & {"metadata.json", "metadata.yml", "metadata.yaml"}:
        return "canonical"
    if "2015_42.csv" in names:
        return "nbs"
    if all((path / y).is_dir() and any((path / y).glob("*.xls")) for y in ("2012", "2017")):
        return "cn_provincial"
    if any(n.endswith("_niot.csv") for n in names):
        return "wiod"
    if any(n.lower().endswith((*CEADS_CITY, ".xlsx")) for n in names):
        return "ceads"
    raise ContractError(f"{path}: not a known input format; give --format, one of "
                        f"{sorted(FORMATS)} (rule: unknown_format)")


def load(path: Path, fmt: str | None = None, **options: Any) -> CanonicalDataset:
    """Load ``path`` with the loader of ``fmt`` (detected when None); None options are dropped."""
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise ContractError(f"unknown format {fmt!r}; known: {sorted(FORMATS)} "
                            "(rule: unknown_format)")
    return FORMATS[fmt](Path(path), **{k: v for k, v in options.items() if v is not None})
