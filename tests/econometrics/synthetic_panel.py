"""Synthetic region-sector-year panels with known coefficients and two-way fixed effects."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: True coefficients of the synthetic panels.
BETA_DDR = 0.5
BETA_LN_OTLP = -0.3
BETA_DT = 2.0


def fe_panel(regions: int = 40, sectors: int = 8, years: int = 4, seed: int = 3,
             dataset: str = "synthetic") -> pd.DataFrame:
    """ln tlpr = 0.5 ddr - 0.3 ln otlp + a(region, sector) + g(year) + e, with e correlated
    within region-sector (so clustering matters) and regressors correlated with a."""
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product(
        [[f"R{r:02d}" for r in range(regions)], [f"S{s}" for s in range(sectors)],
         list(range(2012, 2012 + years))], names=["region", "sector", "year"])
    frame = index.to_frame(index=False)
    cell = frame.groupby(["region", "sector"]).ngroup().to_numpy()
    a = rng.normal(0, 1, cell.max() + 1)[cell]
    g = rng.normal(0, 0.5, years)[frame["year"] - 2012]
    shock = rng.normal(0, 0.3, cell.max() + 1)[cell]
    frame["ddr"] = 1 + 0.5 * a + rng.normal(0, 1, len(frame))
    frame["otlp"] = np.exp(3 + 0.3 * a + rng.normal(0, 0.5, len(frame)))
    error = shock * rng.normal(0, 1, len(frame)) + rng.normal(0, 0.2, len(frame))
    frame["tlpr"] = np.exp(BETA_DDR * frame["ddr"] + BETA_LN_OTLP * np.log(frame["otlp"])
                           + a + g + error)
    frame.insert(0, "dataset", dataset)
    return frame


def iv_panel(regions: int = 60, sectors: int = 10, years: int = 3,
             seed: int = 2) -> tuple[pd.DataFrame, pd.Series]:
    """ln pri = 2 dt + a + g + u + e, where the confounder u also raises dt, and dt responds
    to the sector-year shock m times the region value v (the instrument's two parts).
    Returns the panel and the region values."""
    rng = np.random.default_rng(seed)
    frame = fe_panel(regions, sectors, years, seed=seed, dataset="iv")
    values = pd.Series(rng.uniform(1, 5, regions),
                       index=[f"R{r:02d}" for r in range(regions)], name="value")
    cell = frame.groupby(["region", "sector"]).ngroup().to_numpy()
    a = rng.normal(0, 1, cell.max() + 1)[cell]
    m = frame.groupby(["sector", "year"]).ngroup().to_numpy()
    shock = rng.uniform(0.5, 1.5, m.max() + 1)[m]
    u = rng.normal(0, 1, len(frame))
    dt = (0.05 * frame["region"].map(values).to_numpy() * shock + 0.05 * a
          + 0.02 * u + 0.01 * rng.normal(0, 1, len(frame)))
    frame["dd"], frame["ds"] = dt / 2, dt / 2
    g = rng.normal(0, 0.5, years)[frame["year"] - 2012]
    frame["pri"] = np.exp(BETA_DT * dt + a + g + u + rng.normal(0, 0.1, len(frame)))
    return frame, values
