"""Every page of the app, run headless with AppTest on the shipped warehouse: it renders, its
widgets work and what it shows agrees with the warehouse queried directly."""

from __future__ import annotations

import io
import os
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
from apphelpers import PAGES, frame_with, open_app, texts
from rdflib import Graph

from nqpf.warehouse import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def widest(warehouse_sql) -> tuple[str, int]:
    """The dataset with the most regions and its latest year (no dataset is assumed)."""
    row = warehouse_sql(
        "select dataset, max(year) as year from \"values\" where region <> 'ALL' "
        "group by dataset order by count(distinct region) desc, dataset limit 1").iloc[0]
    return row["dataset"], int(row["year"])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    run = app(page)
    assert not run.exception, run.exception
    assert run.title[0].value == page.replace("_", " ").capitalize().replace("Sql", "SQL")


@pytest.mark.parametrize("page", [page for page in PAGES if page != "knowledge_graph"])
def test_every_data_page_says_when_the_warehouse_is_not_built(tmp_path, monkeypatch, page):
    run = open_app(tmp_path, monkeypatch)(page)
    assert not run.exception, run.exception
    assert any("warehouse is not built yet" in note and str(tmp_path) in note
               for note in texts(run, "info"))


def test_knowledge_graph_needs_no_warehouse(tmp_path, monkeypatch):
    run = open_app(tmp_path, monkeypatch)("knowledge_graph")
    assert not run.exception and not run.info
    assert [h.value for h in run.subheader][1] == "Links"


def test_overview_counts_match_the_warehouse(app, warehouse_sql):
    run = app("overview")
    metrics = {metric.label: metric.value for metric in run.metric}
    expected = warehouse_sql(
        "select count(distinct dataset) as datasets, "
        "count(distinct (dataset, region, year)) as region_years from \"values\" "
        "where region <> 'ALL'").iloc[0]
    assert metrics["Datasets"] == str(expected["datasets"])
    assert metrics["Region-years"] == str(expected["region_years"])
    quarantine = warehouse_sql("select dataset, region, year, rule from quarantine "
                               "order by dataset, region, year")
    shown = frame_with(run, "rule", "detail")
    pd.testing.assert_frame_equal(shown[["dataset", "region", "year", "rule"]], quarantine,
                                  check_dtype=False)
    built = warehouse_sql("select built_at from build_info")["built_at"][0]
    assert any(f"Built {built:%Y-%m-%d %H:%M} UTC" in c for c in texts(run, "caption"))
    tlp = frame_with(run, "mean_tlp")
    expected_tlp = warehouse_sql("select dataset, year, avg(tlp) as mean_tlp from \"values\" "
                                 "where region <> 'ALL' group by all order by all")
    assert tlp["mean_tlp"].to_list() == pytest.approx(expected_tlp["mean_tlp"].to_list())


def test_indicators_show_meaning_context_and_distribution(app, warehouse_sql):
    run = app("indicators")
    assert run.selectbox(key="indicator").value == "tlp"
    markdown = texts(run, "markdown")
    assert any("**Unit:** currency per hour" in m and "`values`" in m for m in markdown)
    assert any(m.startswith("**Outcome:**") and "Development level of productive forces"
               in m for m in markdown)
    assert any(m.startswith("**Measures:**") and "Raising the quality and efficiency of "
               "factors" in m for m in markdown)  # text 003, a curator inference
    dataset = run.selectbox(key="indicator_dataset").value
    n = warehouse_sql("select count(tlp) as n from \"values\" where region <> 'ALL' "
                      "and dataset = ?", dataset)["n"][0]
    assert any(f"Histogram of tlp over the {n:,} region-sector-years of {dataset}" in c
               for c in texts(run, "caption"))

    run.selectbox(key="indicator").select("r_star").run()
    assert not run.exception
    # one value per dataset-year: drawn as a line over the years, not as a histogram
    dataset = run.selectbox(key="indicator_dataset").value
    assert f"r_star of {dataset} in each year (unit: per year)." in texts(run, "caption")
    assert not any(c.startswith("Histogram of r_star") for c in texts(run, "caption"))


def test_indicators_compare_the_panel_summary_with_the_paper(app, shipped_warehouse):
    run = app("indicators")
    shown = frame_with(run, "paper_mean", "mean")
    with connect(shipped_warehouse) as con:
        expected = con.execute("select mean, paper_mean from panel_summary "
                               "where variable = 'tlp' order by dataset").df()
    assert len(shown) == len(expected) > 0
    assert shown["mean"].to_list() == pytest.approx(expected["mean"].to_list())
    assert shown["paper_mean"].to_list() == pytest.approx(expected["paper_mean"].to_list())


