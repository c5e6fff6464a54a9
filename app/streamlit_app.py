"""Entry of the warehouse browser: `nqpf app` or `streamlit run app/streamlit_app.py`."""

from __future__ import annotations

import streamlit as st

from i18n import switch, t

#: (page module, title, icon) in menu order; the first page is the landing page. The
#: modules live in views/, not pages/: Streamlit treats a pages/ folder next to the entry
#: script as a legacy multipage app and, on a fresh server, serves the first direct visit
#: of a page URL with a menu of file names and the default layout.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("views/overview.py", "Overview", ":material/dashboard:"),
    ("views/indicators.py", "Indicators", ":material/functions:"),
    ("views/map.py", "Map", ":material/map:"),
    ("views/regions.py", "Regions", ":material/location_city:"),
    ("views/compare.py", "Compare", ":material/compare_arrows:"),
    ("views/sectors.py", "Sectors", ":material/factory:"),
    ("views/network.py", "Network", ":material/hub:"),
    ("views/flows.py", "Flows", ":material/conversion_path:"),
    ("views/knowledge_graph.py", "Knowledge graph", ":material/account_tree:"),
    ("views/tables.py", "Tables", ":material/table_view:"),
    ("views/sql.py", "SQL", ":material/terminal:"),
    ("views/columns.py", "Columns", ":material/view_column:"),
    ("views/export.py", "Export", ":material/download:"),
)

st.set_page_config(page_title="NQPF warehouse", page_icon=":material/query_stats:",
                   layout="wide")
switch()
st.navigation([st.Page(path, title=t(title), icon=icon, default=index == 0)
               for index, (path, title, icon) in enumerate(PAGES)], expanded=True).run()
