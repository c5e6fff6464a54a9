"""Compare: two or more regions side by side for one indicator across sectors, and the same
regions over all their years. One dataset at a time, so one currency on every axis."""

from __future__ import annotations

import altair as alt
import streamlit as st

import store
import ui
from i18n import header, t

st.title(t("Compare"))
ui.require_warehouse()
ui.require_tables("values")
dataset, year, _, indicator, mart = ui.pick_indicator_view("compare", sector=False)
names = ui.region_names(dataset)
chosen = ui.multiselect("Regions compared", list(names), "compare_regions",
                        default=list(names)[:2], format_func=names.__getitem__)
if ui.single_region_note(dataset) or not chosen:
    st.stop()

label, unit = ui.indicator_label(indicator), ui.indicator_unit(indicator, dataset)
money = store.query('select any_value(monetary_unit) as u from "values" where dataset = ?',
                    (dataset,))["u"][0]
axis = f"{label} [{unit}]" if unit else label
mart = store.quote(mart)
column = store.quote(indicator)

st.subheader(t("{indicator} across sectors").format(indicator=label))
sql = (f"select region, sector, {column} from {mart} where dataset = ? and year = ? "
       f"and list_contains(?, region) order by sector, region")
params = (dataset, year, chosen)
across = store.query(sql, params)
# every sector of the mart gets its own bar under its own name: sectors without labour values
# (non-productive ones) still have digital inputs and agglomeration
sectors = ui.classification(dataset)[["sector", "label"]]
across = across.merge(sectors, on="sector", how="left")
across["label"] = across["label"].fillna(across["sector"])
across["region_name"] = across["region"].map(names)
ui.chart(
    alt.Chart(across).mark_bar().encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X(f"{indicator}:Q", title=axis),
        yOffset="region_name:N",
        color=alt.Color("region_name:N", title=t("Region")),
        tooltip=[alt.Tooltip("region_name:N", title=t("Region")),
                 alt.Tooltip("label:N", title=t("Sector")),
                 alt.Tooltip(f"{indicator}:Q", title=axis, format=".4g")]),
    t("{label} of every sector of the chosen regions of {dataset} in {year}, side by side; "
      "money amounts in {money}.").format(label=label, dataset=dataset, year=year, money=money),
    t("{indicator} across sectors").format(indicator=label) + f", {year}", unit, dataset)
ui.data_actions(across[["region", "sector", "label", indicator]], sql, params,
                f"compare_{dataset}_{year}_{indicator}")

st.subheader(t("{place} over the years").format(place=", ".join(names[r] for r in chosen)))
sql = (f"select region, year, avg({column}) as sector_mean, count({column}) as sectors "
       f"from {mart} where dataset = ? and list_contains(?, region) group by region, year "
       "order by region, year")
params = (dataset, chosen)
years = store.query(sql, params)
years["region_name"] = years["region"].map(names)
ui.chart(
    alt.Chart(years).mark_line(point=True).encode(
        x=alt.X("year:O", title=t("Year")),
        y=alt.Y("sector_mean:Q",
                title=t("mean {indicator} [{unit}]").format(indicator=indicator, unit=unit)),
        color=alt.Color("region_name:N", title=t("Region")),
        tooltip=[alt.Tooltip("region_name:N", title=t("Region")),
                 alt.Tooltip("year:O", title=t("Year")),
                 alt.Tooltip("sector_mean:Q", title=header("sector_mean", unit), format=".4g"),
                 alt.Tooltip("sectors:Q", title=header("sectors"))]),
    t("Mean of {label} over the sectors of each chosen region of {dataset}, in every year the "
      "region was built (a quarantined year is a gap); money in {money}.")
    .format(label=label, dataset=dataset, money=money),
    t("{place} over the years").format(place=label), unit, dataset)
ui.data_actions(years.drop(columns="region_name"), sql, params,
                f"compare_years_{dataset}_{indicator}")