def test_indicators_set_our_regressions_beside_the_paper(app, warehouse_sql):
    run = app("indicators")
    run.selectbox(key="indicator").select("ddr").run()
    assert not run.exception
    present = set(warehouse_sql("select table_name from information_schema.tables")
                  ["table_name"])
    if "regression_results" not in present:
        assert any("`regression_results` table is not built yet" in n
                   for n in texts(run, "info"))
        return
    from nqpf.knowledge.graph import build_graph
    from nqpf.knowledge.namespaces import INDICATOR, NQPF

    graph = build_graph()
    uses = {str(node).rsplit("/", 1)[-1] for predicate in (NQPF.regressor, NQPF.outcome)
            for node in graph.subjects(predicate, INDICATOR["ddr"])}
    expected = warehouse_sql("select published_coefficient, coefficient, stars, "
                             "published_stars from regression_results where status = 'ok' "
                             "and list_contains(?, evidence_id)", sorted(uses))
    shown = frame_with(run, "published_coefficient", "coefficient", "significance_agrees")
    assert len(shown) == len(expected) > 0
    assert sorted(shown["published_coefficient"]) == sorted(expected["published_coefficient"])
    assert 0.0389 in set(shown["published_coefficient"])  # Table 3 (1), ddr on ln tlpr
    # our own evidence: significance agrees when both are starred or both are not
    agree = ((expected["stars"] == "") == (expected["published_stars"] == "")).sum()
    assert int(shown["significance_agrees"].sum()) == int(agree)


def test_pages_say_which_mart_is_not_built(trimmed_app):
    overview = trimmed_app("overview")
    assert any(c.startswith("Not built yet:") and "`network`" in c and "`panel_summary`" in c
               for c in texts(overview, "caption"))
    indicators = trimmed_app("indicators")
    assert any("`panel_summary` table is not built yet" in n for n in texts(indicators, "info"))
    indicators.selectbox(key="indicator").select("dlq").run()
    assert any("`agglomeration` table is not built yet" in n for n in texts(indicators, "info"))
    network = trimmed_app("network")
    assert any("`network` table is not built yet" in n for n in texts(network, "info"))
    regions = trimmed_app("regions")
    assert not regions.exception
    assert "dlq" not in frame_with(regions, "indicator", "percentile")["indicator"].to_list()


def test_regions_rank_and_scorecard(app, warehouse_sql, widest):
    dataset, year = widest
    means = warehouse_sql("select region, avg(tlp) as tlp from \"values\" where dataset = ? "
                          "and year = ? and region <> 'ALL' group by region order by tlp desc",
                          dataset, year)
    top, bottom = means["region"].iloc[0], means["region"].iloc[-1]
    run = app("regions")
    run.selectbox(key="regions_dataset").select(dataset).run()
    run.selectbox(key="regions_year").select(year).run()
    run.selectbox(key="regions_region").select(top).run()
    assert not run.exception

    by_sector = frame_with(run, "tlp", "sector")
    expected = warehouse_sql("select sector, tlp from \"values\" where dataset = ? and year = ? "
                             "and region = ? order by sector", dataset, year, top)
    assert by_sector.sort_values("sector")["tlp"].to_list() == pytest.approx(
        expected["tlp"].to_list())
    rank = frame_with(run, "indicator", "percentile").set_index("indicator")
    assert rank.at["tlp", "rank"] == 1
    assert rank.at["tlp", "of_regions"] == len(means)
    assert rank.at["tlp", "sector_mean"] == pytest.approx(means["tlp"].iloc[0])
    assert rank.at["tlp", "percentile"] == pytest.approx(100)
    scorecard = frame_with(run, "mechanism", "percentile").set_index("mechanism")
    assert "tlp" in scorecard.at["o004_total_labour_productivity", "indicators"]

    run.selectbox(key="regions_region").select(bottom).run()
    rank = frame_with(run, "indicator", "percentile").set_index("indicator")
    assert rank.at["tlp", "percentile"] == pytest.approx(0)


def test_regions_change_between_years(app, warehouse_sql, widest):
    dataset, year = widest
    years = warehouse_sql("select distinct year from \"values\" where dataset = ? "
                          "order by year", dataset)["year"].to_list()
    if len(years) < 2:
        pytest.skip(f"{dataset} has one year")
    run = app("regions")
    run.selectbox(key="regions_dataset").select(dataset).run()
    run.selectbox(key="regions_year").select(year).run()
    region = run.selectbox(key="regions_region").value
    base = run.selectbox(key="regions_base_year").value
    assert base != year
    assert any(f"from {base} to {year}" in c for c in texts(run, "caption")), region


