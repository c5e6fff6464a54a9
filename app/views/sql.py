"""SQL: read-only queries over the marts, with the result as a table and a CSV download."""

from __future__ import annotations

import duckdb
import streamlit as st

import store
import ui
from i18n import t
from nqpf.warehouse import QueryTimeout, SnapshotUnreadable, sql_hint

#: rows fetched and shown at most; the CSV download holds the same rows
ROW_LIMIT = 10_000
EXAMPLE = ('select dataset, year, region, sector, tlp, tlpr\nfrom "values"\n'
           "where region <> 'ALL'\norder by tlp desc\nlimit 20")

READ_ONLY = "The connection is read-only: writes, file access and setting changes are refused."
#: DuckDB's errors (class, words its message holds) -> what they mean for a reader, said above
#: DuckDB's own message; the first that matches
REASONS: tuple[tuple[type[duckdb.Error], str, str], ...] = (
    (QueryTimeout, "", "The query ran longer than the time limit and was stopped."),
    (duckdb.OutOfMemoryException, "", "The query needed more memory than a reader may use."),
    (SnapshotUnreadable, "", "The staged flows and final demand are read from the build's "
                             "snapshot of the canonical files, which this warehouse file "
                             "cannot reach: it was moved, or the snapshot removed. Every "
                             "other table, the marts among them, is in the file."),
    (duckdb.PermissionException, "", READ_ONLY),
    (duckdb.InvalidInputException, "read-only", READ_ONLY),
    (duckdb.ParserException, "", "The statement is not valid SQL."),
    (duckdb.CatalogException, "", "A table, column or function of the statement does not "
                                  "exist."),
    (duckdb.BinderException, "", "A name or type in the statement does not fit the tables."),
)


def reason(exc: duckdb.Error) -> str:
    """Why DuckDB refused, in the chosen language ('' for an error not listed)."""
    return next((" " + t(text) for kind, words, text in REASONS
                 if isinstance(exc, kind) and words in str(exc)), "")


st.title(t("SQL"))
st.write(t("Query the warehouse with DuckDB SQL. The connection is read-only: statements that "
           "write, read or write files, or change settings are refused. Quote the column "
           '`"lambda"` (a keyword).'))
ui.require_warehouse()
with st.expander(t("Tables")):
    st.write(", ".join(f"`{name}`" for name in sorted(store.tables())))

st.caption(t("Each query may run {seconds} s and the server's queries together use at most "
             "{memory} of memory; a query past either is stopped.").format(
    seconds=f"{store.LIMITS.seconds:g}", memory=store.LIMITS.memory))
# a link from a chart ("Open in SQL") brings its query in the URL and runs it
linked = st.query_params.get("sql")
if linked and st.session_state.get("sql_linked") != linked:
    st.session_state["sql_linked"] = st.session_state["sql_text"] = linked
st.session_state.setdefault("sql_text", EXAMPLE)
with st.form("sql_form"):
    sql = st.text_area("SQL", height=160, key="sql_text")
    submitted = st.form_submit_button(t("Run"), type="primary")
if submitted:
    # the query lives in the URL, so the page's address shares it (and reruns it)
    st.query_params["sql"] = st.session_state["sql_linked"] = sql


def run(statement: str, number: int) -> None:
    """Run one statement and show its rows (or DuckDB's refusal) with a CSV download."""
    try:
        result, truncated = store.run_user_sql(statement, ROW_LIMIT)
    except duckdb.Error as exc:
        st.error(t("DuckDB did not run this statement:") + reason(exc))
        st.code(str(exc), language=None)  # monospace keeps the caret under the error
        hint = sql_hint(statement, exc)
        if hint:
            st.info(t(hint))
        return
    more = t(" (the first {limit}: add a LIMIT or aggregate)").format(
        limit=f"{ROW_LIMIT:,}") if truncated else ""
    st.caption(t("{n} row{s}{more}").format(n=f"{len(result):,}", s="s" * (len(result) != 1),
                                            more=more))
    ui.table(result, hide_index=True)
    st.download_button(t("Download CSV"), result.to_csv(index=False).encode("utf-8"),
                       file_name=f"query_{number}.csv", mime="text/csv",
                       key=f"sql_download_{number}")


if (submitted or linked == sql) and sql.strip():
    try:
        statements = [s.query for s in duckdb.extract_statements(sql)]
    except duckdb.Error:
        statements = [sql]  # let the run say where the syntax breaks
    if len(statements) > 1:
        st.info(t("{n} statements: each runs in turn and shows its own result.").format(
            n=len(statements)))
    for number, statement in enumerate(statements, start=1):
        if len(statements) > 1:
            st.markdown(f"**{number}.** `{' '.join(statement.split())[:120]}`")
        run(statement, number)
