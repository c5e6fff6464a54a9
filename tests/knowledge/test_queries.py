"""The saved SPARQL queries return the answers the curated knowledge implies."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph

from nqpf.knowledge.namespaces import KG, NQPF
from nqpf.knowledge.queries import list_saved, run_saved


def _ids(rows: list[dict], column: str) -> set[str]:
    return {row[column].rsplit("/", 1)[-1] for row in rows}


def test_saved_queries_are_listed() -> None:
    assert {"indicators_of_mechanism", "policies_for_mechanism", "evidence_by_hypothesis",
            "unmeasured_mechanisms", "indicator_context"} <= set(list_saved())


def test_unknown_query_names_the_available_ones(kg: Graph) -> None:
    with pytest.raises(KeyError, match="indicator_context"):
        run_saved("no_such_query", kg)


def test_indicators_of_digital_service_channel(kg: Graph) -> None:
    rows = run_saved("indicators_of_mechanism", kg, mechanism="ch004_digital_service")
    assert {row["id"] for row in rows} == {"dds", "ids", "ds", "dsr"}
    assert {row["model"] for row in rows} == {"digital_inputs"}


def test_indicators_of_a_broad_mechanism_include_its_channels(kg: Graph) -> None:
    rows = run_saved("indicators_of_mechanism", kg, mechanism="m004_agglomeration")
    assert {row["id"] for row in rows} == {"pri", "dlq", "pp"}
    core = {row["id"] for row in run_saved("indicators_of_mechanism", kg,
                                           mechanism="m004_digitalization_nqpf")}
    assert {"tlp", "tlpr", "dt", "occ", "otlp", "ddd", "idd", "lp"} <= core
    assert "pri" not in core


def test_policies_for_the_production_process_channel(kg: Graph) -> None:
    rows = run_saved("policies_for_mechanism", kg, mechanism="ch004_production_process")
    pairs = {(row["policy"].rsplit("/", 1)[-1], row["constraint"].rsplit("/", 1)[-1])
             for row in rows}
    assert pairs == {
        ("p004_modern_industrial_system", "c004_fixed_cost_threshold"),
        ("p004_economic_reform", "c004_sme_capability"),
        ("p000_differentiated_support", "c004_sme_capability"),
        ("p003_investment_financing", "c004_sme_capability"),
    }


def test_policy_for_a_narrower_constraint_counts(kg: Graph) -> None:
    # c003_data_rights is narrower than c003_security, which constrains market space
    rows = run_saved("policies_for_mechanism", kg, mechanism="m003_resource_allocation")
    assert ("p003_data_market", "c003_security") in {
        (row["policy"].rsplit("/", 1)[-1], row["constraint"].rsplit("/", 1)[-1]) for row in rows}


def test_evidence_for_h2_is_table_5(kg: Graph) -> None:
    rows = run_saved("evidence_by_hypothesis", kg, hypothesis="h004_h2")
    assert len(rows) == 8
    assert {row["table"] for row in rows} == {5}
    indir = next(r for r in rows if r["variable"] == "indir")
    assert (indir["coefficient"], indir["standardError"], indir["nObs"], indir["rSquared"]) == (
        -0.6882, 0.0113, 25098, 0.8710)
    assert indir["relation"] == "contradicts"
    assert sum(row["relation"] == "supports" for row in rows) == 7


def test_evidence_relations_over_all_hypotheses(kg: Graph) -> None:
    rows = run_saved("evidence_by_hypothesis", kg)
    assert len(rows) == 39
    inconclusive = {row["evidence"].rsplit("/", 1)[-1] for row in rows
                    if row["relation"] == "inconclusive"}
    assert inconclusive == {"e004_t6_c1", "e004_t6_c2", "e004_t7_c2", "e004_t8_first"}
    t8 = next(r for r in rows if r["evidence"].endswith("e004_t8_second"))
    assert (t8["code"], t8["coefficient"], t8["nObs"], t8["rSquared"]) == ("H3", 5.5144, 18338,
                                                                           None)


def test_unmeasured_mechanisms_consistent_with_indicator_query(kg: Graph) -> None:
    unmeasured = _ids(run_saved("unmeasured_mechanisms", kg), "mechanism")
    assert {"m004_fixed_cost_dilution", "m004_knowledge_spillover", "m000_factor_allocation"} \
        <= unmeasured
    assert "m004_occ" not in unmeasured and "m004_agglomeration" not in unmeasured
    for mechanism in kg.subjects(RDF.type, NQPF.Mechanism):
        name = str(mechanism).rsplit("/", 1)[-1]
        measured = run_saved("indicators_of_mechanism", kg, mechanism=mechanism)
        assert (name in unmeasured) == (not measured), name


def test_indicator_context_of_dsr(kg: Graph) -> None:
    rows = run_saved("indicator_context", kg, indicator="dsr")
    by_kind: dict[str, set[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], set()).add(row["node"].rsplit("/", 1)[-1])
    assert by_kind["mechanism"] == {"ch004_digital_service"}
    assert by_kind["constraint"] == {"c004_sme_capability", "c004_production_relations"}
    assert {"p004_economic_reform", "p004_sci_tech_reform", "p000_differentiated_support"} <= \
        by_kind["policy"]
    assert by_kind["evidence"] == {f"e004_t{t}_c2" for t in (3, 4, 5, 6, 7, 9, 10)}


def test_bindings_accept_full_iris(kg: Graph) -> None:
    by_id = run_saved("indicators_of_mechanism", kg, mechanism="ch004_industrial_linkage")
    by_iri = run_saved("indicators_of_mechanism", kg,
                       mechanism=str(KG["ch004_industrial_linkage"]))
    assert by_id == by_iri
    assert [row["id"] for row in by_id] == ["otlp"]


#: METHOD.md section 8 (published coefficients), table -> regressor or outcome -> coefficient
PUBLISHED = {
    3: {"ddr": 0.0389, "dsr": 0.0938, "dir": 0.0298, "indir": -0.1541, "ln otlp": 0.2906},
    4: {"ddr": 0.0230, "dsr": 0.0737, "dir": 0.0290, "indir": -0.1516},
    5: {"ddr": 0.0812, "dsr": 0.1192, "dir": 0.0708, "indir": -0.6882},
    6: {"ddr": -0.0089, "dsr": -0.0382, "dir": -0.1215, "indir": 0.4405},
    7: {"ddr": 0.1034, "dsr": -0.0098, "dir": 0.0662, "indir": -0.1970},
}
NETWORK = {4: [0.2800, 0.2700, 0.2891, 0.2829], 5: [0.2921, 0.2962, 0.3248, 0.2928]}
AGGLOMERATION = {9: [0.2491, 0.1626, 0.3196, 0.1122], 10: [0.5472, 0.0482, 0.6922, -0.1060]}


def test_evidence_matches_the_published_coefficients(kg: Graph) -> None:
    rows = run_saved("evidence_by_hypothesis", kg)
    by_table: dict[int, list[dict]] = {}
    for row in rows:
        by_table.setdefault(row["table"], []).append(row)
    for table, expected in PUBLISHED.items():
        digital = {r["variable"]: r["coefficient"] for r in by_table[table]
                   if r["variable"] != "ln otlp"}
        assert digital == {k: v for k, v in expected.items() if k != "ln otlp"}, table
    assert [r["coefficient"] for r in by_table[3] if r["variable"] == "ln otlp"] == [0.2906]
    for table, expected in NETWORK.items():
        network = sorted((r["column"], r["coefficient"]) for r in by_table[table]
                         if r["variable"] == "ln otlp")
        assert [c for _, c in network] == expected, table
    for table, expected in AGGLOMERATION.items():
        assert [r["coefficient"] for r in sorted(by_table[table], key=lambda r: r["column"])] \
            == expected, table
    assert sorted(r["coefficient"] for r in by_table[8]) == [0.6992, 5.5144]
    ns = {(r["table"], r["variable"]) for r in rows if r["significance"] == "ns"}
    assert ns == {(6, "ddr"), (6, "dsr"), (7, "dsr")}
