"""Checks shared by the Chinese adapters' tests, computed on canonical long tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.balance import project_tolerance
from nqpf.contract import CanonicalDataset


def balance_residuals(ds: CanonicalDataset) -> pd.DataFrame:
    """Per region-year-sector: x, row residual x_i - sum_j flows - sum_c fd, and column
    residual x_j - sum_i flows - imported_j - sum va_j."""
    t = ds.tables
    x = t["gross_output"].set_index(["year", "region", "sector"])["value"]
    keys = ["year", "from_region", "from_sector"]
    row = (
        t["flows"].groupby(keys)["value"].sum().rename_axis(x.index.names)
        + t["final_demand"].groupby(keys)["value"].sum().rename_axis(x.index.names)
    )
    col = (
        t["flows"].groupby(["year", "to_region", "to_sector"])["value"].sum()
        .rename_axis(x.index.names)
        + t["imported_inputs"].set_index(x.index.names)["value"]
        + t["value_added"].groupby(x.index.names)["value"].sum()
    )
    return pd.DataFrame({"x": x, "row": x - row, "col": x - col})


def assert_balanced(ds: CanonicalDataset) -> None:
    r = balance_residuals(ds)
    assert not r.isna().any().any()
    tol = project_tolerance().of(r["x"])
    for kind in ("row", "col"):
        bad = r[r[kind].abs() > tol]
        assert bad.empty, f"{kind} balance fails:\n{bad}"


def cell(df: pd.DataFrame, **keys: object) -> float:
    mask = np.logical_and.reduce([df[k] == v for k, v in keys.items()])
    assert mask.sum() == 1, keys
    return float(df.loc[mask, "value"].iloc[0])
