"""Tables: browse any table of the warehouse with facets (filters that count their rows), a
row count and the rows themselves; every choice lives in the URL, so a view is a link."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import store
import ui
from i18n import header, t
from nqpf.warehouse import MARTS

#: rows shown at most; the download and "Open in SQL" give the whole filtered table
ROW_LIMIT = 1_000
#: a column is a facet when it has at most this many distinct values
FACET_VALUES = 60
#: facets offered at most, in table order
FACETS = 6

st.title(t("Tables"))
ui.require_warehouse()
present = store.tables()
# the marts first, in the order the summary lists them, then every other table
offered = [name for name in MARTS if name in present] + sorted(present - set(MARTS))
if not offered:
    st.info(t("No mart of this warehouse is built yet."))
    st.stop()
table = ui.select("Table", offered, "tables_table")
quoted = store.quote(table)
columns = store.columns(table)
distinct = store.query("select " + ", ".join(
    f"count(distinct {store.quote(c)}) as {store.quote(c)}" for c in columns) + f" from {quoted}")
facets = [c for c in columns if 1 < distinct.at[0, c] <= FACET_VALUES][:FACETS]

where, params = [], []
cols = st.columns(max(len(facets), 1))
for column, place in zip(facets, cols, strict=False):
    with place:
        # each option counts the rows it has under the other facets' choices
        counts = store.query(f"select {store.quote(column)} as facet, count(*) as n "
                             f"from {quoted} "
                             + (f"where {' and '.join(where)} " if where else "")
                             + "group by 1 order by 1", tuple(params))
        counts = counts[counts["facet"].notna()]
        flags = pd.api.types.is_bool_dtype(counts["facet"])
        labels = {str(v): f"{t('yes' if v else 'no') if flags else v} ({n:,})"
                  for v, n in zip(counts["facet"], counts["n"], strict=True)}
        chosen = ui.multiselect(header(column), list(labels), f"tables_{column}", default=[],
                                format_func=labels.__getitem__)
    if chosen:
        where.append(f"cast({store.quote(column)} as varchar) in "
                     f"({', '.join('?' for _ in chosen)})")
        params.extend(chosen)

filters = f" where {' and '.join(where)}" if where else ""
total = int(store.query(f"select count(*) as n from {quoted}")["n"][0])
rows = int(store.query(f"select count(*) as n from {quoted}{filters}", tuple(params))["n"][0])
st.caption(t("{rows} of {total} rows of `{table}`; the first {limit} are shown.").format(
    rows=f"{rows:,}", total=f"{total:,}", table=table, limit=f"{ROW_LIMIT:,}"))
sql = f"select * from {quoted}{filters}"
frame = store.query(f"{sql} limit {ROW_LIMIT}", tuple(params))
dataset = (frame["dataset"].iloc[0] if "dataset" in frame and frame["dataset"].nunique() == 1
           else None)
ui.table(frame, dataset=dataset, hide_index=True)
ui.data_actions(frame, sql, params, f"tables_{table}")
