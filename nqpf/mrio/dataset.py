"""A canonical multi-regional dataset from a canonical single-region one (``nqpf mrio``).

The source holds, per year, one table per region whose flows run within the region and whose
final demand has ``outflow`` (to the other regions) and ``inflow`` (minus supply from them).
The result has the same regions, sectors, value added, output and labour; its flows and local
final demand are split by origin region (:mod:`nqpf.mrio.assemble`), ``outflow`` and ``inflow``
are replaced by the estimated trade, ``other`` stays the source's discrepancy, and the new
category ``balance_error`` takes the part of the reported trade that the MRIO cannot place (so
every row still sums to gross output). Regions that report no domestic trade have it split
from their exports first (:mod:`nqpf.mrio.lumped`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from nqpf.contract import CanonicalDataset, ContractError
from nqpf.mrio.assemble import (
    TradeMarginals,
    balance_error,
    estimate_trade,
    origin_shares,
    split_by_origin,
    trade_marginals,
)
from nqpf.mrio.distance import CN_CAPITALS, region_distances
from nqpf.mrio.lumped import lumped_regions, split_lumped
from nqpf.mrio.ras import MarginalsError
from nqpf.mrio.tradability import DEFAULT_BETAS, ProductClasses, product_classes

#: Final-demand categories that are not a region's own use: they stay with the region.
STAY_HOME = ("exports", "other")
TRADE = ("outflow", "inflow")
#: The category that keeps each region's reported trade the MRIO does not place.
BALANCE = "balance_error"


@dataclass(frozen=True)
class YearTables:
    """One year of a single-region dataset as arrays: regions (m), sectors (n), gross
    output ``x[s, i]``, flows ``Z[s, i, j]`` (m, n, n), local final demand ``F[s, i, c]``
    over ``local`` categories, and ``extra[name][s, i]`` for exports, other, outflow and
    inflow (inflow as a positive number); all in ``unit``, the dataset's monetary unit."""

    year: int
    regions: list[str]
    sectors: list[str]
    x: np.ndarray
    Z: np.ndarray
    F: np.ndarray
    local: list[str]
    extra: dict[str, np.ndarray]
    unit: str

    @property
    def use(self) -> np.ndarray:
        """(m, n) local use of each product: intermediate plus local final use."""
        return self.Z.sum(axis=2) + self.F.sum(axis=2)


def _index(values: pd.Series, labels: list[str]) -> np.ndarray:
    return values.map({c: k for k, c in enumerate(labels)}).to_numpy()


def year_tables(ds: CanonicalDataset, year: int) -> YearTables:
    """The arrays of one year of ``ds`` (regions and sectors from its gross output)."""
    go = ds.tables["gross_output"]
    go = go[go["year"] == year]
    regions = sorted(go["region"].astype(str).unique())
    sectors = sorted(go["sector"].astype(str).unique())
    m, n = len(regions), len(sectors)
    x = np.zeros((m, n))
    np.add.at(x, (_index(go["region"], regions), _index(go["sector"], sectors)),
              go["value"].to_numpy(float))
    f = ds.tables["flows"]
    f = f[f["year"] == year]
    Z = np.zeros((m, n, n))
    np.add.at(Z, (_index(f["to_region"], regions), _index(f["from_sector"], sectors),
                  _index(f["to_sector"], sectors)), f["value"].to_numpy(float))
    fd = ds.tables["final_demand"]
    fd = fd[fd["year"] == year]
    local = sorted(set(fd["category"]) - set(STAY_HOME) - set(TRADE))
    F = np.zeros((m, n, len(local)))
    own = fd[fd["category"].isin(local)]
    np.add.at(F, (_index(own["to_region"], regions), _index(own["from_sector"], sectors),
                  _index(own["category"], local)), own["value"].to_numpy(float))
    extra = {}
    for category in (*STAY_HOME, *TRADE):
        rows = fd[fd["category"] == category]
        a = np.zeros((m, n))
        np.add.at(a, (_index(rows["from_region"], regions), _index(rows["from_sector"], sectors)),
                  rows["value"].to_numpy(float))
        extra[category] = -a if category == "inflow" else a
    return YearTables(year, regions, sectors, x, Z, F, local, extra,
                      str(ds.metadata.get("monetary_unit", "")))


