"""Flows: the inter-regional production network of a multi-regional input-output table, as
the largest flows between regions on the map, the suppliers and buyers of one region-sector
and the share of its inputs that come from other regions."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import geo
import store
import ui
from i18n import header, t
from nqpf import maps

#: intermediate flows of a dataset-year in the common sector scheme of its marts
FLOWS_SQL = """
with schemes as (select distinct dataset, year, scheme from int_region_years)
select f.from_region, coalesce(a.common_code, f.from_sector) as from_sector, f.to_region,
       coalesce(b.common_code, f.to_sector) as to_sector, sum(f.value) as value
from stg_canonical__flows f
join schemes s on s.dataset = f.dataset and s.year = f.year
left join dim_sectors a on a.scheme = s.scheme and a.sector = f.from_sector
left join dim_sectors b on b.scheme = s.scheme and b.sector = f.to_sector
where f.dataset = ? and f.year = ?{where}
group by 1, 2, 3, 4"""
#: links shown in the supplier and buyer charts
SHOWN = 15


@st.cache_data(show_spinner=False)
def centres() -> dict[str, tuple[float, float]]:
    """(longitude, latitude) of a point inside every provincial unit, by GB/T 2260 code."""
    import shapely.geometry

    points = {b.adcode: shapely.geometry.shape(b.geometry).representative_point()
              for b in maps.provinces()}
    return {code: (point.x, point.y) for code, point in points.items()}


def flows(dataset: str, year: int, where: str = "", params: tuple = ()) -> tuple[str, tuple]:
    return FLOWS_SQL.format(where=where), (dataset, year, *params)


def share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"


st.title(t("Flows"))
st.write(t("Who delivers intermediate inputs to whom in a multi-regional input-output table: "
           "the largest flows between regions, the suppliers and buyers of one region-sector "
           "and how much of its inputs come from other regions."))
ui.require_warehouse()
ui.require_tables("values", "stg_canonical__flows", "int_region_years", "dim_sectors")
(dataset, year, region, sector), _ = ui.pick_region_sector("flows")
money = store.query('select any_value(monetary_unit) as u from "values" where dataset = ?',
                    (dataset,))["u"][0]
names = ui.region_names(dataset)
sectors = ui.classification(dataset).set_index("sector")["name"]
place, sector_label = ui.region_label(dataset, region), ui.sector_label(dataset, sector)

totals_sql = ("select coalesce(sum(value) filter (where from_region <> to_region), 0) "
              "as cross_value, sum(value) as value from (" + FLOWS_SQL.format(where="") + ")")
totals = store.query(totals_sql, (dataset, year)).iloc[0]
cols = st.columns(3)
cols[0].metric(t("Inputs from another region (whole table)"),
               share(totals["cross_value"], totals["value"]))
if ui.has_table("network_links"):
    # the strongest supplier links the network indicators weigh (dbt var top_suppliers)
    links = store.query("select count(*) filter (where supplier_region <> region) as cross, "
                        "count(*) as n from network_links where dataset = ? and year = ?",
                        (dataset, year)).iloc[0]
    cols[1].metric(t("Strongest supplier links from another region"),
                   share(links["cross"], links["n"]))
if not totals["cross_value"]:
    st.info(t("{dataset} records no flows between regions in {year}: each region's inputs "
              "come from its own sectors.").format(dataset=dataset, year=year))

# the chosen region-sector: its suppliers, its buyers and the share from elsewhere
sql, params = flows(dataset, year, " and f.to_region = ?", (region,))
inputs_sql, inputs_params = (f"select * from ({sql}) where to_sector = ? order by value desc",
                             (*params, sector))
sql, params = flows(dataset, year, " and f.from_region = ?", (region,))
outputs_sql, outputs_params = (f"select * from ({sql}) where from_sector = ? "
                               "order by value desc", (*params, sector))
inputs = store.query(inputs_sql, inputs_params)
outputs = store.query(outputs_sql, outputs_params)
cols[2].metric(t("Inputs of {sector} in {place} from other regions").format(
    sector=sector_label, place=place),
    share(inputs.loc[inputs["from_region"] != region, "value"].sum(), inputs["value"].sum()))


def named(frame: pd.DataFrame, side: str) -> pd.DataFrame:
    """The ``side`` ('from' or 'to') region-sector of each flow named in the chosen language."""
    frame = frame.head(SHOWN).copy()
    frame["elsewhere"] = frame[f"{side}_region"] != region
    frame["label"] = (frame[f"{side}_region"].map(names).fillna(frame[f"{side}_region"])
                      + " · " + frame[f"{side}_sector"] + " "
                      + frame[f"{side}_sector"].map(sectors).fillna(""))
    return frame


for frame, sql, params, side, title, caption, key in (
        (inputs, inputs_sql, inputs_params, "from", t("Suppliers of {sector} in {place}, {year}"),
         t("The {n} largest intermediate inputs into {sector} of {place} in {year} by supplying "
           "region-sector; other regions in red (money in {money})."), "suppliers"),
        (outputs, outputs_sql, outputs_params, "to", t("Buyers of {sector} in {place}, {year}"),
         t("The {n} largest intermediate deliveries of {sector} of {place} in {year} by buying "
           "region-sector; other regions in red (money in {money})."), "buyers")):
    title = title.format(sector=sector_label, place=place, year=year)
    st.subheader(title)
    shown = named(frame, side)
    if shown.empty:
        st.write(t("No flows recorded."))
        continue
    ui.ranked_bars(
        shown, "value", "label", header("value", money),
        caption.format(n=len(shown), sector=sector_label, place=place, year=year, money=money),
        highlight="elsewhere", heading=title, unit=money, dataset=dataset,
        tooltip=[alt.Tooltip("label:N", title=header(key[:-1])),
                 alt.Tooltip("value:Q", title=header("value", money), format=",.0f")])
    ui.data_actions(shown.drop(columns=["elsewhere", "label"]), f"{sql} limit {SHOWN}", params,
                    f"flows_{key}_{dataset}_{year}_{region}_{sector}")

# the largest flows between regions on the map
pairs_sql = ("select from_region, to_region, sum(value) as value from ("
             + FLOWS_SQL.format(where=" and f.from_region <> f.to_region")
             + ") group by 1, 2 order by value desc")
pairs = store.query(pairs_sql, (dataset, year))
if pairs.empty:
    st.stop()
st.subheader(t("Largest flows between regions, {year}").format(year=year))
count = ui.select("Flows shown", [10, 20, 30, 50, 100], "flows_top", index=2)
top = pairs.head(int(count)).copy()
where = centres()
ends = {code: where.get(maps.adcode(code) or "") for code in {*top["from_region"],
                                                              *top["to_region"]}}
top = top[top["from_region"].map(ends).notna() & top["to_region"].map(ends).notna()]
if top.empty:
    st.info(t("The map shows Chinese provinces and cities; {dataset} has no region with a "
              "Chinese administrative code.").format(dataset=dataset))
    st.stop()
top["from_name"] = top["from_region"].map(names).fillna(top["from_region"])
top["to_name"] = top["to_region"].map(names).fillna(top["to_region"])
top[["lon", "lat"]] = top["from_region"].map(ends).tolist()
top[["lon2", "lat2"]] = top["to_region"].map(ends).tolist()
land = alt.Chart(alt.Data(values=[
    {"type": "Feature", "geometry": b.geometry, "properties": {}}
    for b in maps.provinces()])).mark_geoshape(fill="#eeeeee", stroke="white",
                                               strokeWidth=0.5)
flow_title = header("value", money)
lines = alt.Chart(top).mark_rule(opacity=0.6, color="#d62728").encode(
    longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q",
    strokeWidth=alt.StrokeWidth("value:Q", title=flow_title, scale=alt.Scale(range=[0.5, 8])),
    tooltip=[alt.Tooltip("from_name:N", title=header("supplier")),
             alt.Tooltip("to_name:N", title=header("buyer")),
             alt.Tooltip("value:Q", title=flow_title, format=",.0f")])
ends_frame = pd.DataFrame([{"lon": point[0], "lat": point[1], "name": names.get(code, code)}
                           for code, point in ends.items() if point is not None])
dots = alt.Chart(ends_frame).mark_circle(color="#333333", size=18).encode(
    longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title=t("Region"))])
ui.chart(
    geo.china(land, lines, dots, height=560),
    t("The {n} largest flows of intermediate inputs between two regions of {dataset} in "
      "{year} (all sectors summed; a line joins supplier and buyer, thicker for more; money "
      "in {money}).").format(n=len(top), dataset=dataset, year=year, money=money),
    t("Largest flows between regions, {year}").format(year=year), money, dataset)
ui.data_actions(top[["from_region", "to_region", "value"]], f"{pairs_sql} limit {len(top)}",
                (dataset, year),
                f"flows_{dataset}_{year}")
