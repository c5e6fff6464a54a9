"""CEADs city-level MRIO (313 cities x 42 sectors) as MATLAB ``.mat`` files -> canonical.

Each year is one file holding a struct ``MRIO`` with the fields ``Z``, ``F``, ``VA``,
``IM`` (2017) or ``Import`` (2012, 2015) and ``Export`` (blocks as in
:mod:`nqpf.adapters.ceads_mrio`). Files saved as MATLAB v5/v7 are read with scipy.io, v7.3
(HDF5) with h5py (MATLAB writes arrays column-major, so h5py returns them transposed).
The year is the first 19xx/20xx in the file name. The struct carries no labels: the region
list (:func:`nqpf.adapters.ceads_regions.read_region_list`) names the cities, else they are
numbered and the metadata says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nqpf.adapters._frames import year_in
from nqpf.adapters.ceads_mrio import MrioBlocks, mrio_dataset, regions_of
from nqpf.adapters.ceads_regions import RegionList, numbered_regions, read_region_list
from nqpf.contract import CanonicalDataset, ContractError

STRUCT = "MRIO"
#: block -> the field names it has in the files of different years
FIELDS: dict[str, tuple[str, ...]] = {
    "Z": ("Z",), "F": ("F",), "VA": ("VA",), "IM": ("IM", "Import"), "Export": ("Export",),
}


def load_ceads_mat(
    paths: Path | Sequence[Path],
    *,
    dataset: str | None = None,
    regions: Path | None = None,
    scheme: str | dict[int, str] | None = None,
    monetary_unit: str | None = None,
    labour: Path | None = None,
    hourly_wage: Path | None = None,
) -> CanonicalDataset:
    """Read one ``.mat`` file per year into one dataset (default id ``ceads_city_mrio``).

    ``monetary_unit`` defaults to CNY 10,000 (the unit of the CEADs tables; the files do not
    say); ``scheme`` to NBS 2012 for 2012 and 2015, NBS 2017 from 2017.
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    unit_note = [] if monetary_unit else [
        "The .mat files state no unit: CNY 10,000 assumed (pass a monetary unit to override)."]
    metadata = {
        "dataset": dataset or "ceads_city_mrio",
        "title": "CEADs China city-level multi-regional input-output tables",
        "publisher": "CEADs (Carbon Emission Accounts and Datasets)",
        "monetary_unit": monetary_unit or "CNY 10,000",
        "region_level": "city",
        "source": ", ".join(f.name for f in files),
        "license": "free for academic use from https://ceads.net; not redistributable",
        "price_basis": "producers' prices",
        "import_treatment": "flows are inter-city domestic flows; imports from abroad are the "
                            "separate imports row (imported_inputs)",
        "notes": unit_note,
    }
    return mrio_dataset(_years(files, regions), metadata=metadata, scheme=scheme,
                        labour=labour, hourly_wage=hourly_wage)


def _years(files: list[Path], regions: Path | None) -> Iterator[tuple[MrioBlocks, RegionList]]:
    for path in files:
        blocks = read_mat(path)
        count = regions_of(blocks)  # a block of the wrong shape is named before the list is read
        yield blocks, (read_region_list(regions, count) if regions else numbered_regions(count))
        del blocks  # else this year's arrays stay alive while the next file is read


def read_mat(path: Path) -> MrioBlocks:
    """The blocks of one file, v5/v7 or v7.3."""
    import h5py

    if not path.is_file():
        raise ContractError(f"{path}: file not found (rule: missing_file)")
    year = year_in(path.stem)
    if year is None:
        raise ContractError(f"{path}: no year (19xx/20xx) in the file name (rule: missing_year)")
    fields = _read_hdf5(path) if h5py.is_hdf5(path) else _read_v5(path)
    names = {block: f"{STRUCT}.{name}" for block, name in fields.pop("_names").items()}
    # Z stays as read (a v7.3 file gives a Fortran-ordered view: ceads_mrio.row_bands); the
    # small blocks are made C-ordered so their sums do not depend on the file's version
    small = {block: np.ascontiguousarray(fields[block]) for block in ("F", "VA", "IM", "Export")}
    return MrioBlocks(
        source=path.name, year=year, Z=fields["Z"], F=small["F"], VA=small["VA"],
        imports=small["IM"].ravel(), exports=small["Export"].ravel(), fields=names)