def _check_source(ds: CanonicalDataset) -> None:
    if ds.metadata.get("mrio"):
        raise ContractError(f"dataset {ds.name!r} is already multi-regional (metadata mrio)")
    f = ds.tables["flows"]
    between = f[f["from_region"] != f["to_region"]]
    if len(between):
        row = between.iloc[0]
        raise ContractError(f"dataset {ds.name!r}, table flows: a flow from {row.from_region} "
                            f"to {row.to_region} ({row.year}); a single-region dataset has "
                            "flows within regions only (rule: not_single_region)")
    categories = set(ds.tables["final_demand"]["category"])
    if not set(TRADE) <= categories:
        raise ContractError(f"dataset {ds.name!r}, table final_demand: no "
                            f"{' / '.join(sorted(set(TRADE) - categories))} category; the "
                            "trade between regions is estimated from them (rule: no_trade)")


def _long(values: np.ndarray, axes: list[tuple[str, list[str]]], year: int) -> pd.DataFrame:
    """Non-zero cells of ``values`` as a long frame with one column per labelled axis."""
    hits = np.nonzero(values)
    frame = {"year": year}
    for (name, labels), idx in zip(axes, hits, strict=True):
        # taken in Arrow: millions of Python strings would dominate the run time
        frame[name] = pd.arrays.ArrowStringArray(pa.array(labels).take(pa.array(idx)))
    frame["value"] = values[hits]
    return pd.DataFrame(frame)


@dataclass(frozen=True)
class YearMrio:
    """One year of the MRIO in canonical long form, and a line on its trade."""

    flows: pd.DataFrame
    final_demand: pd.DataFrame
    note: str


def mrio_year(t: YearTables, distance: np.ndarray, classes: ProductClasses,
              betas: dict[str, float], total: str) -> YearMrio:
    """The MRIO flows and final demand of one year (module docstring of assemble)."""
    use = t.use
    lumped = lumped_regions(t.x, t.extra["inflow"], t.extra["outflow"])
    exports, inflow, outflow = split_lumped(lumped, use, t.extra["exports"],
                                            t.extra["inflow"], t.extra["outflow"])
    marginals = trade_marginals(t.x, use, exports, inflow, outflow, classes.tradable, total)
    try:
        trade, iterations = estimate_trade(marginals.supply, marginals.demand, distance,
                                           classes.betas(betas), t.regions)
    except MarginalsError as exc:
        raise MarginalsError(f"year {t.year}: {exc}") from exc
    shares = origin_shares(trade, use)
    r_, s_, i_ = ("from_region", t.regions), ("to_region", t.regions), ("from_sector", t.sectors)
    flows = _long(split_by_origin(t.Z, shares), [r_, s_, i_, ("to_sector", t.sectors)], t.year)
    stay = {"exports": exports, "other": t.extra["other"],
            BALANCE: balance_error(inflow, outflow, marginals)}
    home = np.zeros((len(t.regions), len(t.regions), len(t.sectors), len(stay)))
    diagonal = np.arange(len(t.regions))
    for k, values in enumerate(stay.values()):
        home[diagonal, diagonal, :, k] = values
    final = pd.concat([
        _long(split_by_origin(t.F, shares), [r_, s_, i_, ("category", t.local)], t.year),
        _long(home, [r_, s_, i_, ("category", list(stay))], t.year),
    ], ignore_index=True)
    return YearMrio(flows, final, trade_note(t, lumped, marginals, stay[BALANCE], classes,
                                             max(iterations)))