def test_sectors_rank_regions_and_show_prices(app, warehouse_sql, widest):
    dataset, year = widest
    sector = warehouse_sql("select min(sector) as s from \"values\" where dataset = ?",
                           dataset)["s"][0]
    run = app("sectors")
    run.selectbox(key="sectors_dataset").select(dataset).run()
    run.selectbox(key="sectors_year").select(year).run()
    run.selectbox(key="sectors_sector").select(sector).run()
    assert not run.exception
    across = frame_with(run, "region", "label", "tlp")
    expected = warehouse_sql("select region, tlp from \"values\" where dataset = ? and year = ? "
                             "and sector = ? and region <> 'ALL' order by tlp desc",
                             dataset, year, sector)
    assert across["region"].to_list() == expected["region"].to_list()
    prices = frame_with(run, "production_price", "labour_value")
    expected = warehouse_sql("select year, production_price from prices where dataset = ? "
                             "and sector = ? order by year, economy", dataset, sector)
    assert prices["production_price"].to_list() == pytest.approx(
        expected["production_price"].to_list())


def test_network_shows_the_strongest_suppliers(app, shipped_warehouse):
    run = app("network")
    assert not run.exception
    keys = {name: run.selectbox(key=f"network_{name}").value
            for name in ("dataset", "year", "region", "sector")}
    run.selectbox(key="network_top").select(5).run()

    with connect(shipped_warehouse) as con:
        where = "dataset = ? and year = ? and region = ? and sector = ?"
        otlp = con.execute(f"select otlp from network where {where}",
                           list(keys.values())).fetchone()[0]
        links = con.execute(f"select supplier_region, supplier_sector, weight "
                            f"from network_links where {where} order by rank limit 5",
                            list(keys.values())).df()
    assert run.metric[0].value == f"{otlp:.6g}"
    shown = frame_with(run, "rank", "supplier_sector", "weight")
    for column in ("supplier_region", "supplier_sector"):
        assert shown[column].to_list() == links[column].to_list()
    assert shown["weight"].to_list() == pytest.approx(links["weight"].to_list())


def test_knowledge_graph_browses_hypotheses_and_their_links(app):
    from nqpf.knowledge.graph import build_graph
    from nqpf.knowledge.namespaces import KG, NQPF

    graph = build_graph()
    run = app("knowledge_graph")
    run.radio(key="kg_kind").set_value("Hypotheses").run()
    run.selectbox(key="kg_entry").select(str(KG["h004_h1"])).run()
    assert not run.exception
    label = str(next(graph.objects(KG["h004_h1"], NQPF.tests)))
    links = frame_with(run, "link", "entry", "id")
    assert {"tests"} <= set(links["link"])
    assert label.rsplit("/", 1)[-1] in set(links["id"])
    supporting = {str(e).rsplit("/", 1)[-1] for e in graph.subjects(NQPF.supports,
                                                                    KG["h004_h1"])}
    assert supporting == set(links.loc[links["link"] == "supports (from)", "id"])
    assert run.get("graphviz_chart"), "the neighbourhood graph is drawn"
    section = graph.value(graph.value(KG["h004_h1"], NQPF.citedIn), NQPF.sectionNumber)
    assert any(m.startswith("**Source:**") and f"section {section} " in m
               for m in texts(run, "markdown"))


def test_knowledge_graph_sets_our_evidence_beside_a_published_record(app, warehouse_sql):
    run = app("knowledge_graph")
    run.radio(key="kg_kind").set_value("Evidence").run()
    run.selectbox(key="kg_entry").select("https://w3id.org/nqpf/kg/e004_t3_c5").run()
    assert not run.exception
    expected = warehouse_sql("select dataset, coefficient, stars from regression_results "
                             "where evidence_id = 'e004_t3_c5' and status = 'ok' "
                             "order by dataset")
    shown = frame_with(run, "dataset", "sign_agrees", "significance_agrees")
    assert shown["dataset"].to_list() == expected["dataset"].to_list()
    assert shown["coefficient"].to_list() == pytest.approx(expected["coefficient"].to_list())
    # ln otlp on ln tlpr: positive and significant, as published, supports H1
    positive = expected[(expected["coefficient"] > 0) & (expected["stars"] != "")]
    assert set(shown.loc[shown["dataset"].isin(positive["dataset"]), "relation"]) <= {"supports"}


