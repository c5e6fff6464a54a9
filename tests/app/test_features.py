"""The researcher's features, run headless with AppTest on the shipped warehouse: the map's
join, views from the URL, the Chinese switch, the column catalogue, open-in-SQL, and the
corrections (indicator direction in the scorecard, quarantined regions kept, network names
and link count)."""

from __future__ import annotations

import json

import pytest
import ui
from apphelpers import chart_titles, frame_with, texts

pytestmark = pytest.mark.slow
PROVINCES = {"map_dataset": "cn_provinces", "map_year": "2017", "map_sector": "01",
             "map_indicator": "tlp"}


def test_literal_sql_inlines_parameters():
    sql = ui.literal_sql("select * from t where a = ? and b = ? and c is ? and d = ?",
                         ("it's", 2017, None, 1.5))
    assert sql == "select * from t where a = 'it''s' and b = 2017 and c is null and d = 1.5"
    with pytest.raises(ValueError, match="2 placeholders for 1 parameters"):
        ui.literal_sql("? ?", (1,))


def test_map_fills_the_regions_with_values_and_leaves_the_rest_missing(app, warehouse_sql):
    run = app("map", **PROVINCES)
    assert not run.exception, run.exception
    n = warehouse_sql("select count(tlp) as n from \"values\" where dataset = 'cn_provinces' "
                      "and year = 2017 and sector = '01' and region <> 'ALL'")["n"][0]
    assert any(f"({n} of its 31 regions have a value; unit: CNY per hour)" in c
               for c in texts(run, "caption"))
    assert run.query_params["map_year"] == ["2017"] or run.query_params["map_year"] == "2017"


def test_map_says_when_a_dataset_has_no_chinese_region(app):
    run = app("map", map_dataset="wiod_aus_usa")
    assert any("wiod_aus_usa has no region with a Chinese administrative code" in note
               for note in texts(run, "info"))


def test_the_url_sets_every_picker(app):
    run = app("regions", regions_dataset="cn_provinces", regions_year="2012",
              regions_region="CN-GD", regions_indicator="tlpr")
    assert run.selectbox(key="regions_year").value == 2012
    assert run.selectbox(key="regions_region").value == "CN-GD"
    assert run.selectbox(key="regions_indicator").value == "tlpr"
    assert run.subheader[0].value == "Indicators of Guangdong (CN-GD) in 2012 by sector"
    # a value that is not an option falls back to the default
    run = app("regions", regions_dataset="cn_provinces", regions_year="1999")
    assert run.selectbox(key="regions_year").value == 2017


def test_chinese_switch_translates_text_and_names(app):
    run = app("regions", lang="zh", regions_dataset="cn_provinces", regions_region="CN-GD",
              regions_year="2017")
    assert not run.exception
    assert run.title[0].value == "地区"
    assert run.subheader[0].value == "广东 (CN-GD) 2017 年各部门指标"
    shown = run.selectbox(key="regions_indicator_zh").options
    assert "全劳动生产率 (tlp)" in shown
    assert "相对全劳动生产率 (tlpr)" in shown


def test_quarantined_region_is_kept_and_explained(app, warehouse_sql):
    run = app("regions", regions_dataset="cn_provinces", regions_region="CN-QH",
              regions_year="2017")
    assert run.selectbox(key="regions_region").value == "CN-QH"
    # the rule's meaning is the seed validation_rules' (in Chinese the translation layer's)
    meaning = warehouse_sql("select meaning from validation_rules "
                            "where rule = 'negative_value'")["meaning"][0]
    assert [w.value for w in run.warning] == [
        f"Qinghai (CN-QH) is not built in 2017: it was quarantined (negative_value: {meaning}). "
        "Pick another year, or another region."]
    run = app("regions", regions_dataset="cn_provinces", regions_region="CN-QH",
              regions_year="2017", lang="zh")
    assert "negative_value：出现不允许的负值" in run.warning[0].value