def trade_note(t: YearTables, lumped: np.ndarray, marginals: TradeMarginals,
               error: np.ndarray, classes: ProductClasses, iterations: int) -> str:
    """One line on a year's trade: what was reported, placed, passed through and left as
    balance error, what non-tradables still ship, and the regions whose trade was split."""
    output = t.x.sum()
    reported = np.clip(t.extra["outflow"], 0, None).sum()
    placed = marginals.supply.sum()
    local = ~classes.tradable
    local_share = (marginals.supply[:, local].sum() / t.x[:, local].sum()
                   if local.any() else 0.0)
    split = [r for r, hit in zip(t.regions, lumped, strict=True) if hit]
    return (f"{t.year} ({t.unit}): reported outflow {reported:.6g} ({reported / output:.1%} of "
            f"output), inflow {np.clip(t.extra['inflow'], 0, None).sum():.6g}; placed between "
            f"regions {placed:.6g}; re-exports of inflows and netted cross-hauling "
            f"{marginals.through.sum():.6g}; balance error {np.abs(error).sum():.6g} in "
            f"absolute value ({np.abs(error).sum() / output:.2%} of output; source "
            f"discrepancy 'other' {np.abs(t.extra['other']).sum() / output:.2%}); "
            f"non-tradables ship {local_share:.2%} of their output to other regions"
            + (f"; no domestic trade reported, split from exports: {', '.join(split)}"
               if split else "")
            + f"; RAS converged in at most {iterations} iterations per product.")


def mrio_dataset(ds: CanonicalDataset, *, name: str | None = None,
                 betas: dict[str, float] | None = None, total: str = "larger",
                 distances: Path = CN_CAPITALS) -> CanonicalDataset:
    """The multi-regional dataset built from the single-region dataset ``ds``.

    ``betas`` is the distance decay of each product group (default
    :data:`~nqpf.mrio.tradability.DEFAULT_BETAS`), ``total`` the trade total of tradable
    products (:data:`~nqpf.mrio.assemble.TRADE_TOTALS`), ``distances`` a CSV of region, latitude,
    longitude. Tables other than flows and final demand are carried over unchanged.
    """
    _check_source(ds)
    betas = {**DEFAULT_BETAS, **(betas or {})}
    flows, final, notes, unlisted = [], [], [], set()
    for year in sorted(int(y) for y in ds.tables["gross_output"]["year"].unique()):
        t = year_tables(ds, year)
        classes = product_classes(ds.scheme_for(year), t.sectors)
        unlisted.update(classes.unlisted)
        built = mrio_year(t, region_distances(t.regions, distances), classes, betas, total)
        flows.append(built.flows)
        final.append(built.final_demand)
        notes.append(built.note)
        print(f"  mrio {ds.name} {built.note}", file=sys.stderr, flush=True)
    decay = ", ".join(f"{g} {b:g}" for g, b in betas.items())
    meta = dict(ds.metadata)
    meta.update(
        dataset=name or f"{ds.name}_mrio",
        title=f"{meta['title']}, multi-regional (gravity and RAS)",
        mrio=True,
        notes=[
            f"Multi-regional table estimated from the single-region dataset {ds.name}: trade "
            f"between regions by a gravity model (distance decay by product group: {decay}; "
            f"great-circle distances between the capitals in {distances.name}) balanced by "
            f"RAS to each region's origin supply and absorbed inflow (trade total: {total}); "
            "outflow above what a "
            "region can produce for others is re-export of its inflows; non-tradable "
            "products (seed sector_tradability) trade net positions only; each region's use "
            "split by origin with the trade shares. The reported trade the estimate does not "
            "place is in final demand 'balance_error'.",
            *notes,
            *([f"Sectors without a row in sector_tradability, treated as tradable goods: "
               f"{', '.join(sorted(unlisted))}."] if unlisted else []),
            *[n for n in meta.get("notes", []) if not str(n).startswith("Not an MRIO")],
        ],
        mrio_construction={"source": ds.name, "betas": betas, "trade_total": total,
                           "distances": distances.name},
    )
    tables = dict(ds.tables)
    tables["flows"] = pd.concat(flows, ignore_index=True)
    tables["final_demand"] = pd.concat(final, ignore_index=True)
    return CanonicalDataset(meta, tables)
