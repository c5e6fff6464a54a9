"""Our estimated MRIO beside a published one (``nqpf mrio compare``).

Both are canonical multi-regional datasets of the same regions: ours from ``nqpf mrio``, the
published one read from its workbook (the CEADs provincial tables). A region's purchases are
its intermediate use and its local final use (the vocabulary's ``local_use`` categories) by
origin region. Per year present in both, :func:`compare` gives

- the total trade between regions (purchases whose origin is another region);
- each region's own-region purchase share (purchases from itself over all its domestic
  purchases);
- the 20 largest region pairs of the published table, with our value and rank;
- per product, the correlation of the log trade flows between region pairs that both tables
  have (Pearson, pairs with a positive flow in both).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nqpf.contract import VOCABULARY, CanonicalDataset, ContractError, TableFile

TOP_PAIRS = 20


def _table(ds: CanonicalDataset, name: str) -> pd.DataFrame:
    """A table of ``ds`` in memory (an adapter may have streamed it to a file)."""
    table = ds.tables[name]
    return pd.read_parquet(table.path) if isinstance(table, TableFile) else table


def purchases(ds: CanonicalDataset, year: int) -> pd.DataFrame:
    """year's purchases by origin region, destination region and product (summed over users)."""
    f = _table(ds, "flows")
    fd = _table(ds, "final_demand")
    parts = [f[f["year"] == year], fd[(fd["year"] == year)
                                      & fd["category"].isin(VOCABULARY.local_uses)]]
    keys = ["from_region", "to_region", "from_sector"]
    both = pd.concat([p[[*keys, "value"]] for p in parts], ignore_index=True)
    return both.astype({k: str for k in keys}).groupby(keys, as_index=False)["value"].sum()


@dataclass(frozen=True)
class YearComparison:
    """One year of the comparison (module docstring); values in the datasets' money unit."""

    year: int
    trade: pd.Series  # total trade between regions: published, ours
    own_share: pd.DataFrame  # region -> published, ours
    top_pairs: pd.DataFrame  # from_region, to_region, published, ours, our rank
    log_correlation: pd.DataFrame  # product -> pairs, correlation

    def report(self, unit: str) -> str:
        lines = [f"year {self.year}",
                 f"  trade between regions ({unit}): published {self.trade['published']:,.6g}"
                 f", ours {self.trade['ours']:,.6g} (ours / published "
                 f"{self.trade['ours'] / self.trade['published']:.3f})",
                 "  own-region purchase share (mean published "
                 f"{self.own_share['published'].mean():.3f}, ours "
                 f"{self.own_share['ours'].mean():.3f}):",
                 _indent(self.own_share.round(3).to_string()),
                 f"  top {len(self.top_pairs)} region pairs of the published table:",
                 _indent(self.top_pairs.to_string(index=False, float_format="{:,.6g}".format)),
                 "  correlation of log flows between region pairs, by product (median "
                 f"{self.log_correlation['correlation'].median():.3f}):",
                 _indent(self.log_correlation.round(3).to_string())]
        return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _check(published: CanonicalDataset, ours: CanonicalDataset) -> list[int]:
    """The years to compare; raises ContractError naming the rule the pair breaks."""
    pair = f"{published.name} and {ours.name}"
    for ds in (published, ours):
        if not ds.metadata.get("mrio"):
            raise ContractError(f"{ds.name}: not a multi-regional table (metadata mrio is "
                                "false); compare two MRIOs (rule: not_mrio)")
    regions = [set(ds.tables["gross_output"]["region"].astype(str)) for ds in (published, ours)]
    if regions[0] != regions[1]:
        raise ContractError(
            f"{pair}: the regions differ (only in {published.name}: "
            f"{sorted(regions[0] - regions[1])}; only in {ours.name}: "
            f"{sorted(regions[1] - regions[0])}) (rule: regions_differ)")
    units = [ds.metadata.get("monetary_unit") for ds in (published, ours)]
    if units[0] != units[1]:
        raise ContractError(f"{pair}: monetary units {units[0]!r} and {units[1]!r} differ "
                            "(rule: units_differ)")
    years = sorted(set(published.tables["gross_output"]["year"].astype(int))
                   & set(ours.tables["gross_output"]["year"].astype(int)))
    if not years:
        raise ContractError(f"{pair}: no year in common (rule: no_common_year)")
    for year in years:
        schemes = [ds.scheme_for(year) for ds in (published, ours)]
        if schemes[0] != schemes[1]:
            raise ContractError(f"{pair}, {year}: sector classifications {schemes[0]} and "
                                f"{schemes[1]} differ (rule: sectors_differ)")
    return years


def compare_year(published: pd.DataFrame, ours: pd.DataFrame, year: int) -> YearComparison:
    """The comparison of one year's purchases (frames of :func:`purchases`)."""
    sides = {"published": published, "ours": ours}
    between = {k: p[p["from_region"] != p["to_region"]] for k, p in sides.items()}
    trade = pd.Series({k: float(b["value"].sum()) for k, b in between.items()})
    own_share = pd.DataFrame({
        k: p[p["from_region"] == p["to_region"]].groupby("to_region")["value"].sum()
        / p.groupby("to_region")["value"].sum() for k, p in sides.items()})
    own_share.index.name = "region"
    pairs = pd.DataFrame({k: b.groupby(["from_region", "to_region"])["value"].sum()
                          for k, b in between.items()}).fillna(0.0)
    pairs["our rank"] = pairs["ours"].rank(ascending=False, method="min").astype(int)
    top = pairs.nlargest(TOP_PAIRS, "published").reset_index()
    keys = ["from_sector", "from_region", "to_region"]
    flows = between["published"].merge(between["ours"], on=keys, suffixes=("_p", "_o"))
    flows = flows[(flows["value_p"] > 0) & (flows["value_o"] > 0)]
    logs = np.log(flows[["value_p", "value_o"]])
    correlation = logs.groupby(flows["from_sector"]).apply(
        lambda g: pd.Series({"pairs": len(g),
                             "correlation": g["value_p"].corr(g["value_o"])}))
    correlation.index.name = "product"
    return YearComparison(year, trade, own_share, top, correlation.astype({"pairs": int}))


def compare(published: CanonicalDataset, ours: CanonicalDataset,
            years: list[int] | None = None) -> list[YearComparison]:
    """The comparison per year present in both (or of ``years``)."""
    common = _check(published, ours)
    missing = sorted(set(years or []) - set(common))
    if missing:
        raise ContractError(f"{published.name} and {ours.name}: year(s) {missing} not in both "
                            f"(common: {common}) (rule: no_common_year)")
    return [compare_year(purchases(published, y), purchases(ours, y), y)
            for y in (years or common)]
