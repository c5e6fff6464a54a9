"""Regions: one region-year's indicators by sector, its rank among regions, the change to
another year and a scorecard of the mechanisms its indicators measure."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import kgraph
import store
import ui
from i18n import header, language, t

st.title(t("Regions"))
ui.require_warehouse()
ui.require_tables("values")

cols = st.columns(3)
with cols[0]:
    dataset = ui.pick_dataset("regions_dataset")
with cols[1]:
    year = ui.pick_year(dataset, "regions_year")
with cols[2]:
    # every region of the dataset is offered, so the choice survives a change of year
    region = ui.pick_region(dataset, None, "regions_region")
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
if here.empty:
    held = store.query("select string_agg(distinct rule, ', ' order by rule) as rules "
                       "from quarantine where dataset = ? and region = ? and year = ?",
                       (dataset, region, year)) if ui.has_table("quarantine") else None
    rules = ("; ".join(t("{rule}: {meaning}").format(rule=rule, meaning=ui.rule_text(rule))
                       for rule in held["rules"][0].split(", "))
             if held is not None and held["rules"][0] else t("no rows"))
    st.warning(t("{place} is not built in {year}: it was quarantined ({rules}). Pick "
                 "another year, or another region.").format(place=place, year=year,
                                                            rules=rules))
    st.stop()
single = ui.single_region_note(dataset)
st.subheader(t("Indicators of {place} in {year} by sector").format(place=place, year=year))
ui.table(here.drop(columns="region").set_index("label"), dataset=dataset)
sql, params = ui.region_sector_sql(available[indicator], [indicator], dataset, year, region)
unit = ui.indicator_unit(indicator, dataset)
ui.ranked_bars(here, indicator, "label", header(indicator, unit),
               t("{label} of each sector of {place} in {year}, largest first (unit: {unit}).")
               .format(label=ui.indicator_label(indicator), place=place, year=year, unit=unit),
               heading=f"{place} · {ui.indicator_label(indicator)} · {year}", unit=unit,
               dataset=dataset,
               tooltip=[alt.Tooltip("label:N", title=t("Sector")),
                        alt.Tooltip(f"{indicator}:Q", title=header(indicator, unit),
                                    format=".4g")])
ui.data_actions(here[["region", "sector", "label", indicator]], sql, params,
                f"regions_{dataset}_{region}_{year}_{indicator}")

st.subheader(t("Change between years"))
other_years = [y for y in store.years(dataset) if y != year]
if not other_years:
    st.write(t("{dataset} has only one year.").format(dataset=dataset))
else:
    base = ui.select("Compared with", other_years, "regions_base_year")
    before = wide(dataset, base, region)[["sector", indicator]]
    change = here[["sector", "label", indicator]].merge(
        before, on="sector", how="inner", suffixes=("", "_base"))
    change["change_pct"] = (change[indicator] / change[f"{indicator}_base"] - 1) * 100
    if change.empty:
        st.write(t("{place} has no values in {base}.").format(place=place, base=base))
    else:
        change["fell"] = change["change_pct"] < 0
        ui.ranked_bars(
            change, "change_pct", "label", t("Change of {indicator} (%)").format(
                indicator=indicator),
            t("Percent change of {label} per sector of {place} from {base} to {year}; falls "
              "in red.").format(label=ui.indicator_label(indicator), place=place, base=base,
                                year=year), highlight="fell",
            tooltip=[alt.Tooltip("label:N", title=t("Sector")),
                     alt.Tooltip(f"{indicator}_base:Q", title=f"{indicator} ({base})",
                                 format=".4g"),
                     alt.Tooltip(f"{indicator}:Q", title=f"{indicator} ({year})", format=".4g"),
                     alt.Tooltip("change_pct:Q", title=header("change_pct", "%"),
                                 format=".1f")],
            heading=f"{place} · {t('Change of {indicator} (%)').format(indicator=indicator)}"
                    f" · {base}-{year}", unit="%", dataset=dataset)
        column, mart = store.quote(indicator), store.quote(available[indicator])
        sql = (f"select n.sector, b.{column} as {store.quote(indicator + '_base')}, "
               f"n.{column}, (n.{column} / b.{column} - 1) * 100 as change_pct "
               f"from {mart} n join {mart} b using (dataset, region, sector) "
               "where n.dataset = ? and n.region = ? and n.year = ? and b.year = ? "
               "order by n.sector")
        params = (dataset, region, year, base)
        ui.data_actions(change.drop(columns="fell"), sql, params,
                        f"regions_change_{dataset}_{region}_{base}_{year}_{indicator}")

if single:
    st.stop()
st.subheader(t("Rank among regions"))
every = wide(dataset, year, None)
means = every.drop(columns="sector").groupby("region").mean()
percentile = percentiles(means)
n_regions = len(means)
rank = pd.DataFrame({
    "indicator": means.columns,
    "sector_mean": means.loc[region].to_numpy(),
    "unit": [ui.indicator_unit(i, dataset) for i in means.columns],
    "rank": means.rank(ascending=False, method="min").loc[region].to_numpy(),
    "of_regions": means.count().to_numpy(),
    "percentile": percentile.loc[region].to_numpy(),
})
ui.table(rank, units={"rank": t("1 = highest"), "percentile": "%"}, hide_index=True)
st.caption(t("Each indicator averaged over the sectors of every region of {dataset} in {year} "
             "({n} region{s}); the rank and percentile place {place} among them.").format(
    dataset=dataset, year=year, n=n_regions, s="s" * (n_regions != 1), place=place))

st.subheader(t("Mechanism scorecard"))
catalogue = kgraph.indicator_catalogue().set_index("id")
links = kgraph.mechanism_indicators().drop_duplicates(["mechanism", "indicator"])
links = links[links["indicator"].isin(percentile.columns)].copy()
links["direction"] = links["indicator"].map(catalogue["direction"]).fillna("none")
# a lower value of a 'lower' indicator (lambda) is more of its mechanism; sizes and
# compositions ('none') rank nothing and stay out
links = links[links["direction"] != "none"]
links["percentile"] = links["indicator"].map(percentile.loc[region])
links.loc[links["direction"] == "lower", "percentile"] = 100 - links["percentile"]
# transforms of one quantity (tlp, lambda, tlpr) count once: their mean first
links["quantity"] = links["indicator"].map(lambda i: ui.QUANTITY.get(i, i))
label_column = "mechanism_label_zh" if language() == "zh" else "mechanism_label"
quantities = (links.groupby(["mechanism", label_column, "quantity"], as_index=False)
              .agg(percentile=("percentile", "mean"),
                   indicators=("indicator", lambda ids: "/".join(sorted(ids)))))
scorecard = (quantities.groupby(["mechanism", label_column], as_index=False)
             .agg(percentile=("percentile", "mean"), count=("quantity", "size"),
                  indicators=("indicators", lambda ids: ", ".join(sorted(ids))))
             .rename(columns={label_column: "mechanism_label"}))
# the count first: a long mechanism label is cut at the axis, its count stays
scorecard["bar"] = [f"(n = {n}) {name}" for name, n in
                    zip(scorecard["mechanism_label"], scorecard["count"], strict=True)]
if n_regions < 2:
    st.write(t("{dataset} has a single region in {year}: there is nothing to rank it against.")
             .format(dataset=dataset, year=year))
else:
    ui.ranked_bars(
        scorecard, "percentile", "bar", t("Mean percentile among regions"),
        t("For each mechanism, the mean percentile of {place} among the regions of {dataset} "
          "in {year} over the quantities that measure it (sector means; 100 = strongest; n = "
          "how many). Transforms of one quantity count once (tlp, lambda and tlpr; a digital "
          "share and its ratio). Each indicator counts in its catalogued direction: for a "
          "'lower' one (lambda) the lowest value ranks highest; sizes and compositions (c, v, "
          "occ, pp: direction none) are left out.").format(place=place, dataset=dataset,
                                                             year=year),
        tooltip=[alt.Tooltip("mechanism_label:N", title=header("mechanism_label")),
                 alt.Tooltip("percentile:Q", format=".0f", title=header("percentile")),
                 alt.Tooltip("count:Q", title=header("count")),
                 alt.Tooltip("indicators:N", title=header("indicators"))],
        heading=f"{place} · {t('Mechanism scorecard')} · {year}", unit=t("percentile"),
        dataset=dataset)
    ui.table(scorecard.drop(columns="bar"), units={"percentile": "%"}, hide_index=True)
