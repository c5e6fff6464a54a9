"""Network: the strongest supplier links of one region-sector and its output-weighted
productivity of suppliers (otlp)."""

from __future__ import annotations

import altair as alt
import streamlit as st

import store
import ui
from i18n import header, t

st.title(t("Network"))
st.write(t("Who supplies a region-sector, weighted by the direct input coefficient at prices "
           "of production, and the mean total labour productivity of those suppliers (otlp)."))
ui.require_warehouse()
ui.require_tables("values", "network", "network_links")

(dataset, year, region, sector), (links_column,) = ui.pick_region_sector("network", extra=1)
# the mart keeps the top_suppliers strongest links of each region-sector (a build var)
kept = int(store.query("select coalesce(max(rank), 0) as n from network_links "
                       "where dataset = ?", (dataset,))["n"][0])
with links_column:
    top = ui.select("Links shown", list(range(1, kept + 1)) or [0], "network_top",
                    index=max(kept - 1, 0))
# suppliers include sectors without values of their own (non-productive ones), so the names
# come from the whole classification
names = ui.classification(dataset)
sector_label = ui.sector_label(dataset, sector)
place = ui.region_label(dataset, region)

node = store.query("select otlp, fallback from network "
                   "where dataset = ? and year = ? and region = ? and sector = ?",
                   (dataset, year, region, sector))
ui.require_rows(node, f"{sector_label} of {place} in {year} in `network`")
own = store.query('select tlp from "values" '
                  "where dataset = ? and year = ? and region = ? and sector = ?",
                  (dataset, year, region, sector))
cols = st.columns(2)
cols[0].metric(t("otlp (suppliers' mean tlp)"), f"{node['otlp'][0]:.6g}")
if not own.empty:
    cols[1].metric(t("tlp of the sector itself"), f"{own['tlp'][0]:.6g}")
if bool(node["fallback"][0]):
    st.caption(t("This dataset has no trade between regions, so the suppliers are the "
                 "region's own sectors."))

sql = ("select supplier_region, supplier_sector, weight, rank from network_links "
       "where dataset = ? and year = ? and region = ? and sector = ? and rank <= ? "
       "order by rank")
params = (dataset, year, region, sector, int(top))
links = store.query(sql, params)
ui.require_rows(links, f"supplier links of {sector_label} of {place} in {year}")
links = links.merge(names[["sector", "name"]].rename(columns={"sector": "supplier_sector"}),
                    on="supplier_sector", how="left")
links["name"] = links["name"].fillna(links["supplier_sector"])
# suppliers named in the chosen language: region, then sector
regions = ui.region_names(dataset)
links["region_name"] = links["supplier_region"].map(regions).fillna(links["supplier_region"])
links["supplier"] = (links["region_name"] + " · " + links["supplier_sector"] + " "
                     + links["name"])
title = t("Strongest suppliers of {sector} in {place}, {year}").format(
    sector=sector_label, place=place, year=year)
st.subheader(title)
ui.ranked_bars(
    links, "weight", "supplier", t("Direct input coefficient at prices of production"),
    t("The {n} largest supplier links of {sector} in {place} in {year}: input per unit of the "
      "sector's output at prices of production (the weights of otlp). The warehouse keeps the "
      "{kept} strongest per region-sector (dbt var top_suppliers).").format(
        n=len(links), sector=sector_label, place=place, year=year, kept=kept),
    tooltip=[alt.Tooltip("rank:Q", title=header("rank")),
             alt.Tooltip("supplier:N", title=header("supplier")),
             alt.Tooltip("weight:Q", title=header("weight"), format=".4g")],
    heading=title, unit=t("per unit of output"), dataset=dataset)
ui.data_actions(links[["rank", "supplier_region", "supplier_sector", "name", "weight"]], sql,
                params, f"network_{dataset}_{region}_{sector}_{year}")
ui.table(links[["rank", "supplier_region", "supplier_sector", "supplier", "name", "weight"]],
         units={"weight": t("per unit of output")}, hide_index=True)
