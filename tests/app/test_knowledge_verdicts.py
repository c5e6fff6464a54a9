"""The knowledge graph page shows our computed verdicts with their counts beside the
authors', in either language."""

from __future__ import annotations

import pytest
from apphelpers import frame_with, open_app


def test_verdicts_without_a_warehouse_come_from_the_published_tables(tmp_path, monkeypatch):
    run = open_app(tmp_path, monkeypatch)("knowledge_graph")
    assert not run.exception
    shown = frame_with(run, "Our verdict", "Authors' verdict").set_index("Hypothesis")
    # Tables 3-6: 8 estimates with the sign 3.2.1 predicts, indir on tlpr twice against it
    assert shown.loc["H1", ["Body of evidence", "Our verdict", "Supporting", "Contradicting",
                            "Not significant", "Authors' verdict"]].tolist() == [
        "published", "partly supported", 8, 2, 0, "supported"]
    assert shown.loc["H2", "Our verdict"] == "supported"
    assert set(shown["Cited at"]) == {"004 6. Conclusion and policy implications"}


def test_verdicts_in_chinese(tmp_path, monkeypatch):
    run = open_app(tmp_path, monkeypatch)("knowledge_graph", lang="zh")
    assert not run.exception
    shown = frame_with(run, "本仓库判定", "作者判定").set_index("假说")
    assert shown.loc["H1", ["证据来源", "本仓库判定", "作者判定"]].tolist() == [
        "已发表结果", "部分支持", "支持"]


@pytest.mark.slow
def test_verdicts_on_a_warehouse_are_the_mart(app, warehouse_sql):
    run = app("knowledge_graph")
    assert not run.exception
    mart = warehouse_sql("select hypothesis_code, body, verdict, supporting, contradicting, "
                         "insignificant from hypothesis_verdict order by hypothesis_code, body")
    shown = frame_with(run, "Our verdict", "Authors' verdict")
    assert shown["Body of evidence"].tolist() == mart["body"].tolist()
    assert shown["Our verdict"].tolist() == mart["verdict"].tolist()
    assert shown["Supporting"].tolist() == mart["supporting"].tolist()
    assert {"published", "all datasets"} <= set(mart["body"])
