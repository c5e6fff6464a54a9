"""Synthetic, productive, balanced multi-regional datasets shaped like the CEADs city tables.

For benchmarks and tests only: every dataset it writes is labelled ``synthetic`` in its
metadata. Two shapes, per year with N = cities x sectors region-sectors:

Sparse (tests, the default):

1. a sparse input-coefficient matrix A: a dense block within each city and links to a few
   other supplier cities, column sums in [0.35, 0.6] so A is productive;
2. final demand f > 0, and gross output from the Leontief system x = (I - A)^-1 f (the
   value kernel's iterative solve), so the row identity x = Z 1 + f holds with Z = A diag(x);
3. imports m = 5 % of x and value added x - Z'1 - m split into the four components;
4. hours = compensation / an hourly wage that differs by sector.

Dense (:func:`write_gravity_files`, the CEADs city MRIO at full scale): a gravity model of
trade between cities (sizes lognormal, random positions, flows ~ size_r size_s / distance^2
with a home bias) times one national coefficient matrix of 42 sectors, so every city supplies
every other wherever the national coefficient is non-zero; written as CEADs ``.mat`` files
(MATLAB v7.3) with a region list and hourly wages, and read back by the CEADs adapter.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nqpf.contract import CanonicalDataset
from python_models.values import solve_iterative

FINAL_DEMAND_SPLIT = {
    "hh_rural": 0.12, "hh_urban": 0.28, "government": 0.15, "gfcf": 0.3,
    "inventory": 0.02, "exports": 0.13,
}
VALUE_ADDED_SPLIT = {
    "compensation": 0.5, "net_taxes": 0.1, "depreciation": 0.15, "operating_surplus": 0.25,
}
IMPORT_SHARE = 0.05


def region_codes(cities: int) -> list[str]:
    return [f"SYN{c + 1:04d}" for c in range(cities)]


def sector_codes(sectors: int) -> list[str]:
    return [f"{s + 1:02d}" for s in range(sectors)]


def _sectors_table(sectors: int) -> pd.DataFrame:
    codes = sector_codes(sectors)
    non_productive = max(1, sectors // 5)
    return pd.DataFrame({
        "scheme": f"synth{sectors}",
        "code": codes,
        "name_en": [f"Synthetic sector {c}" for c in codes],
        "name_zh": "",
        "productive": [i < sectors - non_productive for i in range(sectors)],
        "digital_device": [i == 1 for i in range(sectors)],
        "digital_service": [i == 2 for i in range(sectors)],
        "common_code": codes,
    })


def _coefficients(rng: np.random.Generator, cities: int, sectors: int,
                  supplier_cities: int) -> sp.csc_matrix:
    """Sparse A with intra-city blocks and links to ``supplier_cities`` other cities."""
    n, blocks_rows, blocks_cols, blocks_vals = sectors, [], [], []
    local = np.arange(n)
    rr, cc = np.meshgrid(local, local, indexing="ij")
    for s in range(cities):
        others = rng.choice(np.delete(np.arange(cities), s),
                            size=min(supplier_cities, cities - 1), replace=False)
        for r in (s, *others):
            weight = 1.0 if r == s else 0.3 / max(len(others), 1)
            block = rng.random((n, n)) * weight
            blocks_rows.append((r * n + rr).ravel())
            blocks_cols.append((s * n + cc).ravel())
            blocks_vals.append(block.ravel())
    A = sp.csc_matrix((np.concatenate(blocks_vals),
                       (np.concatenate(blocks_rows), np.concatenate(blocks_cols))),
                      shape=(cities * n, cities * n))
    target = rng.uniform(0.35, 0.6, size=cities * n)
    colsum = np.asarray(A.sum(axis=0)).ravel()
    return (A @ sp.diags(target / colsum)).tocsc()


def synthetic_year(rng: np.random.Generator, year: int, cities: int, sectors: int,
                   supplier_cities: int = 5) -> dict[str, pd.DataFrame]:
    """The canonical tables of one synthetic year (see the module docstring)."""
    regions, codes = region_codes(cities), sector_codes(sectors)
    N = cities * sectors
    A = _coefficients(rng, cities, sectors, supplier_cities)
    f = rng.lognormal(mean=3.0, sigma=1.0, size=N)
    x = solve_iterative(A.T.tocsr(), f)  # (I - M)^T x = f with M = A^T: x = (I - A)^-1 f
    Z = (A @ sp.diags(x)).tocoo()
    reg = np.repeat(np.array(regions, dtype=object), sectors)
    sec = np.tile(np.array(codes, dtype=object), cities)
    flows = pd.DataFrame({
        "year": year, "from_region": reg[Z.row], "from_sector": sec[Z.row],
        "to_region": reg[Z.col], "to_sector": sec[Z.col], "value": Z.data,
    })
    final_demand = pd.concat([
        pd.DataFrame({"year": year, "from_region": reg, "from_sector": sec, "to_region": reg,
                      "category": cat, "value": f * share})
        for cat, share in FINAL_DEMAND_SPLIT.items()
    ], ignore_index=True)
    imports = IMPORT_SHARE * x
    va_total = x - np.asarray(Z.tocsc().sum(axis=0)).ravel() - imports
    value_added = pd.concat([
        pd.DataFrame({"year": year, "region": reg, "sector": sec, "component": comp,
                      "value": va_total * share})
        for comp, share in VALUE_ADDED_SPLIT.items()
    ], ignore_index=True)
    # hourly wage in the monetary unit per hour: between 0.002 and 0.02 by sector
    wage = np.tile(np.linspace(0.002, 0.02, sectors), cities)
    hours = va_total * VALUE_ADDED_SPLIT["compensation"] / wage
    return {
        "flows": flows,
        "final_demand": final_demand,
        "imported_inputs": pd.DataFrame({"year": year, "region": reg, "sector": sec,
                                         "value": imports}),
        "value_added": value_added,
        "gross_output": pd.DataFrame({"year": year, "region": reg, "sector": sec, "value": x}),
        "labour": pd.DataFrame({"year": year, "region": reg, "sector": sec,
                                "measure": "hours", "value": hours, "unit": "hours"}),
    }


def synthetic_dataset(cities: int, sectors: int, years: Iterable[int], *, seed: int = 0,
                      name: str = "synthetic", supplier_cities: int = 5) -> CanonicalDataset:
    """A CEADs-shaped synthetic MRIO with ``cities`` x ``sectors`` region-sectors per year."""
    rng = np.random.default_rng(seed)
    years = list(years)
    parts = [synthetic_year(rng, y, cities, sectors, supplier_cities) for y in years]
    tables = {k: pd.concat([p[k] for p in parts], ignore_index=True) for k in parts[0]}
    tables["sectors"] = _sectors_table(sectors)
    tables["regions"] = pd.DataFrame({
        "code": region_codes(cities), "name_en": [f"Synthetic city {c}" for c in
                                                  region_codes(cities)],
        "name_zh": "", "parent": None, "level": "city",
    })
    metadata = {
        "dataset": name,
        "title": f"Synthetic CEADs-shaped MRIO, {cities} cities x {sectors} sectors",
        "publisher": "nqpf synth (generated)",
        "monetary_unit": "synthetic unit",
        "region_level": "city",
        "single_economy": True,
        "mrio": True,
        "classification": f"synth{sectors}",
        "synthetic": True,
        "source": f"nqpf.synth seed={seed}",
        "notes": ["Synthetic data for benchmarks and tests; not statistics of any economy."],
    }
    return CanonicalDataset(metadata, tables)


#: share of national coefficients that are zero (sectors that do not buy from each other)
NATIONAL_ZEROS = 0.12
EXPORT_SHARE = 0.13
#: hourly wage by sector, yuan per hour (the dense files' wage list)
WAGE_RANGE = (20.0, 60.0)


def gravity_mrio(rng: np.random.Generator, cities: int, sectors: int = 42
                 ) -> dict[str, np.ndarray]:
    """One year of a dense gravity-shaped MRIO in the CEADs struct's shapes (MATLAB
    orientation): Z (N, N), F (N, 5 cities), VA (5, N), IM (1, N + 5 cities), Export (N, 1)."""
    n = cities * sectors
    national = rng.random((sectors, sectors)) * (rng.random((sectors, sectors)) > NATIONAL_ZEROS)
    national *= rng.uniform(0.35, 0.6, sectors) / national.sum(axis=0)
    size = rng.lognormal(0.0, 1.0, cities)
    where = rng.random((cities, 2))
    distance = np.sqrt(((where[:, None, :] - where[None, :, :]) ** 2).sum(axis=2)) + 0.05
    gravity = size[:, None] * size[None, :] / distance**2
    gravity[np.diag_indices(cities)] *= 20.0  # home bias
    trade = gravity / gravity.sum(axis=0)  # supplier-city shares of each city's purchases
    A = np.kron(trade, national)
    for start in range(0, n, 1024):  # cell noise, a band at a time (no second N x N array)
        A[start:start + 1024] *= rng.uniform(0.8, 1.2, (min(1024, n - start), n))
    f = rng.lognormal(3.0, 1.0, n) * np.repeat(size, sectors)
    x = solve_iterative(A.T, f)  # (I - A) x = f
    Z = np.multiply(A, x[None, :], out=A)
    export = EXPORT_SHARE * f
    destination = gravity / gravity.sum(axis=1, keepdims=True)  # where each city's goods go
    shares = np.array([FINAL_DEMAND_SPLIT[c] for c in ("hh_rural", "hh_urban", "government",
                                                       "gfcf", "inventory")])
    shares = shares / shares.sum()
    F = ((f - export)[:, None, None] * np.repeat(destination, sectors, axis=0)[:, :, None]
         * shares[None, None, :]).reshape(n, 5 * cities)
    imports = IMPORT_SHARE * x
    total = x - Z.sum(axis=0) - imports
    parts = [total * VALUE_ADDED_SPLIT[c] for c in ("compensation", "net_taxes",
                                                    "depreciation")]
    VA = np.vstack([*parts, total - sum(parts), total])
    IM = np.r_[imports, IMPORT_SHARE * F.sum(axis=0)][None, :]
    return {"Z": Z, "F": F, "VA": VA, "IM": IM, "Export": export[:, None]}


def write_gravity_files(folder: Path, cities: int, years: Iterable[int], *,
                        seed: int = 0) -> list[Path]:
    """CEADs-shaped files of a dense synthetic city MRIO: ``<year>.mat`` (v7.3) per year,
    ``cities.csv`` (region list) and ``wages.csv`` (hourly wages) for ``nqpf ingest``."""
    from nqpf.adapters.ceads_mat import write_mat_v73

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    codes = region_codes(cities)
    pd.DataFrame({"index": range(1, cities + 1), "code": codes, "name_zh": "",
                  "name_en": [f"Synthetic city {c}" for c in codes], "province": ""}
                 ).to_csv(folder / "cities.csv", index=False)
    wage = np.linspace(*WAGE_RANGE, 42)
    years = list(years)
    pd.DataFrame([(y, f"{s + 1:02d}", wage[s]) for y in years for s in range(42)],
                 columns=["year", "sector", "value"]).to_csv(folder / "wages.csv", index=False)
    files = []
    for year in years:
        print(f"synth: dense {cities} x 42 MRIO for {year} ...", file=sys.stderr, flush=True)
        files.append(folder / f"{year}.mat")
        write_mat_v73(files[-1], gravity_mrio(rng, cities))
    return files


def gravity_dataset(folder: Path, cities: int, years: Iterable[int], *, seed: int = 0,
                    name: str = "synthetic_dense") -> CanonicalDataset:
    """The dense synthetic MRIO as a dataset, read back from its files by the CEADs adapter."""
    from nqpf.adapters.ceads_mat import load_ceads_mat

    files = write_gravity_files(folder, cities, years, seed=seed)
    ds = load_ceads_mat(files, dataset=name, regions=folder / "cities.csv",
                        hourly_wage=folder / "wages.csv", scheme="nbs2017_42")
    ds.metadata.update(
        title=f"Synthetic dense CEADs-shaped city MRIO, {cities} cities x 42 sectors",
        publisher="nqpf synth (generated)", synthetic=True, source=f"nqpf.synth seed={seed}",
        license=None)
    ds.metadata["notes"].insert(0, "Synthetic data for benchmarks and tests; not statistics "
                                   "of any economy.")
    return ds
