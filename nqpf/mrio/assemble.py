"""Split each region's use of other regions' supply by origin: the MRIO of one year.

Arrays for m regions and n products (region order fixed by the caller):
``use[s, i]`` is region s's domestic-origin local use of product i (intermediate use plus
local final uses, from every domestic origin), ``inflow[s, i]`` what s receives from the other
regions (a positive number), ``outflow[r, i]`` what r ships to them.

1. Trade marginals (:func:`trade_marginals`). Demand ``b = scale_capped(min(inflow, use),
   use, T)``: the inflow a region can absorb (at most its local use), scaled to the
   product's trade total ``T`` without exceeding ``use``. Supply ``a = outflow sum(b) /
   sum(outflow)``. ``T`` is the mean of total outflow and total absorbable inflow (default),
   or either of them: published regional tables do not agree on it.
2. Trade ``t[i, r, s]``: gravity seed ``a_r b_s d_rs^-beta`` balanced by RAS to ``a`` and ``b``
   (:func:`estimate_trade`).
3. Origin shares ``h[i, r, s] = t[i, r, s] / use[s, i]`` (r != s), ``h[i, s, s] = 1 - b[s, i] /
   use[s, i]`` (:func:`origin_shares`): every use cell of s is split by origin with them,
   ``Z[(r,i),(s,j)] = h[i, r, s] Z_s[i, j]``, ``F[(r,i), s, c] = h[i, r, s] F_s[i, c]``
   (:func:`split_by_origin`), so the column of s sums back to its own table.
4. Row balance: r's output now goes to own use ``use - b``, to the others ``a``, exports and
   ``other``; the gap to the table it came from, ``(b - inflow) + (outflow - a)``, joins the
   statistical discrepancy ``other`` of r (:func:`trade_discrepancy`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nqpf.mrio.gravity import DEFAULT_BETA, gravity_seed
from nqpf.mrio.ras import MarginalsError, ras

#: How the trade total of a product is set when total outflow and inflow differ.
TRADE_TOTALS = ("mean", "inflow", "outflow")


def scale_capped(values: np.ndarray, caps: np.ndarray, total: float) -> np.ndarray:
    """``values`` (>= 0) scaled proportionally to sum to ``total`` with no entry above its
    cap: entries that would exceed their cap are set to it and the rest rescaled, until none
    does (at most len(values) rounds). When ``total`` exceeds the caps of the positive
    entries, those caps are returned (the sum is then below ``total``)."""
    values = np.asarray(values, dtype=float)
    caps = np.asarray(caps, dtype=float)
    out = np.zeros_like(values)
    free = values > 0
    remaining = float(total)
    while free.any():
        trial = values * remaining / values[free].sum()
        over = free & (trial > caps)
        if not over.any():
            out[free] = trial[free]
            break
        out[over] = caps[over]
        remaining -= caps[over].sum()
        free &= ~over
    return out


def trade_marginals(use: np.ndarray, inflow: np.ndarray, outflow: np.ndarray,
                    total: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """Supply ``a`` and demand ``b`` (m, n) of inter-regional trade with ``sum_r a[r, i] =
    sum_s b[s, i]`` for every product (see the module docstring, step 1)."""
    if total not in TRADE_TOTALS:
        raise ValueError(f"trade total {total!r}: one of {TRADE_TOTALS}")
    room = np.clip(use, 0.0, None)
    absorbed = np.clip(inflow, 0.0, room)
    out = np.clip(outflow, 0.0, None)
    supply, demand = np.zeros_like(out), np.zeros_like(out)
    for i in range(use.shape[1]):
        o, m = out[:, i].sum(), absorbed[:, i].sum()
        if o == 0 or m == 0:  # trade seen from one side only: nothing to allocate
            continue
        target = {"mean": (o + m) / 2, "inflow": m, "outflow": o}[total]
        demand[:, i] = scale_capped(absorbed[:, i], room[:, i], target)
        supply[:, i] = out[:, i] * demand[:, i].sum() / o
    return supply, demand


def estimate_trade(supply: np.ndarray, demand: np.ndarray, distance: np.ndarray,
                   beta: float = DEFAULT_BETA,
                   regions: Sequence[str] | None = None) -> tuple[np.ndarray, list[int]]:
    """Trade ``t[i, r, s]`` (n, m, m) from origin r to destination s per product, with
    ``sum_s t[i, r, s] = supply[r, i]`` and ``sum_r t[i, r, s] = demand[s, i]``; and the
    RAS iterations per product. Errors name the product and region."""
    m, n = supply.shape
    trade = np.zeros((n, m, m))
    iterations = []
    for i in range(n):
        seed = gravity_seed(supply[:, i], demand[:, i], distance, beta)
        try:
            result = ras(seed, supply[:, i], demand[:, i], labels=regions)
        except MarginalsError as exc:
            raise MarginalsError(f"product {i}: {exc}") from exc
        trade[i] = result.matrix
        iterations.append(result.iterations)
    return trade, iterations


def origin_shares(trade: np.ndarray, use: np.ndarray) -> np.ndarray:
    """``h[i, r, s]`` (n, m, m): the share of origin r in destination s's use of product i;
    own supply on the diagonal; ``sum_r h[i, r, s] = 1``. Where s has no positive use (so
    no trade flows in) the whole use is its own."""
    m = trade.shape[1]
    use_t = use.T[:, None, :]  # (n, 1, m): destination s on the last axis
    shares = np.divide(trade, use_t, out=np.zeros_like(trade), where=use_t > 0)
    # clipped: where the inflow takes the whole use, rounding must not leave -1e-16
    shares[:, np.arange(m), np.arange(m)] = np.clip(1.0 - shares.sum(axis=1), 0.0, None)
    return shares


def split_by_origin(block: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """``out[r, s, i, k] = h[i, r, s] block[s, i, k]``: a destination's use block (m, n, k)
    (k users or final-demand categories) split by origin; ``out.sum(axis=0) == block``."""
    return np.einsum("irs,sik->rsik", shares, block)


def trade_discrepancy(inflow: np.ndarray, outflow: np.ndarray, supply: np.ndarray,
                      demand: np.ndarray) -> np.ndarray:
    """(m, n) the part of each region's reported trade the MRIO does not place between
    regions, ``(demand - inflow) + (outflow - supply)``; added to its ``other`` final demand
    it keeps the region's row summing to its gross output."""
    return (demand - inflow) + (outflow - supply)
