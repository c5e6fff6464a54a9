"""Indicators: the catalogue, each indicator's meaning and context, its distribution and its
panel summary next to the method paper's Table 2."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from rdflib import URIRef

import kgraph
import store
import ui
from i18n import header, language, t, unit_label
from nqpf.knowledge.computed import computed_evidence_frame
from nqpf.units import MEASURE_KINDS

st.title(t("Indicators"))
catalogue = kgraph.indicator_catalogue()
chinese = language() == "zh"
listing = pd.DataFrame({
    "id": catalogue["id"],
    "name": catalogue["label_zh"].fillna(catalogue["label"]) if chinese else catalogue["label"],
    "unit": [unit_label(i, None) if i in MEASURE_KINDS else "" for i in catalogue["id"]],
    "direction": catalogue["direction"].map(lambda d: t(d or "none")),
    "mart": catalogue["mart"],
    "mechanisms": catalogue["mechanisms_zh" if chinese else "mechanisms"]})
ui.table(listing, hide_index=True)
st.caption(t("Every indicator of the warehouse, the mart (table) that holds it and the "
             "mechanisms it measures, from the knowledge graph."))

indicator = ui.pick_indicator(list(catalogue["id"]), key="indicator")
row = catalogue.set_index("id").loc[indicator]
st.subheader(ui.indicator_label(indicator))
st.write(row["definition_zh"] if language() == "zh" else row["definition"])
st.markdown(t("**Unit:** {unit} · **Mart:** `{mart}` · **Direction:** {direction} · "
              "**Method:** {method}").format(
    unit=unit_label(indicator, None) if indicator in MEASURE_KINDS else t("none"),
    mart=row["mart"], direction=t(row["direction"] or "none"),
    method=f"`{row['formula_ref']}`"))
st.code(row["formula"], language=None)

context = kgraph.indicator_context(indicator)
for kind, title in (("mechanism", "Measures"), ("outcome", "Outcome"),
                    ("input_category", "Input category"), ("method", "Computed under"),
                    ("constraint", "Constraints on it"), ("policy", "Policies")):
    labels = sorted({kgraph.label(URIRef(node))
                     for node in context.loc[context["kind"] == kind, "node"]})
    st.markdown(f"**{t(title)}:** " + ("; ".join(labels) if labels else t("none recorded")))
evidence = kgraph.evidence(indicator)
if not evidence.empty:
    st.markdown(t("**Evidence** (published regressions that use it):"))
    ui.table(evidence, hide_index=True)

def show_distribution(indicator: str, row: pd.Series) -> None:
    """Histogram and summary of the indicator over one dataset of its mart."""
    if not ui.table_ready(row["mart"]):
        return
    if indicator not in store.columns(row["mart"]):
        st.info(t("The `{mart}` table of this build has no `{indicator}` column.").format(
            mart=row["mart"], indicator=indicator))
        return
    mart, column = store.quote(row["mart"]), store.quote(indicator)
    # the regional aggregate repeats the national figures, so only regions are counted
    regional = "region" in store.columns(row["mart"])
    where = f"{column} is not null" + (" and region <> ?" if regional else "")
    params = (store.AGGREGATE,) if regional else ()
    counts = store.query(f"select dataset, count(*) as n from {mart} where {where} "
                         "group by dataset order by dataset", params)
    if counts.empty:
        st.info(t("No values of `{indicator}` in this build.").format(indicator=indicator))
        return
    dataset = ui.select("Dataset", list(counts["dataset"]), "indicator_dataset",
                        index=int(counts["n"].to_numpy().argmax()))
    unit = ui.indicator_unit(indicator, dataset)
    money = ""
    if "monetary_unit" in store.columns(row["mart"]):
        unit = store.query(f"select any_value(monetary_unit) as u from {mart} "
                           "where dataset = ?", (dataset,))["u"][0]
        money = t("; money amounts in {unit}").format(unit=unit)
    if not ({"region", "sector"} & set(store.columns(row["mart"]))):
        # one value per dataset-year (r*): a line over the years, not a histogram of a few
        sql = f"select year, {column} from {mart} where {where} and dataset = ? order by year"
        series = store.query(sql, (*params, dataset))
        ui.chart(
            alt.Chart(series).mark_line(point=True).encode(
                x=alt.X("year:O", title=t("Year")),
                y=alt.Y(f"{indicator}:Q", title=header(indicator, unit)),
                tooltip=[alt.Tooltip("year:O", title=t("Year")),
                         alt.Tooltip(f"{indicator}:Q", title=header(indicator, unit),
                                     format=".4g")]),
            t("{indicator} of {dataset} in each year (unit: {unit}{money}).").format(
                indicator=indicator, dataset=dataset, unit=unit, money=money),
            ui.indicator_label(indicator), unit, dataset)
        ui.data_actions(series, sql, (*params, dataset), f"indicator_{indicator}_{dataset}")
        return
    sql = f"select {column} as value from {mart} where {where} and dataset = ?"
    values = store.query(sql, (*params, dataset))
    ui.chart(
        alt.Chart(values).mark_bar().encode(
            x=alt.X("value:Q", bin=alt.Bin(maxbins=40), title=header(indicator, unit)),
            y=alt.Y("count():Q", title=t("Rows"))),
        t("Histogram of {indicator} over the {n} {rows} of {dataset} in `{mart}` "
          "(unit: {unit}{money}).").format(
            indicator=indicator, n=f"{len(values):,}", dataset=dataset, mart=row["mart"],
            rows=t("region-sector-years" if regional else "rows"), unit=unit,
            money=money),
        ui.indicator_label(indicator), unit, dataset)
    ui.data_actions(values, sql, (*params, dataset), f"indicator_{indicator}_{dataset}")
    ui.table(values["value"].describe().to_frame(indicator).T.rename(
        columns={"count": "n", "std": "sd", "25%": "p25", "50%": "median", "75%": "p75"}),
        units={column: unit for column in ("mean", "sd", "min", "p25", "median", "p75", "max")},
        hide_index=True)


st.subheader(t("Distribution"))
ui.require_warehouse()
show_distribution(indicator, row)

st.subheader(t("Panel summary vs the paper's Table 2"))
if ui.table_ready("panel_summary"):
    summary = store.query("select * from panel_summary where variable = ? order by dataset",
                          (indicator,))
    if summary.empty:
        st.write(t("`{indicator}` is not a variable of the analysis panel.").format(
            indicator=indicator))
    else:
        ui.table(summary, hide_index=True)
        st.caption(t("Mean, standard deviation and N of the analysis panel per dataset; the "
                     "paper_ columns are the figures the method paper reports in its Table 2."))

st.subheader(t("Regressions on this warehouse vs the paper"))
ui.require_tables("regression_results")
evidence_ids = [node.rsplit("/", 1)[-1] for node in context.loc[context["kind"] == "evidence",
                                                                 "node"]]
estimates = store.query(
    "select * from regression_results where list_contains(?, evidence_id) "
    "order by dataset, \"table\", \"column\", term", (evidence_ids,))
own = computed_evidence_frame(estimates)
if estimates.empty:
    st.write(t("No regression of the paper uses `{indicator}`.").format(indicator=indicator))
else:
    ui.table(own[["hypothesis_code", "dataset", "published_id", "term", "coefficient",
                      "significance", "published_coefficient", "published_significance",
                      "sign_agrees", "significance_agrees", "relation", "n"]],
                 hide_index=True)
    st.caption(t("Our own evidence: each regression of the method paper that uses this "
                 "indicator, estimated on every dataset of this warehouse, next to the "
                 "published record it reproduces; the agreement columns compare sign and "
                 "significance (10 %), relation says how our estimate bears on the hypothesis."))
    failed = estimates[estimates["status"] != "ok"][["dataset", "table", "column", "detail"]]
    if not failed.empty:
        ui.table(failed.drop_duplicates(), hide_index=True)
        st.caption(t("Models a dataset cannot estimate, and why."))
