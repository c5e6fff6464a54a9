"""Map: a choropleth of one indicator by province (or city) for a dataset, year and sector,
drawn offline from the official boundaries; regions without data are grey, not zero."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import geo
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
dataset, year, sector, indicator, mart = ui.pick_indicator_view("map", year_slider=True)

regions = store.regions(dataset)
regions["adcode"] = [maps.adcode(code) for code in regions["region"]]
regions = regions[regions["adcode"].notna()]
if regions.empty:
    st.info(t("The map shows Chinese provinces and cities; {dataset} has no region with a "
              "Chinese administrative code.").format(dataset=dataset))
    st.stop()
ui.single_region_note(dataset)

sql, params = ui.region_sector_sql(mart, [indicator], dataset, year, sector=sector)
values = store.query(sql, params)
shown = regions.merge(values[["region", indicator]], on="region", how="left")
shown["name"] = [pick_name(en, zh) or code for code, en, zh in
                 zip(shown["region"], shown["name_en"], shown["name_zh"], strict=True)]
quarantined = (store.query("select region, string_agg(distinct rule, ', ' order by rule) as "
                           "rules from quarantine where dataset = ? and year = ? group by region",
                           (dataset, year)) if ui.has_table("quarantine") else pd.DataFrame(
    columns=["region", "rules"]))
shown = shown.merge(quarantined, on="region", how="left")
by_code = shown.set_index("adcode")
others = {f"{prefix}0000": names for prefix, names in maps.OTHER_PROVINCIAL.items()}


def status(code: str) -> str:
    """Why a region has no value: quarantined (with its rules), or not in the data."""
    if code not in by_code.index:
        return t("not covered by {dataset}").format(dataset=dataset)
    rules = by_code.at[code, "rules"]
    if isinstance(rules, str):
        return t("quarantined: {rules}").format(
            rules="; ".join(ui.rule_text(rule) for rule in rules.split(", ")))
    return t("no value in {dataset}").format(dataset=dataset)


drawn = features(tuple(regions["adcode"]))
for feature in drawn:
    code = feature["properties"]["adcode"]
    known = code in by_code.index
    value = by_code.at[code, indicator] if known else None
    feature["properties"].update(
        name=by_code.at[code, "name"] if known else pick_name(*others.get(code, (code, code))),
        region=by_code.at[code, "region"] if known else None,
        status=status(code),
        value=None if value is None or pd.isna(value) else float(value))
filled = [f for f in drawn if f["properties"]["value"] is not None]
# every provincial unit is drawn (the background of a city dataset), the dataset's own
# regions on top of them; those without a value stay grey
own = set(regions["adcode"])
drawn.sort(key=lambda feature: feature["properties"]["adcode"] in own)

label = ui.indicator_label(indicator)
sector_label = ui.sector_label(dataset, sector)
unit = ui.indicator_unit(indicator, dataset)
legend = f"{indicator} [{unit}]" if unit else indicator
st.subheader(t("{indicator} by region, {year}").format(indicator=label, year=year))
base = alt.Chart(alt.Data(values=drawn)).mark_geoshape(
    fill=MISSING, stroke="white", strokeWidth=0.5).encode(
    tooltip=[alt.Tooltip("properties.name:N", title=t("Region")),
             alt.Tooltip("properties.status:N", title=t("No data"))],
).properties(name="missing")
colour = alt.Chart(alt.Data(values=filled)).mark_geoshape(
    stroke="white", strokeWidth=0.5).encode(
    color=alt.Color("properties.value:Q", title=legend, scale=alt.Scale(scheme="viridis")),
    tooltip=[alt.Tooltip("properties.name:N", title=t("Region")),
             alt.Tooltip("properties.region:N", title=t("code")),
             alt.Tooltip("properties.value:Q", title=legend, format=".4g")],
).properties(name="filled")
figure = geo.china(base, colour, height=620)
ui.chart(figure, t("{label} of {sector} in each region of {dataset} in {year} ({filled} of its "
                   "{regions} regions have a value; unit: {unit}). ").format(
    label=label, sector=sector_label, dataset=dataset, year=year, filled=len(filled),
    regions=len(own), unit=unit) + t("Regions without data are drawn in grey (missing, not "
                                     "zero); the tooltip says whether a region was "
                                     "quarantined or is not covered."),
    t("{indicator} by region, {year}").format(indicator=label, year=year) + f" · {sector_label}",
    unit, dataset)
ui.data_actions(shown[["region", "name", indicator]].sort_values("region"), sql, params,
                f"map_{dataset}_{year}_{sector}_{indicator}")

st.subheader(t("Over the years"))
names = ui.region_names(dataset)
region = ui.select("Region", list(names), "map_region", format_func=names.__getitem__)
sql, params = ui.region_sector_sql(mart, [indicator], dataset, None, region=region,
                                   sector=sector)
series = store.query(sql + " order by year", params)
ui.chart(
    alt.Chart(series).mark_line(point=True).encode(
        x=alt.X("year:O", title=t("Year")),
        y=alt.Y(f"{indicator}:Q", title=legend),
        tooltip=[alt.Tooltip("year:O", title=t("Year")),
                 alt.Tooltip(f"{indicator}:Q", title=legend, format=".4g")]),
    t("{label} of {sector} in {place} in every year of {dataset} (a quarantined year is a "
      "gap; unit: {unit}).").format(label=label, sector=sector_label, place=names[region],
                                    dataset=dataset, unit=unit),
    f"{names[region]} · {label} · {sector_label}", unit, dataset)
ui.data_actions(series, sql, params, f"map_years_{dataset}_{region}_{sector}_{indicator}")