def test_knowledge_graph_searches_either_language_and_shows_provenance(app):
    run = app("knowledge_graph")
    run.text_input(key="kg_search").input("新质生产力").run()
    assert not run.exception
    hits = frame_with(run, "id", "matched")
    assert {"m004_digitalization_nqpf", "m002_nqpf_manufacturing"} <= set(hits["id"])
    run.text_input(key="kg_search").input("nqpf").run()
    assert "m004_digitalization_nqpf" in set(frame_with(run, "id", "matched")["id"])

    run.radio(key="kg_kind").set_value("Policies").run()
    run.selectbox(key="kg_entry").select(
        "https://w3id.org/nqpf/kg/p004_modern_industrial_system").run()
    provenance = frame_with(run, "basis", "justification").set_index("object")
    assert provenance.at["m004_industrial_agglomeration", "basis"] == "stated in the text"
    inferred = provenance.loc["ch004_production_process"]
    assert inferred["basis"] == "curator inference" and inferred["justification"]
    assert inferred["quote"] == "The “AI+” model should be utilized"


def _run_sql(app, text: str):
    run = app("sql")
    run.text_area(key="sql_text").input(text)
    run.button[0].click().run()
    return run


def test_sql_runs_a_query(app, warehouse_sql):
    run = _run_sql(app, "select dataset, count(*) as n from \"values\" group by 1 order by 1")
    assert not run.exception and not run.error
    expected = warehouse_sql("select dataset, count(*) as n from \"values\" group by 1 "
                             "order by 1")
    pd.testing.assert_frame_equal(run.dataframe[0].value, expected, check_dtype=False)
    assert run.get("download_button")


@pytest.mark.parametrize("statement, reason", [
    ("create table x(a int)", "read-only"),
    ("copy \"values\" to '{target}'", "COPY is refused"),
    ("select * from read_csv('/etc/passwd')", "disabled by configuration"),
])
def test_sql_refuses_writes_and_file_access(app, tmp_path, statement, reason):
    target = tmp_path / "x.csv"
    run = _run_sql(app, statement.format(target=target))
    assert not run.exception
    assert [e.value for e in run.error] == [
        "DuckDB did not run this statement: The connection is read-only: writes, file access "
        "and setting changes are refused."]
    assert reason in run.code[0].value  # the message in monospace, its caret in place
    assert not run.dataframe
    assert not target.exists()


def test_sql_on_a_moved_copy_says_where_the_staged_flows_are(trimmed_app, trimmed_warehouse,
                                                            shipped_warehouse):
    """The trimmed warehouse is a copy of the file alone: its marts answer, and its staged
    flows (views over the build's snapshot beside the original) say why they do not."""
    run = _run_sql(trimmed_app, "select count(*) as n from stg_canonical__flows")
    assert not run.exception
    assert [e.value for e in run.error] == [
        "DuckDB did not run this statement: The staged flows and final demand are read from "
        "the build's snapshot of the canonical files, which this warehouse file cannot reach: "
        "it was moved, or the snapshot removed. Every other table, the marts among them, is "
        "in the file."]
    message = run.code[0].value
    assert f"{shipped_warehouse.parent / 'snapshots'}{os.sep}" in message
    assert f"whose snapshots are in {trimmed_warehouse.parent / 'snapshots'}" in message
    assert _run_sql(trimmed_app, 'select count(*) as n from "values"').dataframe


def test_export_offers_marts_and_the_graph(app, warehouse_sql):
    import kgraph
    import store

    run = app("export")
    labels = [button.proto.label for button in run.get("download_button")]
    assert labels == ["Download knowledge graph (Turtle)", "Download values.csv"]
    run.radio(key="export_format").set_value("Parquet").run()
    assert run.get("download_button")[1].proto.label == "Download values.parquet"

    rows = warehouse_sql("select count(*) as n from prices")["n"][0]
    assert pq.read_table(io.BytesIO(store.table_bytes("prices", "Parquet"))).num_rows == rows
    assert len(pd.read_csv(io.BytesIO(store.table_bytes("prices", "CSV")))) == rows
    assert len(Graph().parse(data=kgraph.turtle(), format="turtle")) == len(kgraph.graph())


def test_a_rebuild_is_picked_up_by_a_running_app(shipped_warehouse, tmp_path, monkeypatch,
                                                 warehouse_sql):
    """A rebuild swaps the file atomically; the next run reads the new file."""
    import duckdb

    path = tmp_path / shipped_warehouse.name
    shutil.copy(shipped_warehouse, path)
    run = open_app(tmp_path, monkeypatch)("overview")
    before = len(frame_with(run, "rule", "detail"))
    assert before == warehouse_sql("select count(*) as n from quarantine")["n"][0]

    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(shipped_warehouse, rebuilt)
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("delete from quarantine")
    os.replace(rebuilt, path)
    run.run()
    assert not run.exception
    assert "None: every region-year passed the checks." in texts(run, "markdown")
