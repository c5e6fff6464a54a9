"""Helpers shared by the adapters: wide IO blocks to the contract's long tables, and years.

Every adapter ends up with the same three shapes, labelled by a ``(region, sector)``
MultiIndex on the rows:

- an intermediate block with ``(region, sector)`` columns -> ``flows``;
- a final-demand block with ``(region, category)`` columns -> ``final_demand``;
- one value per region-sector (a Series) -> ``gross_output``, ``value_added`` etc.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


def flows_long(z: pd.DataFrame, year: int) -> pd.DataFrame:
    """``z[(r, i), (s, j)]`` (supplier rows, user columns) -> ``flows`` rows for ``year``."""
    return _block_long(z, year, ["from_region", "from_sector", "to_region", "to_sector"])


def final_demand_long(y: pd.DataFrame, year: int) -> pd.DataFrame:
    """``y[(r, i), (s, category)]`` -> ``final_demand`` rows; same-category columns are summed."""
    y = y.T.groupby(level=[0, 1], sort=False).sum().T
    return _block_long(y, year, ["from_region", "from_sector", "to_region", "category"])


def _block_long(block: pd.DataFrame, year: int, names: list[str]) -> pd.DataFrame:
    # numpy repeat/tile instead of DataFrame.stack, which is slow on MultiIndexes
    n_rows, n_cols = block.shape
    rows, cols = block.index, block.columns
    out = {"year": np.full(n_rows * n_cols, year)}
    for k, name in enumerate(names[:2]):
        out[name] = np.repeat(rows.get_level_values(k).astype(str).to_numpy(), n_cols)
    for k, name in enumerate(names[2:]):
        out[name] = np.tile(cols.get_level_values(k).astype(str).to_numpy(), n_rows)
    out["value"] = block.to_numpy(dtype=float).ravel()
    return pd.DataFrame(out)


def per_sector_long(values: pd.Series, year: int, **constants: object) -> pd.DataFrame:
    """A Series on ``(region, sector)`` -> rows ``year, region, sector, <constants>, value``."""
    out = values.rename("value").rename_axis(["region", "sector"]).reset_index()
    out.insert(0, "year", year)
    for i, (col, val) in enumerate(constants.items()):
        out.insert(3 + i, col, val)
    return out


def concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Concatenate long frames (an empty list gives an empty frame with ``columns``)."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def year_in(text: str) -> int | None:
    """The first four-digit year 19xx/20xx standing alone in ``text``, if any."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)
    return int(m.group(1)) if m else None
