"""Overview: what the warehouse covers, when it was built, what was quarantined, headlines."""

from __future__ import annotations

import json

import altair as alt
import streamlit as st

import store
import ui
from i18n import header, language, t
from nqpf.warehouse import MARTS


def year_spans(years: list[int]) -> str:
    """Years as runs, e.g. '2000-2014' or '2012, 2015, 2017-2018'."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


st.title(t("Overview"))
st.write(t("Indicators of labour values, prices of production, digital inputs, agglomeration "
           "and production networks computed from input-output tables."))
ui.require_warehouse()
ui.require_tables("values")

coverage = store.query(
    'select dataset, count(distinct region) filter (where region <> ?) as regions, '
    'count(distinct sector) as sectors, '
    'list_sort(list(distinct year)) as years, '
    'count(distinct (region, year)) filter (where region <> ?) as region_years, '
    'any_value(monetary_unit) as monetary_unit '
    'from "values" group by dataset order by dataset',
    (store.AGGREGATE, store.AGGREGATE))
ui.require_rows(coverage, "any dataset in the `values` table")
coverage["years"] = coverage["years"].map(year_spans)

info = store.query("select * from build_info") if ui.has_table("build_info") else None
if info is not None and not info.empty:
    built = info.iloc[0]
    st.caption(t("Built {at} UTC in {seconds} s with nqpf {nqpf} and dbt {dbt}.").format(
        at=f"{built['built_at']:%Y-%m-%d %H:%M}", seconds=f"{built['seconds']:.0f}",
        nqpf=built["nqpf_version"], dbt=built["dbt_version"]))

cols = st.columns(4)
cols[0].metric(t("Datasets"), len(coverage))
cols[1].metric(t("Regions"), int(coverage["regions"].sum()))
cols[2].metric(t("Sectors with values (largest dataset)"), int(coverage["sectors"].max()))
cols[3].metric(t("Region-years"), int(coverage["region_years"].sum()))

st.subheader(t("Datasets"))
ui.table(coverage, hide_index=True)
st.caption(t("Sectors: the sectors of the common classification that have labour values; a "
             "source table may publish more (non-productive sectors get no labour value)."))
if info is not None and not info.empty:
    for name, meta in json.loads(info.iloc[0]["datasets"]).items():
        # titles, sources and notes are recorded in English in the dataset's metadata
        with st.expander(name if language() == "zh" else f"{name}: {meta.get('title', '')}"):
            if language() == "zh":
                st.write(t("The source and notes of this dataset are recorded in English: "
                           "switch the language to read them."))
                continue
            st.write(t("Source: {source}").format(source=meta.get("source", t("not recorded"))))
            for note in meta.get("notes", []):
                st.markdown(f"- {note}")

present = store.tables()
counts = {name: int(store.query(f"select count(*) as n from {store.quote(name)}")["n"][0])
          for name in MARTS if name in present}
st.subheader(t("Marts"))
st.write(", ".join(t("`{name}` {n} rows").format(name=name, n=f"{n:,}")
                   for name, n in counts.items()))
missing = [name for name in MARTS if name not in present]
if missing:
    st.caption(t("Not built yet: {names}.").format(
        names=", ".join(f"`{name}`" for name in missing)))

st.subheader(t("Quarantined region-years"))
if "quarantine" in present:
    quarantine = store.query("select dataset, region, year, rule, detail from quarantine "
                             "order by dataset, region, year")
    if quarantine.empty:
        st.write(t("None: every region-year passed the checks."))
    else:
        st.write(t("{n} region-years were left out of every indicator mart:").format(
            n=len(quarantine)))
        quarantine["reason"] = quarantine["rule"].map(ui.rule_text)
        ui.table(quarantine[["dataset", "region", "year", "rule", "reason", "detail"]
                            if language() == "en" else
                            ["dataset", "region", "year", "rule", "reason"]], hide_index=True)

st.subheader(t("Headline figures"))
if "profit_rates" in present:
    # one price system per economy: a dataset of several countries has one line per country
    rates_sql = ("select dataset || case when economy = 'ALL' then '' else ' ' || economy end "
                 "as dataset, year, r_star, variant, consumption_basis from profit_rates "
                 "order by dataset, year")
    rates = store.query(rates_sql)
    if not rates.empty:
        ui.chart(
            alt.Chart(rates).mark_line(point=True).encode(
                x=alt.X("year:O", title=t("Year")),
                y=alt.Y("r_star:Q", title=t("Uniform profit rate r*"), axis=alt.Axis(format="%")),
                color=alt.Color("dataset:N", title=t("Dataset")),
                # datasets built on the same national tables share r*: dashes and marks of
                # their own keep a line under another visible
                strokeDash=alt.StrokeDash("dataset:N", title=t("Dataset")),
                shape=alt.Shape("dataset:N", title=t("Dataset")),
                tooltip=[alt.Tooltip("dataset:N", title=t("Dataset")),
                         alt.Tooltip("year:O", title=t("Year")),
                         alt.Tooltip("r_star:Q", format=".2%", title="r*"),
                         alt.Tooltip("variant:N", title=header("variant")),
                         alt.Tooltip("consumption_basis:N", title=header("consumption_basis"))]),
            t("Uniform rate of profit r* at which prices of production equalise profit rates, "
              "per dataset and year (national tables of each dataset); datasets built on the "
              "same national tables share one r* and their lines lie on each other."),
            t("Uniform profit rate r*"), t("per year"))
        ui.data_actions(rates, rates_sql, (), "overview_r_star")
tlp_sql = ("select dataset, dataset || ' (' || any_value(currency) || ' per hour)' as panel, "
           'year, avg(tlp) as mean_tlp, median(tlp) as median_tlp, count(*) as region_sectors, '
           'any_value(currency) as currency from "values" where region <> ? '
           'group by dataset, year order by dataset, year')
tlp = store.query(tlp_sql, (store.AGGREGATE,))
# one panel per dataset with its own axis, titled with its currency: each dataset's tlp is in
# its own currency; two panels a row so that every dataset fits the page
ui.chart(
    alt.Chart(tlp).mark_bar().encode(
        x=alt.X("year:O", title=t("Year")),
        y=alt.Y("mean_tlp:Q", title=t("Mean tlp (currency per hour)")),
        color=alt.Color("dataset:N", title=t("Dataset"), legend=None),
        tooltip=[alt.Tooltip(column, title=header(column)) for column in
                 ("dataset", "year", "mean_tlp", "median_tlp", "region_sectors", "currency")],
    ).properties(width=260, height=200).facet(facet=alt.Facet("panel:N", title=None), columns=2
                                              ).resolve_scale(y="independent", x="independent"),
    t("Mean total labour productivity (output per hour of dead plus living labour) over the "
      "region-sectors of each dataset and year; one panel and axis per dataset, titled with the "
      "currency the dataset counts output in."), t("Mean tlp (currency per hour)"))
ui.data_actions(tlp, tlp_sql, (store.AGGREGATE,), "overview_tlp")
ui.table(tlp, units={"mean_tlp": t("currency per hour"), "median_tlp": t("currency per hour")},
         hide_index=True)
