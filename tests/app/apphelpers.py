"""Helpers of the app tests: where the app is, how to open one of its pages headless, and
how to read what a page shows."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nqpf.paths import PROJECT_ROOT

APP_DIR = PROJECT_ROOT / "app"
ENTRY = APP_DIR / "streamlit_app.py"
#: page modules under app/views/, the landing page first
PAGES = ("overview", "indicators", "map", "regions", "compare", "sectors", "network", "flows",
         "knowledge_graph", "tables", "sql", "columns", "export")

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    """Whether a Streamlit server at ``url`` says it is healthy."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        if answers(url):
            return
        time.sleep(0.3)
    raise TimeoutError(f"streamlit at {url} not healthy after {timeout} s")


def chart_titles(spec: object) -> Iterator[str]:
    """Every title, subtitle and tooltip title in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "subtitle", "text") and isinstance(value, str):
                yield value
            elif key in ("title", "subtitle") and isinstance(value, list):
                yield from map(str, value)
            else:
                yield from chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from chart_titles(item)


def shown_text(run: AppTest) -> Iterator[str]:
    """What a page shows in the main area: text, widget labels and options, table headers,
    chart titles."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success"):
        for node in getattr(run.main, kind):
            yield str(node.value)
    for node in run.main.metric:
        yield node.label
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for node in getattr(run.main, kind):
            yield node.label
            yield from (str(option) for option in node.options)
    for kind in ("text_input", "text_area", "button", "slider"):
        for node in getattr(run.main, kind):
            yield node.label
    for node in run.main.expander:
        yield node.label
    for node in run.main.get("download_button") + run.main.get("link_button"):
        yield node.proto.label
    for node in run.main.dataframe:
        config = json.loads(node.proto.columns or "{}")
        for column in node.value.columns:
            yield (config.get(str(column)) or {}).get("label") or str(column)
    for node in run.main.get("vega_lite_chart"):
        yield from chart_titles(json.loads(node.proto.spec))
