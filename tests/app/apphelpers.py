"""Helpers of the app tests: where the app is, how to open one of its pages headless, and
how to read what a page shows."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nqpf.paths import PROJECT_ROOT

APP_DIR = PROJECT_ROOT / "app"
ENTRY = APP_DIR / "streamlit_app.py"
#: page modules under app/views/, the landing page first
PAGES = ("overview", "indicators", "map", "regions", "compare", "sectors", "network",
         "knowledge_graph", "sql", "columns", "export")

# the app's modules are top-level modules on the app folder, as under `streamlit run`
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))

Runner = Callable[..., AppTest]


def open_app(home: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """A runner that opens one page of the app with ``home`` as the warehouse folder."""
    monkeypatch.setenv("NQPF_HOME", str(home))

    def run(page: str, **params: str) -> AppTest:
        app = AppTest.from_file(str(ENTRY), default_timeout=60)
        for name, value in params.items():  # as in a shared link: ?name=value
            app.query_params[name] = value
        if page != PAGES[0]:
            app.switch_page(f"views/{page}.py")
        return app.run()

    return run


def texts(app: AppTest, element: str) -> list[str]:
    """Values of every element of one type (``"caption"``, ``"info"``, ``"markdown"`` ...)."""
    return [str(node.value) for node in getattr(app, element)]


def frame_with(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first dataframe on the page that has all ``columns``."""
    for node in app.dataframe:
        frame = node.value
        if set(columns) <= set(frame.columns) | {frame.index.name}:
            return frame
    raise AssertionError(f"no table with columns {columns} on the page")
