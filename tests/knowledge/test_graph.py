"""The knowledge graph builds from the YAML files, passes SHACL, and bad YAML is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, SKOS, Graph, Literal
from rdflib.namespace import DCTERMS

from nqpf.knowledge.graph import build_graph
from nqpf.knowledge.load import KnowledgeError
from nqpf.knowledge.namespaces import INDICATOR, KG, KNOWLEDGE_DIR, NQPF
from nqpf.knowledge.shacl import validate

INDICATORS = {
    "values": ["lambda", "melt", "tlp", "tlpr", "lp", "occ", "c", "v"],
    "prices": ["production_price"],
    "profit_rates": ["r_star"],
    "digital_inputs": ["ddd", "dds", "idd", "ids", "dd", "ds", "di", "indi", "dt",
                       "ddr", "dsr", "dir", "indir"],
    "network": ["otlp"],
    "agglomeration": ["pri", "dlq", "pp"],
}


def test_graph_conforms_to_shapes(kg: Graph) -> None:
    conforms, report = validate(kg)
    assert conforms, report


@pytest.mark.parametrize(("model", "indicator"),
                         [(m, i) for m, ids in INDICATORS.items() for i in ids])
def test_every_indicator_has_model_and_mechanism(kg: Graph, model: str, indicator: str) -> None:
    node = INDICATOR[indicator]
    assert (node, RDF.type, NQPF.Indicator) in kg
    assert list(kg.objects(node, NQPF.computedBy)) == [Literal(model)]
    measured = list(kg.objects(node, NQPF.measures))
    assert measured or list(kg.objects(node, NQPF.method))
    assert all((m, RDF.type, NQPF.Mechanism) in kg or (m, RDF.type, NQPF.Outcome) in kg
               for m in measured)


def test_no_other_indicators(kg: Graph) -> None:
    listed = {i for ids in INDICATORS.values() for i in ids}
    found = {str(s).removeprefix(str(INDICATOR)) for s in kg.subjects(RDF.type, NQPF.Indicator)}
    assert found == listed


def test_method_paper_structure(kg: Graph) -> None:
    core = KG["m004_digitalization_nqpf"]
    channels = set(kg.objects(core, SKOS.narrower))
    assert {KG["ch004_production_process"], KG["ch004_labour_reproduction"],
            KG["ch004_industrial_linkage"], KG["m004_occ"]} <= channels
    hypotheses = sorted(str(n) for n in kg.objects(None, SKOS.notation))
    assert hypotheses == ["H1", "H2", "H3", "H4"]
    assert len(set(kg.subjects(RDF.type, NQPF.Evidence))) == 39
    tables = {int(t) for t in kg.objects(None, NQPF.table)}
    assert tables == set(range(3, 11))


def test_sections_and_statistics_are_cited(kg: Graph) -> None:
    section = KG["source/004/section/3.2.2"]
    assert (KG["m004_occ"], NQPF.citedIn, section) in kg
    assert (section, NQPF.sectionNumber, Literal("3.2.2")) in kg
    stat = KG["s003_digital_economy_gdp"]
    year = kg.value(stat, NQPF.year)
    assert (str(year), str(year.datatype)) == ("2023", "http://www.w3.org/2001/XMLSchema#gYear")
    assert float(kg.value(stat, NQPF.value)) == 42.8


def test_inverse_links_are_materialised(kg: Graph) -> None:
    for evidence, link in (("e004_t3_c1", NQPF.supports), ("e004_t3_c4", NQPF.contradicts)):
        assert (KG[evidence], link, KG["h004_h1"]) in kg
        assert (KG[evidence], NQPF.concerns, KG["h004_h1"]) in kg
    assert (KG["m004_industrial_agglomeration"], SKOS.closeMatch,
            KG["m003_industrial_clusters"]) in kg
    assert (KG["m004_occ"], SKOS.related, KG["m003_factor_quality"]) in kg


#: a damaged copy of the graph -> what the SHACL report must name: (triples removed,
#: triples added, words of the report)
DAMAGES = {
    "an uncited concept": ([(KG["m004_occ"], NQPF.citedIn, None)], [],
                           ["m004_occ", "citedIn"]),
    "a statistic without its year": ([(KG["s002_finance_shenzhen"], NQPF.year, None)], [],
                                     ["s002_finance_shenzhen"]),
    "a stated link without its quote": (
        [(KG["link/tlp/measures/o004_total_labour_productivity"], NQPF.quotedAt, None)], [],
        ["link/tlp/measures/o004_total_labour_productivity",
         "stated in a cited section with its quote"]),
    "a verdict resting on the authors' reading of their results": (
        [], [(KG["h004_h1/verdict/published"], NQPF.restsOn,
              KG["h004_h1/interpretation/indir/tlpr"])],
        ["h004_h1/verdict/published", "rests only on predictions made ex ante"]),
    "a prediction that does not say whether it is ex ante": (
        [(KG["h004_h1/prediction/indir/tlpr"], NQPF.exAnte, None)], [],
        ["h004_h1/prediction/indir/tlpr", "exAnte"]),
}


def test_the_damaged_parts_are_what_the_graph_holds(kg: Graph) -> None:
    assert (KG["link/tlp/measures/o004_total_labour_productivity"], NQPF.basis,
            NQPF.StatedInText) in kg
    assert (KG["h004_h1/interpretation/indir/tlpr"], NQPF.exAnte, Literal(False)) in kg
    assert (KG["h004_h1/prediction/indir/tlpr"], NQPF.exAnte, Literal(True)) in kg


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_shapes_catch_a_damaged_copy(kg: Graph, damage: str) -> None:
    removed, added, words = DAMAGES[damage]
    broken = Graph()
    for triple in kg:
        broken.add(triple)
    for pattern in removed:
        assert (pattern in broken), pattern
        broken.remove(pattern)
    for triple in added:
        broken.add(triple)
    conforms, report = validate(broken)
    assert not conforms
    assert all(word in report for word in words), report


# ---------------------------------------------------------------- broken YAML


def _copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    return folder


def _edit_entry(path: Path, entry_id: str, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = "indicators" if "indicators" in data else "entries"
    entry = next(e for e in data[key] if e["id"] == entry_id)
    change(entry)
    data.pop("templates", None)  # anchors are already resolved by the load above
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_missing_definition_names_file_and_id(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    _edit_entry(folder / "src_000.yaml", "m000_tech_efficiency", lambda e: e.pop("definition"))
    with pytest.raises(KnowledgeError) as err:
        build_graph(folder)
    message = str(err.value)
    assert "src_000.yaml: entry 'm000_tech_efficiency': missing required field 'definition'" \
        in message


#: (file, entry, change, the message expected) - one broken rule each
BROKEN = {
    "unknown link target": (
        "src_004.yaml", "c004_fixed_cost_threshold",
        lambda e: e["constrains"].append("m004_no_such_mechanism"),
        r"src_004\.yaml: entry 'c004_fixed_cost_threshold': constrains: unknown link target "
        r"'m004_no_such_mechanism'"),
    "link to the wrong type": (
        "indicators.yaml", "dds", lambda e: e.update(measures=["c004_sme_capability"]),
        r"indicators\.yaml: entry 'dds': measures: target 'c004_sme_capability' is a "
        r"Constraint"),
    "sign against the coefficient": (
        "src_004.yaml", "e004_t3_c1", lambda e: e.update(sign="negative"),
        r"entry 'e004_t3_c1': sign 'negative' disagrees"),
    "duplicate id": (
        "src_001.yaml", "m001_dual_drivers", lambda e: e.update(id="m000_formation"),
        r"src_001\.yaml: entry 'm000_formation': id already used in src_000\.yaml"),
    "inferred link without justification": (
        "src_004.yaml", "c004_fixed_cost_threshold",
        lambda e: e["constrains"][0].pop("justification"),
        r"entry 'c004_fixed_cost_threshold': constrains.0.*an inferred link needs a "
        r"justification"),
    "a text stating a link to another text": (
        "src_000.yaml", "p000_differentiated_support",
        lambda e: e.update(addresses=["c000_sme_constraints", "c004_sme_capability"]),
        r"entry 'p000_differentiated_support': addresses: a link to 'c004_sme_capability' of "
        r"another text cannot be stated"),
    "a stated link without its quote": (
        "src_002.yaml", "d002_layout", lambda e: e.pop("quote"),
        r"src_002\.yaml: entry 'd002_layout': constrains: the stated link to "
        r"'m002_nqpf_manufacturing' needs the quote that states it"),
    "an ex-ante prediction read off the results": (
        "src_004.yaml", "h004_h1",
        lambda e: e["predictions"][6].update(ex_ante=True),
        r"entry 'h004_h1': predictions: the ex-ante prediction indir -> tlpr cites "
        r"'5\.1\.2 Mechanism analysis', which is not a theory section of text 004 \(3\)"),
    "a prediction made twice": (
        "src_004.yaml", "h004_h2",
        lambda e: e["predictions"].append(dict(e["predictions"][0], sign="negative")),
        r"entry 'h004_h2': predictions: ddr -> occ \(ex_ante: true\) is predicted twice"),
    "a finding reported from an unknown study": (
        "src_001.yaml", "m001_digital_ecosystem",
        lambda e: e.update(reported_from=["w001_nobody_2024"]),
        r"entry 'm001_digital_ecosystem': reported_from: 'w001_nobody_2024' is not a cited "
        r"work of source 001"),
    "unknown entry type": (
        "src_001.yaml", "m001_dual_drivers", lambda e: e.update(type="Idea"),
        r"src_001\.yaml: entry 'm001_dual_drivers': type 'Idea' is not one of"),
}


@pytest.mark.parametrize("rule", list(BROKEN))
def test_a_broken_rule_names_file_entry_and_rule(tmp_path: Path, rule: str) -> None:
    file, entry, change, message = BROKEN[rule]
    folder = _copy_knowledge(tmp_path)
    _edit_entry(folder / file, entry, change)
    with pytest.raises(KnowledgeError, match=message):
        build_graph(folder)


def test_unknown_field_and_wrong_type_are_reported(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    _edit_entry(folder / "src_004.yaml", "e004_t3_c1",
                lambda e: e.update(stars="***", n_obs="many"))
    with pytest.raises(KnowledgeError) as err:
        build_graph(folder)
    message = str(err.value)
    assert "src_004.yaml: entry 'e004_t3_c1': unknown field 'stars'" in message
    assert "src_004.yaml: entry 'e004_t3_c1': n_obs: Input should be a valid integer" in message


def test_indicator_direction_is_checked_and_in_the_graph(tmp_path: Path) -> None:
    graph = build_graph()
    directions = {str(graph.value(node, DCTERMS.identifier)): str(value)
                  for node, value in graph.subject_objects(NQPF.direction)}
    # a higher labour value is less productivity; sizes in hours rank nothing
    assert directions["lambda"] == "lower" and directions["tlp"] == "higher"
    assert directions["c"] == directions["v"] == "none"
    folder = _copy_knowledge(tmp_path)
    _edit_entry(folder / "indicators.yaml", "tlp", lambda e: e.update(direction="up"))
    with pytest.raises(KnowledgeError, match=r"indicators\.yaml: entry 'tlp': direction: "
                       r"Input should be 'higher', 'lower' or 'none'"):
        build_graph(folder)
