"""Labour values and productivity per region-year (METHOD.md sections 2 and 4).

For each region-year (and each economy's aggregate): restrict to sectors with output, build A,
D and l, solve lambda = lambda (A + D) + l over the productive sectors, and derive melt, tlp,
lp and the organic composition. Inputs of goods the region does not produce itself (sectors
without output, supplied from elsewhere in the economy) enter at the aggregate's lambda, the
intermediate inputs and the fixed-capital part alike (METHOD.md section 10). A region-year the
kernels reject yields one row with ``status`` = the kernel's reason and ``detail`` = its
message; the quarantine mart reports it and the value marts leave it out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.steps.tables import RegionTable, empty_frame, references, region_tables, solved
from python_models import (
    KernelError,
    depreciation_coefficients,
    input_coefficients,
    labour_coefficients,
    labour_values,
    living_labour_productivity,
    organic_composition,
    tlp,
    wage_basket,
)

COLUMNS = [
    "dataset", "year", "region", "economy", "sector", "productive", "gross_output", "hours",
    "lambda", "melt", "tlp", "lp", "c", "v", "occ", "outside_inputs", "status", "detail",
]


def _failure(t: RegionTable, status: str, detail: str) -> pd.DataFrame:
    return pd.DataFrame([{"dataset": t.dataset, "year": t.year, "region": t.region,
                          "economy": t.economy, "status": status, "detail": detail}],
                        columns=COLUMNS)


def _spread(values: np.ndarray, positions: np.ndarray, n: int) -> np.ndarray:
    """``values`` placed at ``positions`` of an all-NaN vector of length ``n``."""
    full = np.full(n, np.nan)
    full[positions] = values
    return full


def outside_inputs(t: RegionTable, reference: np.ndarray | None) -> np.ndarray:
    """Hours per unit of output of each sector with output embodied in its inputs of goods the
    region does not produce: ``sum_{k without output} lambda_ref_k (A + D)[k, j]``.

    ``reference`` is the aggregate's lambda over ``t.sectors`` (NaN where it has none); with
    ``None`` (the aggregate itself) such inputs have no value to carry and the term is 0.
    """
    active = t.active
    if reference is None or active.all():
        return np.zeros(int(active.sum()))
    outside = ~active
    A = input_coefficients(t.Z, t.x)
    D = depreciation_coefficients(t.depreciation, t.gfcf, t.x)
    lam = np.nan_to_num(reference[outside], nan=0.0)  # non-productive goods carry no value
    return lam @ (A + D)[np.ix_(outside, active)]


def region_values(t: RegionTable, reference: np.ndarray | None = None) -> pd.DataFrame:
    """Values and productivity of one region-year, one row per sector (``reference``: see
    :func:`outside_inputs`)."""
    active = t.active
    if not (active & t.productive).any():
        return _failure(t, "no_productive_output", "no productive sector has output")
    a = t.restrict(active)
    A = input_coefficients(a.Z, a.x)
    # the GFCF split over every good, as for intermediate inputs: the share of goods without
    # output is valued by outside_inputs, not spread over the others
    D = depreciation_coefficients(t.depreciation, t.gfcf, t.x)[np.ix_(active, active)]
    extra = outside_inputs(t, reference)
    lam = labour_values(A, D, labour_coefficients(a.hours, a.x) + extra,
                        productive=a.productive)
    # wage goods per hour of all labour employed; only productive goods carry value
    b = wage_basket(a.household_consumption, a.hours)
    prod = a.productive
    c, v, occ = organic_composition(lam[prod], A[np.ix_(prod, prod)], D[np.ix_(prod, prod)],
                                    a.x[prod], b[prod], a.hours[prod])
    c = c + extra[prod] * a.x[prod]
    occ = np.where(np.isnan(occ), occ, c / np.where(v > 0, v, np.nan))
    out = pd.DataFrame({
        "dataset": t.dataset, "year": t.year, "region": t.region, "economy": t.economy,
        "sector": t.sectors, "productive": t.productive, "gross_output": t.x, "hours": t.hours,
    })
    on_active = np.flatnonzero(active)
    out["lambda"] = _spread(lam, on_active, len(t.sectors))
    for name, column in (("c", c), ("v", v), ("occ", occ)):
        out[name] = _spread(column, on_active[prod], len(t.sectors))
    out["outside_inputs"] = _spread(extra, on_active, len(t.sectors))
    out["melt"] = tlp(out["lambda"].to_numpy())  # money per hour of total labour
    out["tlp"] = out["melt"]  # output per hour; equal to melt for monetary tables
    out["lp"] = living_labour_productivity(t.x, t.hours)
    out["status"] = np.where(~active, "no_output",
                             np.where(t.productive, "ok", "non_productive"))
    # typed, so that a build where every sector has output still has a text column
    out["detail"] = pd.array(
        np.where(~active, "sector reports no output: left out of the solve", None),
        dtype="string")
    return out[COLUMNS]


def _values_or_failure(t: RegionTable, reference: np.ndarray | None = None) -> pd.DataFrame:
    try:
        return region_values(t, reference)
    except KernelError as exc:
        return _failure(t, exc.reason, str(exc))


def compute_values(flows: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """:func:`region_values` for every region-year of the assembly frames and for each
    economy-year's aggregate of the region-years that solved; region-years that use goods
    they do not produce are then solved again with those inputs at the aggregate's lambda.

    Whether a region-year solves does not depend on that term (it only adds to the
    non-negative right-hand side), so the aggregate is the same before and after.
    """
    tables = list(region_tables(flows, sectors))
    if not tables:
        return empty_frame(COLUMNS)
    first = {(t.dataset, t.year, t.region): _values_or_failure(t) for t in tables}
    frame = pd.concat(first.values(), ignore_index=True)
    aggregates = {(t.dataset, t.year, t.economy): t for t in references(tables, solved(frame))}
    lam = {key: _values_or_failure(t) for key, t in aggregates.items()
           if (t.dataset, t.year, t.region) not in first}
    parts = []
    for t in tables:
        key = (t.dataset, t.year, t.region)
        agg = lam.get((t.dataset, t.year, t.economy))
        if agg is None or t.active.all() or first[key]["sector"].isna().any():
            parts.append(first[key])
            continue
        reference = agg.set_index("sector")["lambda"].reindex(t.sectors).to_numpy(float)
        parts.append(_values_or_failure(t, reference))
    return pd.concat([*parts, *lam.values()], ignore_index=True)
