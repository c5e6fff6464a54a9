"""Synthetic, productive, balanced multi-regional datasets shaped like the CEADs city tables.

For benchmarks and tests only: every dataset it writes is labelled ``synthetic`` in its
metadata. Construction (per year, N = cities x sectors region-sectors):

1. a sparse input-coefficient matrix A: a dense block within each city and links to a few
   other supplier cities, column sums in [0.35, 0.6] so A is productive;
2. final demand f > 0, and gross output from the Leontief system x = (I - A)^-1 f (a sparse
   LU solve), so the row identity x = Z 1 + f holds exactly with Z = A diag(x);
3. imports m = 5 % of x and value added x - Z'1 - m split into the four components;
4. hours = compensation / an hourly wage that differs by sector.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from nqpf.contract import CanonicalDataset

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
    x = splu(sp.identity(N, format="csc") - A).solve(f)
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