def _pick(path: Path, present: Sequence[str]) -> dict[str, str]:
    """block -> the field name the file uses for it."""
    out = {}
    for block, names in FIELDS.items():
        name = next((n for n in names if n in present), None)
        if name is None:
            raise ContractError(f"{path}: struct {STRUCT} has no field {' or '.join(names)} "
                                f"(fields: {', '.join(sorted(present))}) (rule: missing_field)")
        out[block] = name
    return out


def _dense(value: Any) -> np.ndarray:
    import scipy.sparse as sp

    return value.toarray() if sp.issparse(value) else np.asarray(value, dtype=float)


def _read_v5(path: Path) -> dict[str, Any]:
    import scipy.io
    from scipy.io.matlab import MatReadError

    try:
        content = scipy.io.loadmat(path, variable_names=[STRUCT], simplify_cells=True)
    except (MatReadError, ValueError, TypeError, OSError) as exc:
        raise ContractError(f"{path}: not a readable MATLAB file ({exc}) "
                            "(rule: wrong_file_type)") from exc
    struct = content.get(STRUCT)
    if not isinstance(struct, dict):
        present = ", ".join(k for k in content if not k.startswith("__"))
        raise ContractError(f"{path}: no struct named {STRUCT} (variables: {present}) "
                            "(rule: missing_field)")
    names = _pick(path, list(struct))
    out: dict[str, Any] = {block: _dense(struct[name]) for block, name in names.items()}
    out["_names"] = names
    return out


def _read_hdf5(path: Path) -> dict[str, Any]:
    import h5py

    with h5py.File(path, "r") as f:
        if STRUCT not in f or not isinstance(f[STRUCT], h5py.Group):
            raise ContractError(f"{path}: no struct named {STRUCT} (variables: "
                                f"{', '.join(k for k in f if not k.startswith('#'))}) "
                                "(rule: missing_field)")
        group = f[STRUCT]
        names = _pick(path, list(group))
        out: dict[str, Any] = {block: _hdf5_array(group[name]) for block, name in names.items()}
    out["_names"] = names
    return out


def _hdf5_array(node: Any) -> np.ndarray:
    """A v7.3 field as the MATLAB array (h5py sees it transposed); sparse fields too."""
    import h5py
    import scipy.sparse as sp

    if isinstance(node, h5py.Group):  # MATLAB sparse: CSC arrays of the MATLAB matrix
        rows = int(node.attrs["MATLAB_sparse"])
        jc = np.asarray(node["jc"])
        return sp.csc_matrix((np.asarray(node["data"], dtype=float), np.asarray(node["ir"]),
                              jc), shape=(rows, len(jc) - 1)).toarray()
    return np.asarray(node, dtype=float).T  # a view: see read_mat


def write_mat_v73(path: Path, fields: dict[str, np.ndarray]) -> None:
    """Write ``fields`` (MATLAB shapes: 2-D, e.g. Export N x 1) as struct ``MRIO`` in a
    MATLAB v7.3 file, laid out as MATLAB writes it: HDF5 behind a 512-byte MAT header, arrays
    column-major (so HDF5 holds their transposes). Used by ``nqpf synth --mat``."""
    import h5py

    with h5py.File(path, "w", userblock_size=512) as f:
        group = f.create_group(STRUCT)
        group.attrs["MATLAB_class"] = np.bytes_("struct")
        for name, value in fields.items():
            data = group.create_dataset(name, data=np.asarray(value, dtype=float).T)
            data.attrs["MATLAB_class"] = np.bytes_("double")
    text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 ."
    with open(path, "r+b") as fh:  # the MAT header MATLAB puts in the HDF5 user block
        fh.write(text.ljust(116, b" ") + b"\0" * 8 + b"\x00\x02" + b"IM")
