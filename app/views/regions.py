"""Regions: one region-year's indicators by sector, its rank among regions, the change to
another year and a scorecard of the mechanisms its indicators measure."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import kgraph
import store
import ui

st.title("Regions")
ui.require_warehouse()
ui.require_tables("values")

cols = st.columns(3)
with cols[0]:
    dataset = ui.pick_dataset("regions_dataset")
with cols[1]:
    year = ui.pick_year(dataset, "regions_year")
with cols[2]:
    region = ui.pick_region(dataset, year, "regions_region")
available = ui.region_indicators()
indicator = ui.pick_indicator(list(available), key="regions_indicator")
names = ui.sector_names(dataset)
place = ui.region_label(dataset, region)


def wide(dataset: str, year: int, region: str | None) -> pd.DataFrame:
    """Every built region indicator of a dataset-year by (region, sector), marts merged."""
    frames = []
    for mart in dict.fromkeys(available.values()):
        indicators = [i for i, m in available.items() if m == mart]
        frames.append(ui.region_sector_values(mart, indicators, dataset, year, region))
    merged = frames[0]
    for frame in frames[1:]:
        merged = merged.merge(frame, on=["region", "sector"], how="left")
    return merged


def percentiles(means: pd.DataFrame) -> pd.DataFrame:
    """Percentile (0 lowest, 100 highest) of every region's value per indicator column."""
    ranks = means.rank(method="average")
    return (ranks - 1) / (ranks.count() - 1).where(lambda n: n > 0) * 100


here = wide(dataset, year, region).merge(names[["sector", "label"]], on="sector", how="left")
ui.require_rows(here, f"{region} in {year}")
st.subheader(f"Indicators of {place} in {year} by sector")
st.dataframe(here.drop(columns="region").set_index("label"))
ui.ranked_bars(here, indicator, "label", ui.indicator_label(indicator),
               f"{ui.indicator_label(indicator)} of each sector of {place} in {year}, "
               "largest first.")

st.subheader("Rank among regions")
every = wide(dataset, year, None)
means = every.drop(columns="sector").groupby("region").mean()
percentile = percentiles(means)
n_regions = len(means)
rank = pd.DataFrame({
    "indicator": means.columns,
    "sector mean": means.loc[region].to_numpy(),
    "rank (1 = highest)": means.rank(ascending=False, method="min").loc[region].to_numpy(),
    "of regions": means.count().to_numpy(),
    "percentile": percentile.loc[region].to_numpy(),
})
st.dataframe(rank, hide_index=True)
st.caption(f"Each indicator averaged over the sectors of every region of {dataset} in {year} "
           f"({n_regions} region{'s' * (n_regions != 1)}); the rank and percentile place {place} "
           "among them.")

st.subheader("Change between years")
other_years = [y for y in store.years(dataset) if y != year]
if not other_years:
    st.write(f"{dataset} has only one year.")
else:
    base = st.selectbox("Compared with", other_years, key="regions_base_year")
    before = wide(dataset, base, region)[["sector", indicator]]
    change = here[["sector", "label", indicator]].merge(
        before, on="sector", how="inner", suffixes=("", "_base"))
    change["change_pct"] = (change[indicator] / change[f"{indicator}_base"] - 1) * 100
    if change.empty:
        st.write(f"{place} has no values in {base}.")
    else:
        change["fell"] = change["change_pct"] < 0
        ui.ranked_bars(
            change, "change_pct", "label", f"Change of {indicator} (%)",
            f"Percent change of {ui.indicator_label(indicator)} per sector of {place} from "
            f"{base} to {year}; falls in red.", highlight="fell",
            tooltip=["label", f"{indicator}_base:Q", f"{indicator}:Q", "change_pct:Q"])

st.subheader("Mechanism scorecard")
links = kgraph.mechanism_indicators()
links = links[links["indicator"].isin(percentile.columns)].copy()
links["percentile"] = links["indicator"].map(percentile.loc[region])
scorecard = (links.groupby(["mechanism", "mechanism_label"], as_index=False)
             .agg(percentile=("percentile", "mean"),
                  indicators=("indicator", lambda ids: ", ".join(sorted(ids)))))
if n_regions < 2:
    st.write(f"{dataset} has a single region in {year}: there is nothing to rank it against.")
else:
    ui.ranked_bars(
        scorecard, "percentile", "mechanism_label", "Mean percentile among regions",
        f"For each mechanism, the mean percentile of {place} among the regions of {dataset} "
        f"in {year} over the indicators that measure it (sector means; 100 = highest value).",
        tooltip=["mechanism_label", alt.Tooltip("percentile:Q", format=".0f"), "indicators"])
    st.dataframe(scorecard, hide_index=True)
