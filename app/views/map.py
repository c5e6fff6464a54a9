"""Map: a choropleth of one indicator by province (or city) for a dataset, year and sector,
drawn offline from the official boundaries; regions without data are grey, not zero."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import store
import ui
from i18n import pick_name, t
from nqpf import maps

#: colour of the regions without data
MISSING = "#d9d9d9"


@st.cache_data(show_spinner="Reading the boundaries ...")
def features(adcodes: tuple[str, ...]) -> list[dict]:
    """GeoJSON features of every province and, for city codes, of those cities."""
    cities = tuple(code for code in adcodes if not code.endswith("0000"))
    return [{"type": "Feature", "geometry": b.geometry, "properties": {"adcode": b.adcode}}
            for b in (*maps.provinces(), *maps.cities(cities))]


st.title(t("Map"))
ui.require_warehouse()
ui.require_tables("values")
dataset, year, sector, indicator, mart = ui.pick_indicator_view("map")

regions = store.regions(dataset)
regions["adcode"] = [maps.adcode(code) for code in regions["region"]]
regions = regions[regions["adcode"].notna()]
if regions.empty:
    st.info(t("The map shows Chinese provinces and cities; {dataset} has no region with a "
              "Chinese administrative code.").format(dataset=dataset))
    st.stop()
ui.single_region_note(dataset)

sql, params = ui.region_sector_sql(mart, [indicator], dataset, year)
sql, params = sql + " and sector = ?", (*params, sector)
values = store.query(sql, params)
shown = regions.merge(values[["region", indicator]], on="region", how="left")
shown["name"] = [pick_name(en, zh) or code for code, en, zh in
                 zip(shown["region"], shown["name_en"], shown["name_zh"], strict=True)]
by_code = shown.set_index("adcode")
drawn = features(tuple(regions["adcode"]))
for feature in drawn:
    code = feature["properties"]["adcode"]
    known = code in by_code.index
    value = by_code.at[code, indicator] if known else None
    feature["properties"].update(
        name=by_code.at[code, "name"] if known else code,
        region=by_code.at[code, "region"] if known else None,
        value=None if value is None or pd.isna(value) else float(value))
filled = [f for f in drawn if f["properties"]["value"] is not None]
# every provincial unit is drawn (the background of a city dataset), the dataset's own
# regions on top of them; those without a value stay grey
own = set(regions["adcode"])
drawn.sort(key=lambda feature: feature["properties"]["adcode"] in own)

label = ui.indicator_label(indicator)
sector_label = ui.sector_label(dataset, sector)
st.subheader(t("{indicator} by region, {year}").format(indicator=label, year=year))
projection = {"type": "conicEqualArea", "rotate": [-105, 0], "center": [0, 36],
              "parallels": [25, 47]}
base = alt.Chart(alt.Data(values=drawn)).mark_geoshape(
    fill=MISSING, stroke="white", strokeWidth=0.5).encode(
    tooltip=[alt.Tooltip("properties.name:N", title=t("Region"))],
).properties(name="missing")
colour = alt.Chart(alt.Data(values=filled)).mark_geoshape(
    stroke="white", strokeWidth=0.5).encode(
    color=alt.Color("properties.value:Q", title=indicator,
                    scale=alt.Scale(scheme="viridis")),
    tooltip=[alt.Tooltip("properties.name:N", title=t("Region")),
             alt.Tooltip("properties.region:N", title=t("code")),
             alt.Tooltip("properties.value:Q", title=indicator, format=".4g")],
).properties(name="filled")
line = alt.Chart(alt.Data(values=[{"type": "Feature", "geometry": maps.maritime_line(),
                                   "properties": {}}])).mark_geoshape(
    filled=False, stroke="#555555", strokeWidth=1)
figure = alt.layer(base, colour, line).project(**projection).properties(
    height=620, usermeta={"embedOptions": {"renderer": "svg"}})
unit = ui.indicator_unit(indicator, dataset)
ui.chart(figure, t("{label} of {sector} in each region of {dataset} in {year} ({filled} of its "
                   "{regions} regions have a value; unit: {unit}). ").format(
    label=label, sector=sector_label, dataset=dataset, year=year, filled=len(filled),
    regions=len(own), unit=unit) + t("Regions without data are drawn in grey (missing, not zero)."))
ui.data_actions(shown[["region", "name", indicator]].sort_values("region"), sql, params,
                f"map_{dataset}_{year}_{sector}_{indicator}")
