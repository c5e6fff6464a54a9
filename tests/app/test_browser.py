"""The app served by `streamlit run` and driven by headless Chromium: every page loads in a
real browser with its charts drawn, the SQL box runs and refuses statements, the knowledge
graph downloads. Screenshots go to tests/artifacts/; with NQPF_UPDATE_SCREENSHOTS=1 the
README's two are refreshed in docs/screenshots/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apphelpers import ENTRY, free_port, wait_healthy
from rdflib import Graph

from nqpf.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
#: pages whose screenshot the README shows
README_PAGES = ("overview", "map", "regions_zh", "compare", "network", "flows", "tables",
                "knowledge_graph", "sql")
#: the labels of a chart's y axis (Vega names its axes in their aria-label)
Y_LABELS = "g.role-axis[aria-label^='Y-axis'] g.role-axis-label text"
#: the SQL time limit of the served app: short, so a runaway query is stopped soon
QUERY_SECONDS = 6

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(shipped_warehouse: Path, tmp_path_factory) -> Iterator[str]:
    """The app served on a free port with the shipped warehouse; yields its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "NQPF_HOME": str(shipped_warehouse.parent),
           "NQPF_QUERY_SECONDS": str(QUERY_SECONDS), "NQPF_QUERY_MEMORY": "1GB"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ENTRY), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_page(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def _open(page, server: str, path: str, heading: str) -> None:
    """Load a page and wait until its script has finished and its charts are drawn."""
    from playwright.sync_api import expect

    page.goto(f"{server}/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    _settle(page)


def _settle(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    for index in range(charts.count()):
        expect(charts.nth(index).locator("canvas, svg").first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(500)  # let the last chart finish its transition


def _shoot(page, name: str) -> None:
    """Screenshot the whole page: the app scrolls inside its main area, not the document,
    so the viewport is stretched to the content's height (twice: charts laid out in the
    taller viewport can change it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    for _ in range(2):
        height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        _settle(page)
    page.screenshot(path=str(target))
    page.set_viewport_size(size)
    if name in README_PAGES and os.environ.get("NQPF_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, SCREENSHOTS / f"{name}.png")


@pytest.mark.parametrize("path, heading, content", [
    ("indicators", "Indicators", "tlp_ic = 1 / lambda_ic"),
    ("regions", "Regions", "Mechanism scorecard"),
    ("sectors", "Sectors", "Values and prices"),
    ("knowledge_graph", "Knowledge graph", "Links"),
])
def test_page_content(browser_page, server, path, heading, content):
    from playwright.sync_api import expect

    _open(browser_page, server, path, heading)
    expect(browser_page.get_by_text(content, exact=True).first).to_be_visible(timeout=30_000)
    # the menu names pages by title even when a page URL is the server's first visit
    expect(browser_page.get_by_test_id("stSidebarNav")).to_contain_text("Knowledge graph")
    if path == "knowledge_graph":
        graph = browser_page.get_by_test_id("stGraphVizChart").locator("svg")
        expect(graph).to_be_visible(timeout=30_000)
        assert graph.locator("g.node").count() > 1
    _shoot(browser_page, path)


def test_overview(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "", "Overview")
    datasets = warehouse_sql("select count(distinct dataset) as n from \"values\"")["n"][0]
    metric = browser_page.get_by_test_id("stMetric").filter(has_text="Datasets")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(str(datasets))
    # the sector count says what it counts, and is the datasets table's largest
    sectors = warehouse_sql("select max(n) as n from (select count(distinct sector) as n "
                            "from \"values\" group by dataset)")["n"][0]
    metric = browser_page.get_by_test_id("stMetric").filter(
        has_text="Sectors with values (largest dataset)")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(str(sectors))
    expect(browser_page.get_by_text("Quarantined region-years")).to_be_visible()
    expect(browser_page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    _shoot(browser_page, "overview")


def test_network(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "network?network_dataset=cn_provinces_mrio&network_year=2017"
          "&network_region=CN-GD&network_sector=01", "Network")
    expect(browser_page.get_by_role("heading").filter(has_text="Strongest suppliers")
           ).to_be_visible()
    otlp = warehouse_sql("select otlp from network where dataset = 'cn_provinces_mrio' and "
                         "year = 2017 and region = 'CN-GD' and sector = '01'")["otlp"][0]
    expect(browser_page.get_by_test_id("stMetricValue").first).to_have_text(f"{otlp:.6g}")
    # suppliers are named (region · sector), not given as codes
    labels = browser_page.get_by_test_id("stVegaLiteChart").first.locator(
        Y_LABELS).all_text_contents()
    assert labels and all(" · " in label for label in labels)
    assert any(label.startswith("Guangdong") for label in labels)
    _shoot(browser_page, "network")


def test_sql_runs_and_refuses(browser_page, server, warehouse_sql, tmp_path):
    from playwright.sync_api import expect

    _open(browser_page, server, "sql", "SQL")
    box = browser_page.get_by_role("textbox", name="SQL")
    query = "select * from \"values\" where region <> 'ALL'"
    box.fill(query)
    browser_page.get_by_role("button", name="Run").click()
    _settle(browser_page)
    rows = warehouse_sql(query)
    expect(browser_page.get_by_test_id("stCaptionContainer").filter(
        has_text=f"{len(rows):,} rows")).to_be_visible()
    expect(browser_page.get_by_test_id("stDataFrame")).to_be_visible()
    _shoot(browser_page, "sql")

    target = tmp_path / "x.csv"
    box.fill(f"copy \"values\" to '{target}'")
    browser_page.get_by_role("button", name="Run").click()
    _settle(browser_page)
    expect(browser_page.get_by_test_id("stAlertContentError")).to_contain_text(
        "did not run this statement")
    expect(browser_page.get_by_test_id("stCode")).to_contain_text("COPY is refused")
    assert not target.exists()


def test_export_downloads_the_graph(browser_page, server, tmp_path):
    _open(browser_page, server, "export", "Export")
    with browser_page.expect_download() as download:
        browser_page.get_by_role("button", name="Download knowledge graph (Turtle)").click()
    target = tmp_path / "graph.ttl"
    download.value.save_as(target)
    assert len(Graph().parse(target, format="turtle")) > 1000
    _shoot(browser_page, "export")


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` and wait for the rerun."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    _settle(page)


def test_map_fills_the_provinces_with_data(browser_page, server, warehouse_sql, tmp_path):
    from playwright.sync_api import expect

    dataset, year, sector = "cn_provinces", 2017, "01"
    _open(browser_page, server, f"map?map_dataset={dataset}&map_year={year}"
          f"&map_sector={sector}&map_indicator=tlp", "Map")
    expected = warehouse_sql(
        "select count(*) as n from \"values\" where dataset = ? and year = ? and sector = ? "
        "and region <> 'ALL' and tlp is not null", dataset, year, sector)["n"][0]
    chart = browser_page.get_by_test_id("stVegaLiteChart").first
    filled = chart.locator("g.filled_marks path")
    expect(filled).to_have_count(int(expected), timeout=30_000)
    # every provincial unit is drawn; those without a value stay grey (missing, not zero)
    expect(chart.locator("g.missing_marks path")).to_have_count(34)
    assert 0 < expected < 31  # the shipped 2017 tables leave Qinghai out
    _shoot(browser_page, "map")

    with browser_page.expect_download() as download:
        browser_page.get_by_role("button", name="Download the data of this chart (CSV)"
                                 ).first.click()
    target = tmp_path / "map.csv"
    download.value.save_as(target)
    import pandas as pd

    shown = pd.read_csv(target)
    assert len(shown) == 31 and shown["tlp"].notna().sum() == expected

    # the legend names the indicator with its unit; the chart carries title, unit and source
    # (a PNG saved from its menu says what it shows)
    svg = chart.locator("svg").first
    expect(svg.locator("g.role-legend-title text")).to_have_text("tlp [CNY per hour]")
    expect(svg.locator("g.role-title-text text")).to_contain_text("by region, 2017")
    subtitle = svg.locator("g.role-title-subtitle text")
    expect(subtitle).to_contain_text("Unit: CNY per hour")
    expect(subtitle).to_contain_text("Source: Provincial IO tables")
    # grey units name themselves and say why they are grey
    for name in ("Taiwan", "Hong Kong", "Macao"):
        expect(chart.locator(f"g.missing_marks path[aria-label*='{name}']")).to_have_count(1)
    qinghai = chart.locator("g.missing_marks path[aria-label*='Qinghai']")
    assert "quarantined: A negative value" in qinghai.get_attribute("aria-label")
    taiwan = chart.locator("g.missing_marks path[aria-label*='Taiwan']")
    assert "not covered by cn_provinces" in taiwan.get_attribute("aria-label")

    link = browser_page.get_by_role("link", name="Open in SQL").first.get_attribute("href")
    _open(browser_page, server, link.lstrip("/"), "SQL")
    expect(browser_page.get_by_test_id("stCaptionContainer").filter(
        has_text=f"{expected} rows")).to_be_visible()
    # the generated SQL holds only the filters that are set
    assert "is null" not in browser_page.get_by_role("textbox", name="SQL").input_value()


def test_a_shared_url_reproduces_the_view(browser_page, server):
    from playwright.sync_api import expect

    view = ("regions?regions_dataset=cn_provinces&regions_year=2012&regions_region=CN-GD"
            "&regions_indicator=tlpr")
    _open(browser_page, server, view, "Regions")
    heading = "Indicators of Guangdong (CN-GD) in 2012 by sector"
    expect(browser_page.get_by_role("heading", name=heading)).to_be_visible()
    expect(browser_page.get_by_role("combobox", name="Indicator")).to_have_value(
        "Relative total labour productivity (tlpr)")
    _choose(browser_page, "Year", "2017")
    assert "regions_year=2017" in browser_page.url and "regions_region=CN-GD" in browser_page.url
    shared = browser_page.url
    _open(browser_page, server, "", "Overview")  # elsewhere, then back by the link
    browser_page.goto(shared)
    expect(browser_page.get_by_role("heading", name=heading.replace("2012", "2017"))
           ).to_be_visible(timeout=30_000)


def test_quarantined_region_is_kept_and_explained(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "regions?regions_dataset=cn_provinces&regions_year=2017"
          "&regions_region=CN-QH", "Regions")
    expect(browser_page.get_by_test_id("stAlertContentWarning")).to_contain_text(
        "Qinghai (CN-QH) is not built in 2017: it was quarantined (negative_value: A negative "
        "value where")
    expect(browser_page.get_by_role("combobox", name="Region")).to_have_value(
        "Qinghai (CN-QH)")


def test_language_switch(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "regions?regions_dataset=cn_provinces&regions_region=CN-GD",
          "Regions")
    browser_page.get_by_test_id("stSidebar").get_by_text("中文").click()
    expect(browser_page.get_by_role("heading", name="地区", exact=True)).to_be_visible(
        timeout=30_000)
    _settle(browser_page)
    assert "lang=zh" in browser_page.url
    expect(browser_page.get_by_test_id("stSidebarNav")).to_contain_text("知识图谱")
    expect(browser_page.get_by_role("heading", name="广东 (CN-GD)", exact=False)
           ).to_be_visible()
    expect(browser_page.get_by_role("combobox", name="指标")).to_have_value("全劳动生产率 (tlp)")
    _shoot(browser_page, "regions_zh")
    # the choice lives in the URL: a fresh visit with lang=zh opens in Chinese
    _open(browser_page, server, "?lang=zh", "概览")
    browser_page.get_by_test_id("stSidebar").get_by_text("English").click()
    expect(browser_page.get_by_role("heading", name="Overview", exact=True)).to_be_visible(
        timeout=30_000)


def test_compare_regions(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "compare?compare_dataset=cn_provinces&compare_year=2017"
          "&compare_regions=CN-BJ,CN-GD,CN-SH", "Compare")
    expect(browser_page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    expect(browser_page.get_by_test_id("stMultiSelect")).to_contain_text("Shanghai")
    # one line per region over the years, drawn with a height (not collapsed onto one row)
    lines = browser_page.get_by_test_id("stVegaLiteChart").nth(1).locator(
        "path[aria-roledescription='line mark']")
    expect(lines).to_have_count(3)
    heights = {line.get_attribute("d").split("L")[0] for line in lines.all()}
    assert len(heights) == 3
    _shoot(browser_page, "compare")


def test_runaway_query_is_stopped_while_another_session_answers(browser_page, server):
    """One session counts to 1e12 (hours of work); a second session's query is answered
    while it runs, and the runaway is stopped at the server's time limit."""
    from playwright.sync_api import expect

    other = browser_page.context.browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _open(other, server, "sql", "SQL")
        _open(browser_page, server, "sql", "SQL")
        runs = (("select count(*) from range(1000000000000)",
                 'select count(*) as n from "values"', "1 row"),
                ("select count(*) from range(1000000) a, range(1000000) b",
                 'select region from "values" limit 3', "3 rows"))
        for runaway, quick, answer in runs:
            browser_page.get_by_role("textbox", name="SQL").fill(runaway)
            started = time.monotonic()
            browser_page.get_by_role("button", name="Run").click()
            expect(browser_page.get_by_test_id("stStatusWidget")).to_be_visible()

            other.get_by_role("textbox", name="SQL").fill(quick)
            other.get_by_role("button", name="Run").click()
            expect(other.get_by_test_id("stCaptionContainer").filter(has_text=answer)
                   ).to_be_visible(timeout=30_000)
            answered = time.monotonic() - started
            assert browser_page.get_by_test_id("stStatusWidget").count() == 1, \
                "the runaway query should still be running when the other one answers"

            expect(browser_page.get_by_test_id("stCode")).to_contain_text(
                f"ran longer than the limit of {QUERY_SECONDS} s", timeout=60_000)
            stopped = time.monotonic() - started
            assert answered < stopped
            assert QUERY_SECONDS <= stopped < QUERY_SECONDS + 30
            # clear the error before the next runaway, so its message is the new one
            browser_page.get_by_role("textbox", name="SQL").fill("select 1 as one")
            browser_page.get_by_role("button", name="Run").click()
            expect(browser_page.get_by_test_id("stCode")).to_have_count(0, timeout=30_000)
    finally:
        other.close()
    _shoot(browser_page, "sql_stopped")


def test_map_over_the_years(browser_page, server, warehouse_sql):
    """The year is a slider kept in the URL, and a line follows one region over the years."""
    from playwright.sync_api import expect

    _open(browser_page, server, "map?map_dataset=cn_provinces&map_year=2012&map_sector=01"
          "&map_indicator=tlp&map_region=CN-GD", "Map")
    slider = browser_page.get_by_test_id("stSlider").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "2012")
    slider.focus()
    browser_page.keyboard.press("ArrowRight")
    _settle(browser_page)
    assert "map_year=2017" in browser_page.url
    years = warehouse_sql("select count(*) as n from \"values\" where dataset = 'cn_provinces' "
                          "and region = 'CN-GD' and sector = '01' and tlp is not null")["n"][0]
    line = browser_page.get_by_test_id("stVegaLiteChart").nth(1)
    expect(line.locator("path[aria-roledescription='point']")).to_have_count(int(years))


def test_compare_gives_every_sector_its_own_bar(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "compare?compare_dataset=cn_provinces&compare_year=2017"
          "&compare_indicator=dd&compare_regions=CN-GD", "Compare")
    sectors = warehouse_sql("select count(distinct sector) as n from digital_inputs where "
                            "dataset = 'cn_provinces' and year = 2017 and region = 'CN-GD'")["n"][0]
    chart = browser_page.get_by_test_id("stVegaLiteChart").first
    assert "null" not in chart.locator(Y_LABELS).all_text_contents()
    expect(chart.locator("path[aria-roledescription='bar']")).to_have_count(int(sectors))


def test_overview_draws_each_r_star_line_distinguishably(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "", "Overview")
    economies = warehouse_sql("select count(distinct (dataset, economy)) as n "
                              "from profit_rates")["n"][0]
    lines = browser_page.get_by_test_id("stVegaLiteChart").first.locator(
        "path[aria-roledescription='line mark']")
    expect(lines).to_have_count(int(economies))
    # datasets on the same national tables share r*: each line has a dash of its own
    dashes = [line.get_attribute("stroke-dasharray") for line in lines.all()]
    assert len(set(dashes)) == len(dashes)


def test_chinese_open_in_sql_stays_chinese(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "sectors?lang=zh", "部门")
    link = browser_page.get_by_role("link", name="在 SQL 中打开").first.get_attribute("href")
    assert "lang=zh" in link
    _open(browser_page, server, link.lstrip("/"), "SQL 查询")
    expect(browser_page.get_by_role("button", name="运行")).to_be_visible()


def test_sql_query_is_a_link_and_runs_every_statement(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "sql", "SQL")
    box = browser_page.get_by_role("textbox", name="SQL")
    box.fill("select 1 as one; select 2 as two, 3 as three")
    browser_page.get_by_role("button", name="Run").click()
    _settle(browser_page)
    expect(browser_page.get_by_test_id("stDataFrame")).to_have_count(2)
    expect(browser_page.get_by_text("2 statements", exact=False)).to_be_visible()
    shared = browser_page.url
    assert "sql=select+1" in shared
    _open(browser_page, server, "", "Overview")
    browser_page.goto(shared)  # the link alone brings the query back, run
    expect(browser_page.get_by_test_id("stDataFrame")).to_have_count(2, timeout=30_000)


def test_an_invalid_link_value_is_named(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "regions?regions_dataset=cn_provinces&regions_year=1999",
          "Regions")
    expect(browser_page.get_by_test_id("stAlertContentWarning").first).to_contain_text(
        "regions_year = 1999, which is not one of the choices")


def test_flows(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "flows?flows_dataset=cn_provinces_mrio&flows_year=2017"
          "&flows_region=CN-GD&flows_sector=01&flows_top=20", "Flows")
    cross = warehouse_sql(
        "select sum(value) filter (where from_region <> to_region) / sum(value) as s "
        "from stg_canonical__flows where dataset = 'cn_provinces_mrio' and year = 2017")["s"][0]
    metric = browser_page.get_by_test_id("stMetric").filter(has_text="whole table")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(f"{cross:.1%}")
    own = warehouse_sql(
        "select sum(value) filter (where from_region <> 'CN-GD') / sum(value) as s from "
        "stg_canonical__flows f join int_region_years y using (dataset, year) join dim_sectors "
        "d on d.scheme = y.scheme and d.sector = f.to_sector where dataset = 'cn_provinces_mrio' "
        "and year = 2017 and to_region = 'CN-GD' and y.region = 'CN-GD' and common_code = '01'"
    )["s"][0]
    metric = browser_page.get_by_test_id("stMetric").filter(has_text="from other regions")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(f"{own:.1%}")
    # suppliers and buyers named, the 20 largest flows between provinces drawn on the map
    charts = browser_page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(3, timeout=30_000)
    assert any(label.startswith("Guangdong") for label in charts.first.locator(
        Y_LABELS).all_text_contents())
    expect(charts.nth(2).locator("[aria-roledescription='rule mark']")).to_have_count(
        20, timeout=30_000)
    _shoot(browser_page, "flows")


def test_tables_filter_with_facets_from_the_link(browser_page, server, warehouse_sql):
    from playwright.sync_api import expect

    _open(browser_page, server, "tables?tables_table=network_links&tables_dataset="
          "cn_provinces_mrio&tables_year=2017", "Tables")
    rows = warehouse_sql("select count(*) as n from network_links where dataset = "
                         "'cn_provinces_mrio' and year = 2017")["n"][0]
    total = warehouse_sql("select count(*) as n from network_links")["n"][0]
    expect(browser_page.get_by_test_id("stCaptionContainer").filter(
        has_text=f"{rows:,} of {total:,} rows")).to_be_visible()
    # the facet's option counts its rows under the other facets' choices
    facet = warehouse_sql("select count(*) as n from network_links "
                          "where dataset = 'cn_provinces_mrio'")["n"][0]
    expect(browser_page.get_by_test_id("stMultiSelect").first).to_contain_text(
        f"cn_provinces_mrio ({facet:,})")
    _shoot(browser_page, "tables")


def test_a_click_on_a_graph_node_opens_its_entry(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "knowledge_graph", "Knowledge graph")
    graph = browser_page.get_by_test_id("stGraphVizChart").locator("svg")
    expect(graph).to_be_visible(timeout=30_000)
    centre = browser_page.get_by_role("heading", level=3).first.inner_text()
    # a linked entry (not the centre, drawn first) with a link of its own
    node = graph.locator("g.node").nth(1)
    label = " ".join(node.locator("text").all_text_contents())
    node.locator("a").first.click()
    browser_page.wait_for_url("**kg_entry=**")
    _settle(browser_page)
    heading = browser_page.get_by_role("heading", level=3).first
    expect(heading).not_to_have_text(centre, timeout=30_000)
    assert heading.inner_text().replace(" ", "") == label.replace(" ", "")


def test_scorecard_bars_say_how_many_quantities_stand_behind_them(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "regions?regions_dataset=cn_provinces&regions_year=2017"
          "&regions_region=CN-GD", "Regions")
    scorecard = browser_page.get_by_test_id("stVegaLiteChart").filter(
        has_text="Mechanism scorecard")
    expect(scorecard).to_have_count(1)
    labels = scorecard.locator(Y_LABELS).all_text_contents()
    assert labels and all(re.match(r"\(n = \d+\) ", label) for label in labels), labels
    # melt equals tlp by definition: the indicator picker offers tlp only
    browser_page.get_by_role("combobox", name="Indicator").click()
    options = browser_page.get_by_role("option").all_text_contents()
    browser_page.keyboard.press("Escape")
    assert any("(tlp)" in option for option in options)
    assert not any("(melt)" in option for option in options)


def test_knowledge_graph_in_chinese(browser_page, server):
    from playwright.sync_api import expect

    _open(browser_page, server, "knowledge_graph?lang=zh", "知识图谱")
    kinds = browser_page.get_by_role("radiogroup", name="类型")
    expect(kinds).to_be_visible()
    expect(kinds.get_by_text("机制", exact=True)).to_be_visible()
    expect(browser_page.get_by_role("heading", name="关联", exact=True)).to_be_visible()
