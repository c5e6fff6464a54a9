"""Export: download the marts as CSV or Parquet and the knowledge graph as Turtle."""

from __future__ import annotations

import streamlit as st

import kgraph
import store
import ui
from i18n import t
from nqpf.warehouse import MARTS

#: tables offered besides the marts: sector and region names, build record
EXTRAS: tuple[str, ...] = ("dim_sectors", "dim_regions", "build_info")

st.title(t("Export"))

st.subheader(t("Knowledge graph"))
st.write(t("Every mechanism, constraint, policy, hypothesis, evidence record and indicator "
           "with its links and cited sources, as RDF Turtle."))
st.download_button(t("Download knowledge graph (Turtle)"), kgraph.turtle,
                   file_name="nqpf-knowledge.ttl", mime="text/turtle", key="export_kg")

st.subheader(t("Marts"))
ui.require_warehouse()
present = store.tables()
offered = [name for name in (*MARTS, *EXTRAS) if name in present]
if not offered:
    st.info(t("No mart of this warehouse is built yet."))
    st.stop()
cols = st.columns(2)
with cols[0]:
    table = ui.select("Table", offered, "export_table")
with cols[1]:
    fmt = st.radio(t("Format"), list(store.FORMATS), horizontal=True, key="export_format")
extension, mime = store.FORMATS[fmt]
rows = int(store.query(f"select count(*) as n from {store.quote(table)}")["n"][0])
st.write(t("`{table}`: {rows} rows, columns {columns}.").format(
    table=table, rows=f"{rows:,}", columns=", ".join(f"`{c}`" for c in store.columns(table))))
st.download_button(t("Download {file}").format(file=f"{table}.{extension}"),
                   lambda: store.table_bytes(table, fmt), file_name=f"{table}.{extension}",
                   mime=mime, key="export_download")
