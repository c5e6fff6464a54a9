"""Regions whose table lumps domestic and foreign trade together, and the rule that splits it.

Some provincial tables report no outflow to and no inflow from the other provinces at all and
book domestic trade as exports and imports (2012: Hubei and Qinghai, with exports at 9-11% of
output against about 1% in their neighbours). Left as they are, such a region would trade with
no other region. The rule, per product i, from the regions that do report domestic trade:

- exports: the foreign share ``f_i = sum EX / (sum EX + sum OF)`` stays exports, the rest
  ``(1 - f_i) EX`` is outflow to the other regions;
- inflow: the share ``q_i = sum IF / sum U`` of local use that comes from other regions. The
  single-region tables keep imports only as totals by using sector, so the imports are not
  split; the region's local use ``U`` is kept and ``q_i U`` of it is attributed to other
  regions;
- outflow then follows from the region's row identity ``x = U + EX + OF - IF + other``:
  ``OF = (1 - f_i) EX + q_i U``.

Output, local use and the discrepancy of the region are unchanged, so its own table is still
reproduced; only its exports and trade are replaced.
"""

from __future__ import annotations

import numpy as np

#: Domestic trade counts as unreported when outflow and inflow together are below this share
#: of the region's output (Qinghai 2012 reports 1.5e-11 of them).
UNREPORTED = 1e-9


def lumped_regions(output: np.ndarray, inflow: np.ndarray, outflow: np.ndarray) -> np.ndarray:
    """(m,) True for the regions that report no trade with the other regions."""
    traded = np.abs(inflow).sum(axis=1) + np.abs(outflow).sum(axis=1)
    return (traded <= UNREPORTED * np.abs(output).sum(axis=1)) & (output.sum(axis=1) > 0)


def split_lumped(lumped: np.ndarray, use: np.ndarray, exports: np.ndarray,
                 inflow: np.ndarray, outflow: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exports, inflow and outflow (m, n) with the trade of the ``lumped`` regions split by
    the rule of the module docstring; the other regions' rows are returned unchanged."""
    exports, inflow, outflow = exports.copy(), inflow.copy(), outflow.copy()
    reporting = ~lumped
    if not lumped.any() or not reporting.any():
        return exports, inflow, outflow
    ex, of = exports[reporting].sum(axis=0), outflow[reporting].sum(axis=0)
    foreign = np.divide(ex, ex + of, out=np.ones_like(ex), where=ex + of > 0)
    room = np.clip(use[reporting], 0.0, None).sum(axis=0)
    share = np.clip(np.divide(inflow[reporting].sum(axis=0), room, out=np.zeros_like(room),
                              where=room > 0), 0.0, 1.0)
    received = share * np.clip(use[lumped], 0.0, None)
    outflow[lumped] = (1 - foreign) * exports[lumped] + received
    inflow[lumped] = received
    exports[lumped] = foreign * exports[lumped]
    return exports, inflow, outflow
