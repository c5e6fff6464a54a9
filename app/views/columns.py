"""Columns: what every column of the warehouse means, its type, unit and the data tests on
it, from the manifest dbt wrote when it built this warehouse."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import kgraph
import store
import ui
from i18n import t
from nqpf.columns import FIELDS, column_rows, read_manifest
from nqpf.paths import manifest_path


@st.cache_data(show_spinner=False)
def catalogue(key: store.BuildKey) -> pd.DataFrame:
    """The column catalogue of the build ``key`` (its manifest), with indicator units."""
    frame = pd.DataFrame(column_rows(read_manifest(manifest_path())), columns=list(FIELDS))
    indicators = kgraph.indicator_catalogue()[["id", "mart", "unit"]]
    units = indicators.rename(columns={"id": "column", "mart": "table"})
    return frame.merge(units, on=["table", "column"], how="left").fillna({"unit": ""})


st.title(t("Columns"))
st.write(t("Every column of the warehouse with its type, description, unit (for indicators) "
           "and the data tests dbt ran on it in this build."))
ui.require_warehouse()
if not manifest_path().exists():
    st.info(t("This warehouse has no column catalogue (`{path}`): `nqpf build` writes it next "
              "to the warehouse file.").format(path=manifest_path()))
    st.stop()
frame = catalogue(store.build_key())
present = store.tables()
frame = frame[frame["table"].isin(present)]
cols = st.columns([1, 2])
with cols[0]:
    layers = ["marts", "intermediate", "staging", "seed"]
    layer = ui.select("Layer", [name for name in layers if name in set(frame["layer"])],
                      "columns_layer", format_func=t)
with cols[1]:
    search = st.text_input(t("Search"), key="columns_search",
                           value=st.query_params.get("columns_search", ""),
                           placeholder="tlp, hours, region ...")
    st.query_params["columns_search"] = search
shown = frame[frame["layer"] == layer]
if search:
    text = shown[["table", "column", "description"]].agg(" ".join, axis=1)
    shown = shown[text.str.contains(search, case=False, regex=False)]
ui.table(shown.drop(columns="layer"), wide=("description",), hide_index=True, height=600)
st.caption(t("{columns} columns of {tables} tables; tests are dbt data tests attached to the "
             "column (or to a set of columns that includes it).").format(
    columns=f"{len(shown):,}", tables=shown["table"].nunique()))
