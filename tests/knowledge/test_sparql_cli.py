"""`nqpf sparql`: saved and ad-hoc queries on the knowledge graph and on the last export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqpf.cli import main
from nqpf.export import export_warehouse
from nqpf.knowledge.datacube import DATA_BASE
from nqpf.knowledge.queries import run_saved
from nqpf.warehouse import connect


def _table(stdout: str) -> list[list[str]]:
    """The printed table as rows of whitespace-separated cells (header dropped)."""
    return [line.split() for line in stdout.strip().splitlines()[1:]]


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_saved_query_on_the_knowledge_graph(nqpf_cli: Callable) -> None:
    run = nqpf_cli("sparql", "--saved", "indicators_of_mechanism",
                   "--bind", "mechanism=ch004_labour_reproduction")
    assert run.returncode == 0, run.stderr
    rows = _table(run.stdout)
    assert {row[2] for row in rows} == {"idd", "ids", "indi", "indir"}
    assert {row[1] for row in rows} == {"ind:idd", "ind:ids", "ind:indi", "ind:indir"}


def test_policies_for_a_mechanism_match_the_library(nqpf_cli: Callable,
                                                   kg_store: ox.Store) -> None:
    run = nqpf_cli("sparql", "--saved", "policies_for_mechanism",
                   "--bind", "mechanism=m004_digitalization_nqpf", "--max-rows", "500")
    assert run.returncode == 0, run.stderr
    printed = {row[1].removeprefix("kg:") for row in _table(run.stdout)}
    expected = {_local(row["policy"]) for row in run_saved(
        "policies_for_mechanism", kg_store, mechanism="m004_digitalization_nqpf")}
    assert printed == expected
    assert {"p004_economic_reform", "p004_sci_tech_reform"} <= printed


def test_saved_query_on_the_export_sees_knowledge_and_data(
        nqpf_cli: Callable, full_export: tuple[Path, str], kg_store: ox.Store) -> None:
    run = nqpf_cli("sparql", "--data", "--saved", "indicator_context",
                   "--bind", "indicator=dsr", "--max-rows", "500")
    assert run.returncode == 0, run.stderr
    printed = {(row[1], row[2].removeprefix("kg:")) for row in _table(run.stdout)}
    expected = {(row["kind"], _local(row["node"]))
                for row in run_saved("indicator_context", kg_store, indicator="dsr")}
    # the export adds our own evidence: the re-estimates of the published records
    assert {row for row in printed if row[0] != "our_evidence"} == expected
    assert {kind for kind, _ in printed} == {"mechanism", "input_category", "method",
                                             "constraint", "policy", "evidence", "our_evidence"}
    assert ("evidence", "e004_t3_c2") in printed  # dsr on ln tlpr, Table 3 column (2)
    assert ("our_evidence", "data:evidence/cn_provinces/t3_c2/dsr") in printed


def test_ad_hoc_query_on_a_chosen_export(
        nqpf_cli: Callable, shipped_warehouse: Path, tmp_path: Path) -> None:
    export = export_warehouse(shipped_warehouse, tmp_path / "prices.ttl", marts=["prices"]).path
    query = f"""
        SELECT (COUNT(?obs) AS ?n) WHERE {{
          ?obs <http://purl.org/linked-data/cube#dataSet>
               <{DATA_BASE}dataset/prices/production_price> }}"""
    run = nqpf_cli("sparql", "--export", str(export), query)
    assert run.returncode == 0, run.stderr
    with connect(shipped_warehouse) as con:
        expected = con.execute("select count(production_price) from prices").fetchone()[0]
    assert _table(run.stdout) == [[str(expected)]]


def test_errors_are_reported_without_a_traceback(
        shipped_warehouse: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NQPF_HOME", str(shipped_warehouse.parent))
    assert main(["sparql", "--saved", "no_such_query"]) == 2
    assert "indicator_context" in capsys.readouterr().err  # names the available queries
    assert main(["sparql", "SELECT * WHERE { ?s ?p ?o }", "--saved", "indicator_context"]) == 2
    assert "one of them" in capsys.readouterr().err
    assert main(["sparql", "--saved", "indicator_context", "--bind", "indicator=nope"]) == 2
    assert "'nope' is neither" in capsys.readouterr().err
    assert main(["sparql", "SELEC nothing"]) == 2
    assert capsys.readouterr().err.startswith("nqpf sparql:")