def test_scorecard_counts_each_quantity_once_in_its_direction(app):
    run = app("regions", regions_dataset="cn_provinces", regions_region="CN-BJ",
              regions_year="2017")
    scorecard = frame_with(run, "mechanism", "percentile").set_index("mechanism")
    labour = scorecard.loc["o004_total_labour_productivity"]
    # lambda = 1 / tlp and tlpr = tlp / tlp of the aggregate are one quantity: one group
    groups = labour["indicators"].split(", ")
    assert "lambda/tlp/tlpr" in groups and labour["count"] == len(groups)
    assert not {"c", "v", "occ"} & set("/".join(groups).split("/"))
    # the score is the mean over quantities of each quantity's mean percentile, with
    # 'lower' indicators (lambda) turned round
    rank = frame_with(run, "indicator", "percentile").set_index("indicator")["percentile"]
    directions = {"lambda": "lower"}

    def score(indicator: str) -> float:
        value = rank[indicator]
        return 100 - value if directions.get(indicator) == "lower" else value

    expected = sum(sum(map(score, group.split("/"))) / len(group.split("/"))
                   for group in groups) / len(groups)
    assert labour["percentile"] == pytest.approx(expected)


def test_single_region_dataset_says_why(app):
    run = app("regions", regions_dataset="cn_national")
    assert any("cn_national has a single region" in note for note in texts(run, "info"))
    assert "Rank among regions" not in [s.value for s in run.subheader]


def test_network_names_every_supplier_and_caps_the_links(app):
    run = app("network", network_dataset="cn_provinces", network_year="2017")
    assert not run.exception
    kept = int(frame_with(run, "rank", "supplier_sector")["rank"].max())
    assert run.selectbox(key="network_top").options[-1] == str(kept)
    names = frame_with(run, "rank", "supplier_sector", "name")["name"]
    assert names.notna().all() and not names.str.contains("None").any()


def test_open_in_sql_runs_the_chart_query(app, warehouse_sql):
    run = app("sql", sql="select count(*) as n from \"values\" where region <> 'ALL'")
    assert not run.exception
    n = warehouse_sql("select count(*) as n from \"values\" where region <> 'ALL'")["n"][0]
    assert frame_with(run, "n")["n"].to_list() == [n]


def test_column_catalogue_reads_the_build_manifest(app):
    run = app("columns", columns_search="tlp")
    assert not run.exception
    columns = frame_with(run, "table", "column", "description", "tests", "unit")
    tlp = columns[(columns["table"] == "values") & (columns["column"] == "tlp")].iloc[0]
    assert tlp["unit"] == "currency units per hour" and "not_null" in tlp["tests"]
    assert tlp["description"]


def test_map_draws_the_cities_of_a_city_dataset(city_app):
    run = city_app("map", map_dataset="ceads_demo", map_year="2017", map_sector="01",
                   map_indicator="tlp")
    assert not run.exception, run.exception
    assert any("(2 of its 3 regions have a value; unit: CNY per hour)" in c
               for c in texts(run, "caption"))


def test_chinese_charts_title_their_axes_in_chinese(app):
    run = app("overview", lang="zh")
    assert not run.exception, run.exception
    titles = {title for chart in run.get("vega_lite_chart")
              for title in chart_titles(json.loads(chart.proto.spec))}
    assert {"统一利润率 r*", "平均 tlp（货币单位/小时）", "年份", "数据集"} <= titles, titles
    assert not {"Uniform profit rate r*", "Year", "Dataset"} & titles


def test_flows_of_a_single_region_dataset_say_there_are_none(app):
    run = app("flows", flows_dataset="cn_national")
    assert not run.exception, run.exception
    assert {metric.label: metric.value for metric in run.metric}[
        "Inputs from another region (whole table)"] == "0.0%"
    assert any("records no flows between regions" in note for note in texts(run, "info"))
    assert not any(h.value.startswith("Largest flows") for h in run.subheader)


def test_table_headers_carry_units_and_numbers_are_formatted(app, warehouse_sql):
    run = app("tables", tables_table="values", tables_dataset="cn_provinces")
    config = json.loads(run.dataframe[0].proto.columns)
    currency = warehouse_sql("select any_value(currency) as c from \"values\" "
                             "where dataset = 'cn_provinces'")["c"][0]
    assert config["tlp"]["label"] == f"tlp [{currency} per hour]"
    assert config["lambda"]["label"] == f"lambda [hours per {currency}]"
    assert config["year"] == {"label": "Year", "type_config": {"type": "number", "format": "%d"}}
    # gross output runs to billions: thousands separators; ratios: four significant digits
    assert config["gross_output"]["type_config"]["format"] == "localized"
    assert config["tlpr"]["type_config"]["format"] == "%.4g"
    config = json.loads(app("tables", tables_table="values", tables_dataset="cn_provinces",
                            lang="zh").dataframe[0].proto.columns)
    assert config["tlp"]["label"] == f"tlp [{currency}/小时]"
    assert config["year"]["label"] == "年份"
