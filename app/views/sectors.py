"""Sectors: one sector's indicator across regions, and its labour value against its price of
production and market price."""

from __future__ import annotations

import altair as alt
import streamlit as st

import store
import ui
from i18n import header, t

st.title(t("Sectors"))
ui.require_warehouse()
ui.require_tables("values")

dataset, year, sector, indicator, mart = ui.pick_indicator_view("sectors")
sector_label = ui.sector_label(dataset, sector)

st.subheader(t("{sector}: {indicator} across regions in {year}").format(
    sector=sector_label, indicator=indicator, year=year))
sql, params = ui.region_sector_sql(mart, [indicator], dataset, year, sector=sector)
across = store.query(sql, params)
across["label"] = across["region"].map(ui.region_names(dataset)).fillna(across["region"])
if across.empty:
    st.info(t("No region has `{indicator}` for this sector in {year}.").format(
        indicator=indicator, year=year))
elif not ui.single_region_note(dataset):
    unit = ui.indicator_unit(indicator, dataset)
    ui.ranked_bars(
        across, indicator, "label", header(indicator, unit),
        t("{label} of {sector} in every region of {dataset} in {year}, sorted from highest to "
          "lowest (unit: {unit}).").format(label=ui.indicator_label(indicator),
                                           sector=sector_label, dataset=dataset, year=year,
                                           unit=unit),
        tooltip=[alt.Tooltip("label:N", title=t("Region")),
                 alt.Tooltip(f"{indicator}:Q", title=header(indicator, unit), format=".4g")],
        heading=f"{sector_label} · {ui.indicator_label(indicator)} · {year}", unit=unit,
        dataset=dataset)
    ui.data_actions(across[["region", "label", "sector", indicator]], sql, params,
                    f"sectors_{dataset}_{sector}_{year}_{indicator}")
    ui.table(across[["region", "label", indicator]].sort_values(indicator, ascending=False),
             dataset=dataset, hide_index=True)

st.subheader(t("Values and prices"))
ui.require_tables("prices")
prices = store.query(
    'select year, economy, sector, "lambda" as labour_value, production_price, market_price, '
    "price_value_ratio from prices where dataset = ? order by year, economy, sector", (dataset,))
ui.require_rows(prices, f"prices of {dataset}")
own = prices[prices["sector"] == sector]
hours = ui.indicator_unit("lambda", dataset)
ui.table(own.drop(columns="sector"), units={"labour_value": hours, "production_price": hours},
         hide_index=True)
st.caption(t("National labour value (hours per unit of output), price of production at the "
             "uniform profit rate, and market price of {sector} in each year of {dataset}; "
             "price_value_ratio = price of production / value.").format(sector=sector_label,
                                                                        dataset=dataset))
in_year = prices[(prices["year"] == year) & prices["price_value_ratio"].notna()].merge(
    ui.sector_names(dataset)[["sector", "label"]], on="sector")
# a dataset of several countries has one price system per country
in_year["label"] = in_year["label"].where(in_year["economy"] == "ALL",
                                          in_year["label"] + " (" + in_year["economy"] + ")")
in_year["chosen"] = in_year["sector"] == sector
ui.ranked_bars(
    in_year, "price_value_ratio", "label", t("Price of production / labour value"),
    t("Ratio of the price of production to the labour value of every productive sector of "
      "{dataset} in {year}; {sector} in red. Above one: the sector's price exceeds its value, "
      "so it receives value produced elsewhere.").format(dataset=dataset, year=year,
                                                          sector=sector_label),
    highlight="chosen",
    tooltip=[alt.Tooltip("label:N", title=t("Sector")),
             alt.Tooltip("labour_value:Q", title=header("labour_value", hours), format=".4g"),
             alt.Tooltip("production_price:Q", title=header("production_price", hours),
                         format=".4g"),
             alt.Tooltip("price_value_ratio:Q", title=header("price_value_ratio"),
                         format=".4g")],
    heading=f"{t('Price of production / labour value')} · {dataset} · {year}",
    unit=ui.indicator_unit("price_value_ratio", dataset), dataset=dataset)
ui.data_actions(
    in_year.drop(columns="chosen"),
    'select year, sector, "lambda" as labour_value, production_price, market_price, '
    "price_value_ratio from prices where dataset = ? and year = ? "
    "and price_value_ratio is not null order by sector", (dataset, year),
    f"sectors_prices_{dataset}_{year}")
