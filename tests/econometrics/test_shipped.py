"""The whole catalogue on the warehouse built from the shipped data: every model runs or says
why it cannot, the mart links to its build, and `nqpf regress` prints it."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nqpf.econometrics import cli
from nqpf.econometrics.catalogue import load_catalogue
from nqpf.econometrics.results import run_catalogue
from nqpf.warehouse import connect


@pytest.fixture(scope="module")
def con(shipped_warehouse: Path) -> duckdb.DuckDBPyConnection:
    with connect(shipped_warehouse) as c:
        yield c


@pytest.fixture(scope="module")
def results(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from regression_results").fetchdf()


def test_every_model_runs_or_says_why_on_every_dataset(con, results):
    datasets = {r[0] for r in con.execute("select distinct dataset from analysis_panel").fetchall()}
    models = {m.id for m in load_catalogue().models}
    pairs = set(results[["dataset", "model"]].itertuples(index=False, name=None))
    assert pairs == {(d, m) for d in datasets for m in models}
    assert set(results["status"]) <= {"ok", "cannot_run"}
    failed = results.loc[results["status"] != "ok"]
    assert failed["detail"].str.len().gt(10).all()
    assert failed["coefficient"].isna().all()
    ok = results.loc[results["status"] == "ok"]
    assert ok[["coefficient", "std_error", "p", "n"]].notna().all().all()
    assert (ok["std_error"] > 0).all()


def status(results: pd.DataFrame, dataset: str) -> pd.Series:
    return results.loc[results["dataset"] == dataset].groupby("model")["status"].first()


def test_shipped_datasets_have_the_expected_gaps(results):
    provinces = status(results, "cn_provinces")
    assert set(provinces[provinces == "cannot_run"].index) == {
        "t6_c1", "t6_c2", "t6_c3", "t6_c4", "t8_iv"}
    details = results.groupby(["dataset", "model"])["detail"].first()
    assert "one year only (2012)" in details[("cn_provinces", "t6_c1")]
    assert "no instrument file" in details[("cn_provinces", "t8_iv")]
    mrio = status(results, "cn_provinces_mrio")  # the same panel but for otlp
    assert set(mrio[mrio == "cannot_run"].index) == set(provinces[provinces == "cannot_run"].index)
    national = results.loc[(results["dataset"] == "cn_national")
                           & (results["model"] != "t8_iv")]
    assert (national["status"] == "cannot_run").all()
    assert national["detail"].str.contains("the dataset has one region").all()


def test_results_are_linked_to_the_build_and_the_evidence(con, results):
    build = con.execute("select build_id from build_info").fetchone()[0]
    assert set(results["data_build"]) == {build}
    evidence = {r[0] for r in con.execute("select evidence_id from evidence").fetchall()}
    assert set(results["evidence_id"].dropna()) <= evidence


def test_iv_runs_with_an_instrument_file(con):
    panel = con.execute("select * from analysis_panel where dataset = 'cn_provinces'").fetchdf()
    regions = sorted(panel["region"].unique())
    values = pd.Series(range(1, len(regions) + 1), index=regions, dtype=float)
    out = run_catalogue(panel, load_catalogue(), region_values=values, table=8)
    assert list(out["status"]) == ["ok", "ok"]
    assert out[["first_stage_f", "cragg_donald_f", "kp_rk_lm"]].gt(0).all().all()


def run_cli(argv: list[str], home: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setenv("NQPF_HOME", str(home))
    parser = argparse.ArgumentParser(prog="nqpf")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


def test_regress_prints_the_mart_in_the_papers_layout(shipped_warehouse, monkeypatch, capsys):
    code, out = run_cli(["regress", "--table", "3"], shipped_warehouse.parent, monkeypatch,
                        capsys)
    assert code == 0
    assert "Table 3 - cn_provinces" in out and "0.0389*** (0.0028)" in out
    assert "Table 4" not in out


def test_regress_reestimates_with_an_instrument(shipped_warehouse, tmp_path, monkeypatch,
                                               capsys, con):
    regions = [r[0] for r in con.execute(
        "select distinct region from analysis_panel where dataset = 'cn_provinces'").fetchall()]
    csv = tmp_path / "telephones.csv"
    csv.write_text("region,value\n" + "\n".join(f"{r},{i + 1}" for i, r in enumerate(regions)),
                   encoding="utf-8")
    code, out = run_cli(["regress", "--table", "8", "--dataset", "cn_provinces",
                         "--instrument", str(csv)], shipped_warehouse.parent, monkeypatch, capsys)
    assert code == 0
    assert "Kleibergen-Paap rk LM: ours " in out and "paper 69.76" in out
    assert "every model ran on every dataset" in out
