"""SQL: read-only queries over the marts, with the result as a table and a CSV download."""

from __future__ import annotations

import duckdb
import streamlit as st

import store
import ui
from i18n import t

#: rows fetched and shown at most; the CSV download holds the same rows
ROW_LIMIT = 10_000
EXAMPLE = ('select dataset, year, region, sector, tlp, tlpr\nfrom "values"\n'
           "where region <> 'ALL'\norder by tlp desc\nlimit 20")

st.title(t("SQL"))
st.write("Query the warehouse with DuckDB SQL. The connection is read-only: statements that "
         "write, read or write files, or change settings are refused. Quote the column "
         '`"lambda"` (a keyword).')
ui.require_warehouse()
with st.expander("Tables"):
    st.write(", ".join(f"`{name}`" for name in sorted(store.tables())))

with st.form("sql_form"):
    sql = st.text_area("SQL", EXAMPLE, height=160, key="sql_text")
    submitted = st.form_submit_button("Run", type="primary")
if submitted and sql.strip():
    try:
        result, truncated = store.run_user_sql(sql, ROW_LIMIT)
    except duckdb.Error as exc:
        st.error(f"DuckDB did not run this statement: {exc}")
        st.stop()
    more = f" (the first {ROW_LIMIT:,}: add a LIMIT or aggregate)" if truncated else ""
    st.caption(f"{len(result):,} row{'s' * (len(result) != 1)}{more}")
    st.dataframe(result, hide_index=True)
    st.download_button("Download CSV", result.to_csv(index=False).encode("utf-8"),
                       file_name="query.csv", mime="text/csv", key="sql_download")
