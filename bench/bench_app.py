"""Benchmark: how long each page of the Streamlit app takes to run on a built warehouse.

Each page runs headless with ``streamlit.testing.v1.AppTest`` (the script run a browser
would trigger, without the network and drawing). ``first`` is the page's first run in the
process (imports done, caches empty for that page: it pays its own queries and, for the
first page that needs it, building the knowledge graph); ``warm`` is the median of
``--repeat`` later runs of a fresh AppTest, i.e. a new browser session on a server whose
caches are filled. ``x Overview`` is warm time over the Overview page's warm time.
Every AppTest would first scan the installed packages for custom components (most of a
second, paid once by a server at start-up); the scan runs once here, as on a server.
Run: ``NQPF_HOME=<warehouse folder> .venv/bin/python bench/bench_app.py [--repeat 5]``
(without NQPF_HOME, the project's warehouse/ folder).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nqpf.paths import database_path  # noqa: E402

ENTRY = ROOT / "app" / "streamlit_app.py"
PAGES = ("overview", "indicators", "map", "regions", "compare", "sectors", "network", "flows",
         "knowledge_graph", "tables", "sql", "columns", "export")


def run_page(page: str) -> float:
    """Seconds one run of ``page`` takes; fails loudly when the page raised."""
    app = AppTest.from_file(str(ENTRY), default_timeout=120)
    if page != PAGES[0]:
        app.switch_page(f"views/{page}.py")
    start = time.perf_counter()
    app.run()
    seconds = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(f"page {page} raised: {app.exception[0].message}")
    return seconds


def scan_components_once() -> None:
    """Let the first AppTest scan for custom components and later ones skip it (the app
    uses none)."""
    scan = BidiComponentManager.discover_and_register_components

    def once(self: BidiComponentManager, **kwargs: bool) -> None:
        BidiComponentManager.discover_and_register_components = lambda *_, **__: None
        scan(self, **kwargs)

    BidiComponentManager.discover_and_register_components = once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per page")
    args = parser.parse_args()
    if not database_path().exists():
        print(f"no warehouse at {database_path()}: run `nqpf ingest --shipped` and "
              "`nqpf build` (or set NQPF_HOME)", file=sys.stderr)
        return 1
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext"
    scan_components_once()
    run_page(PAGES[0])  # imports (streamlit, duckdb, altair) are not any page's cost
    first = {page: run_page(page) for page in PAGES}
    warm = {page: statistics.median(run_page(page) for _ in range(args.repeat))
            for page in PAGES}
    print(f"warehouse {database_path()}; warm = median of {args.repeat} runs")
    print(f"{'page':<16}{'first s':>9}{'warm s':>9}{'x Overview':>12}")
    for page in PAGES:
        print(f"{page:<16}{first[page]:>9.3f}{warm[page]:>9.3f}"
              f"{warm[page] / warm[PAGES[0]]:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
