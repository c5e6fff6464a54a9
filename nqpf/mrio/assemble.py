"""Split each region's use of other regions' supply by origin: the MRIO of one year.

Arrays for m regions and n products (region order fixed by the caller): ``output[r, i]``
gross output, ``use[s, i]`` region s's domestic-origin local use (intermediate use plus local
final uses, from every domestic origin), ``exports`` foreign exports, ``inflow[s, i]`` what s
reports receiving from the other regions (a positive number), ``outflow[r, i]`` what r reports
shipping to them.

1. Trade marginals (:func:`trade_marginals`). r can originate at most ``cap = output -
   exports - (use - min(inflow, use))``: its output less foreign exports and the local use
   its inflows do not cover. Reported outflow above ``cap`` is re-export of r's own inflows:
   it is taken off both its outflow and its inflow (``through``) and never placed as
   production. For a non-tradable product all cross-hauling is taken off: only net positions
   trade. Origin supply ``O = outflow - through`` and absorbable demand ``M = min(inflow -
   through, use)`` then meet at a common trade total ``T``: for a tradable product the larger
   of their sums (default; the smaller side taken to under-record), or their geometric mean
   (the cross-entropy compromise that trusts both sides equally); for a non-tradable one
   always the smaller sum. Supply ``a`` and demand ``b`` are ``O`` and ``M`` scaled to ``T``
   without exceeding ``cap`` and ``use`` (the proportional scaling closest to them in the
   cross-entropy sense).
2. Trade ``t[i, r, s]``: gravity seed ``a_r b_s d_rs^-beta_i`` balanced by RAS to ``a`` and
   ``b`` (:func:`estimate_trade`), with the distance decay of the product's group.
3. Origin shares ``h[i, r, s] = t[i, r, s] / use[s, i]`` (r != s), ``h[i, s, s] = 1 - b[s, i] /
   use[s, i]`` (:func:`origin_shares`): every use cell of s is split by origin with them,
   ``Z[(r,i),(s,j)] = h[i, r, s] Z_s[i, j]``, ``F[(r,i), s, c] = h[i, r, s] F_s[i, c]``
   (:func:`split_by_origin`), so the column of s sums back to its own table.
4. Row balance: r's output now goes to own use ``use - b``, to the others ``a``, exports and
   ``other``; the part of its reported net trade the MRIO does not place, ``(outflow - inflow)
   - (a - b)``, is its balance error (:func:`balance_error`). Summed over regions it is the
   gap between the product's total reported outflow and inflow, which no allocation can
   close.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nqpf.mrio.gravity import gravity_seed
from nqpf.mrio.ras import MarginalsError, ras

#: How the trade total of a tradable product is set from the sums of origin supply and
#: absorbable demand.
TRADE_TOTALS: dict[str, Callable[[float, float], float]] = {
    "larger": max, "geomean": lambda o, m: float(np.sqrt(o * m))}


def scale_capped(values: np.ndarray, caps: np.ndarray, total: float) -> np.ndarray:
    """``values`` (>= 0) scaled proportionally to sum to ``total`` with no entry above its
    cap: entries that would exceed their cap are set to it and the rest rescaled, until none
    does (at most len(values) rounds). When ``total`` exceeds the caps of the positive
    entries, those caps are returned (the sum is then below ``total``). This is the
    proportional solution closest to ``values`` in the cross-entropy sense under the caps."""
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


@dataclass(frozen=True)
class TradeMarginals:
    """(m, n) origin supply ``a`` and absorbed demand ``b`` of inter-regional trade (``sum_r
    a[r, i] = sum_s b[s, i]``), and ``through``: reported outflow taken off as re-export of
    the region's inflows (and, for non-tradables, netted cross-hauling)."""

    supply: np.ndarray
    demand: np.ndarray
    through: np.ndarray


def trade_marginals(output: np.ndarray, use: np.ndarray, exports: np.ndarray,
                    inflow: np.ndarray, outflow: np.ndarray,
                    tradable: np.ndarray, total: str = "larger") -> TradeMarginals:
    """Supply and demand of inter-regional trade (module docstring, step 1); ``tradable``
    (n,) marks the products that trade gross of cross-hauling, ``total`` is a key of
    :data:`TRADE_TOTALS`."""
    if total not in TRADE_TOTALS:
        raise ValueError(f"trade total {total!r}: one of {tuple(TRADE_TOTALS)}")
    room = np.clip(use, 0.0, None)
    out, into = np.clip(outflow, 0.0, None), np.clip(inflow, 0.0, None)
    cap = np.clip(output - np.clip(exports, 0.0, None) - room + np.minimum(into, room), 0.0,
                  None)
    through = np.where(tradable[None, :], np.clip(out - cap, 0.0, into), np.minimum(out, into))
    origin = np.minimum(out - through, cap)
    absorbed = np.minimum(into - through, room)
    supply, demand = np.zeros_like(out), np.zeros_like(out)
    for i in range(use.shape[1]):
        o, m = origin[:, i].sum(), absorbed[:, i].sum()
        if o == 0 or m == 0:  # trade seen from one side only: nothing to allocate
            continue
        target = TRADE_TOTALS[total](o, m) if tradable[i] else min(o, m)
        a = scale_capped(origin[:, i], cap[:, i], target)
        b = scale_capped(absorbed[:, i], room[:, i], target)
        met = min(a.sum(), b.sum())  # below the target where the caps bind
        supply[:, i], demand[:, i] = a * met / a.sum(), b * met / b.sum()
    return TradeMarginals(supply, demand, through)


def estimate_trade(supply: np.ndarray, demand: np.ndarray, distance: np.ndarray,
                   betas: np.ndarray,
                   regions: Sequence[str] | None = None) -> tuple[np.ndarray, list[int]]:
    """Trade ``t[i, r, s]`` (n, m, m) from origin r to destination s per product, with
    ``sum_s t[i, r, s] = supply[r, i]`` and ``sum_r t[i, r, s] = demand[s, i]``; and the
    RAS iterations per product. ``betas`` (n,) is each product's distance decay. Errors name
    the product and region."""
    m, n = supply.shape
    trade = np.zeros((n, m, m))
    iterations = []
    for i in range(n):
        seed = gravity_seed(supply[:, i], demand[:, i], distance, float(betas[i]))
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


def balance_error(inflow: np.ndarray, outflow: np.ndarray,
                  marginals: TradeMarginals) -> np.ndarray:
    """(m, n) the part of each region's reported net trade the MRIO does not place,
    ``(outflow - inflow) - (a - b)``; kept as the region's balance error, it keeps the row
    summing to its gross output."""
    return (outflow - inflow) - (marginals.supply - marginals.demand)
