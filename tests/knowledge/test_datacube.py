"""The Data Cube writer: structure, null rule, round trips and the integrity constraints."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from nqpf.knowledge.datacube import (
    DATA_BASE,
    YEAR_BASE,
    MeasureSpec,
    code_iri,
    code_list,
    cube_triples,
    region_iri,
    sector_iri,
    write_export,
)
from nqpf.knowledge.integrity import check_export, integrity_queries, store_of, violations
from nqpf.knowledge.namespaces import NQPF, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION
from nqpf.units import unit_of

PROVENANCE = {"build_id": "inv-42", "used": "synthetic_2017",
              "generated_at": "2025-06-30T12:00:00+00:00"}
MEASURES = {
    "tlp": MeasureSpec("Total labour productivity", "CNY per hour",
                       unit_iri=unit_of("tlp", "CNY").iri, indicator="tlp"),
    "occ": {"label": "Organic composition of capital", "unit": "ratio"},
}
DATASET = URIRef(f"{DATA_BASE}dataset/values")


@pytest.fixture
def frame() -> pd.DataFrame:
    """3 regions x 2 sectors x 2 years; tlp is null in one row."""
    keys = [(r, s, y) for r in ("110000", "120000", "310000") for s in ("01", "02")
            for y in (2012, 2017)]
    data = pd.DataFrame(keys, columns=["region", "sector", "year"]).assign(scheme="ceads42")
    data["tlp"] = np.arange(12, dtype=float) + 1.0
    data["occ"] = np.arange(12, dtype=float) / 4
    data.loc[5, "tlp"] = np.nan  # 120000 / 01 / 2017
    return data


def _triples(frame: pd.DataFrame, **overrides) -> list:
    arguments = {"dataset_id": "values", "dimensions": ["region", "sector", "year"],
                 "measures": MEASURES, "provenance": PROVENANCE} | overrides
    return list(cube_triples(frame, **arguments))


def _graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_one_dataset_per_measure_and_null_cells_skipped(frame: pd.DataFrame) -> None:
    graph = _graph(_triples(frame))
    tlp, occ = URIRef(f"{DATASET}/tlp"), URIRef(f"{DATASET}/occ")
    assert set(graph.subjects(RDF.type, QB.DataSet)) == {tlp, occ}
    assert len(list(graph.subjects(QB.dataSet, tlp))) == 11
    assert len(list(graph.subjects(QB.dataSet, occ))) == 12
    missing = URIRef(f"{tlp}/obs/120000/01/2017")
    assert (missing, RDF.type, QB.Observation) not in graph
    obs = URIRef(f"{tlp}/obs/310000/02/2017")
    assert graph.value(obs, URIRef(f"{DATA_BASE}measure/tlp")).toPython() == 12.0
    assert graph.value(obs, SDMX_DIMENSION.refArea) == URIRef(f"{DATA_BASE}region/310000")
    assert graph.value(obs, NQPF.sector) == URIRef(f"{DATA_BASE}sector/ceads42/02")
    assert graph.value(obs, SDMX_DIMENSION.refPeriod) == URIRef(
        "http://reference.data.gov.uk/id/year/2017")
    occ_obs = URIRef(f"{occ}/obs/310000/02/2017")
    assert graph.value(occ_obs, SDMX_ATTRIBUTE.unitMeasure) == URIRef(
        "http://qudt.org/vocab/unit/UNITLESS")
    assert graph.value(obs, SDMX_ATTRIBUTE.unitMeasure) == URIRef(f"{DATA_BASE}unit/CNY-PER-HR")


def test_provenance_of_the_export(frame: pd.DataFrame) -> None:
    graph = _graph(_triples(frame))
    activity = URIRef(f"{DATA_BASE}activity/inv-42")
    for dataset in (DATASET, URIRef(f"{DATASET}/tlp")):
        assert graph.value(dataset, PROV.wasGeneratedBy) == activity
        assert str(graph.value(dataset, PROV.generatedAtTime)) == "2025-06-30T12:00:00+00:00"
    assert graph.value(activity, PROV.used) == URIRef(f"{DATA_BASE}input/synthetic_2017")
    assert (activity, RDF.type, PROV.Activity) in graph


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_round_trip_and_integrity(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    triples = _triples(frame)
    path = tmp_path / f"cube.{fmt}"
    written = write_export(iter(triples), path, format=fmt)
    parsed = Graph().parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert written == len(parsed) == len(set(triples))
    assert set(parsed) == set(triples)
    assert check_export(path) == []


def test_all_constraints_present() -> None:
    assert list(integrity_queries()) == [f"IC-{n}" for n in range(1, 20)]


def _without(triples: list, predicate: URIRef, subject: URIRef) -> list:
    return [t for t in triples if not (t[0] == subject and t[1] == predicate)]


def test_observation_without_dataset_is_caught(frame: pd.DataFrame) -> None:
    obs = URIRef(f"{DATASET}/tlp/obs/110000/01/2012")
    broken = _without(_triples(frame), QB.dataSet, obs)
    assert violations(store_of(broken)) == ["IC-1"]


def test_missing_dimension_value_is_caught(frame: pd.DataFrame) -> None:
    obs = URIRef(f"{DATASET}/occ/obs/110000/01/2012")
    broken = _without(_triples(frame), SDMX_DIMENSION.refArea, obs)
    assert "IC-11" in violations(store_of(broken))


def test_duplicate_observation_is_caught(frame: pd.DataFrame) -> None:
    triples = _triples(frame)
    obs = URIRef(f"{DATASET}/occ/obs/110000/01/2012")
    copy = URIRef(f"{obs}-copy")
    broken = triples + [(copy, p, o) for s, p, o in triples if s == obs]
    store = store_of(broken)
    assert violations(store) == ["IC-12"]
    assert violations(store, pairwise_ic12=True) == ["IC-12"]
    assert violations(store_of(triples), pairwise_ic12=True) == []


def test_missing_unit_and_structure_are_caught(frame: pd.DataFrame) -> None:
    triples = _triples(frame)
    obs = URIRef(f"{DATASET}/tlp/obs/110000/01/2012")
    assert violations(store_of(_without(triples, SDMX_ATTRIBUTE.unitMeasure, obs))) == ["IC-13"]
    assert "IC-2" in violations(store_of(_without(triples, QB.structure,
                                                  URIRef(f"{DATASET}/tlp"))))


def test_two_measures_in_one_structure_would_break_ic14(frame: pd.DataFrame) -> None:
    """Why one data set per measure: a shared structure with a null cell violates IC-14."""
    triples = _triples(frame)
    tlp_structure = URIRef(f"{DATA_BASE}structure/values/tlp")
    occ_component = URIRef(f"{DATA_BASE}structure/values/occ/component/measure")
    broken = [*triples, (tlp_structure, QB.component, occ_component)]
    assert violations(store_of(broken)) == ["IC-14"]


def test_bad_frames_are_rejected_with_row_and_column(frame: pd.DataFrame) -> None:
    holed = frame.copy()
    holed.loc[4, "sector"] = None
    with pytest.raises(ValueError, match=r"row 4, column 'sector': a dimension value is missing"):
        _triples(holed)
    doubled = pd.concat([frame, frame.iloc[[2]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"row 12 repeats the key"):
        _triples(doubled)
    with pytest.raises(ValueError, match=r"columns \['lp'\] are not in the frame"):
        _triples(frame, measures={"lp": {"label": "lp", "unit": "hours"}})
    with pytest.raises(ValueError, match=r"unit 'yuan per hour' has no IRI"):
        _triples(frame, measures={"tlp": {"label": "tlp", "unit": "yuan per hour"}})
    with pytest.raises(ValueError, match=r"provenance lacks \['build_id'\]"):
        _triples(frame, provenance={"used": "x"})


def test_extra_attributes_and_dimensions(frame: pd.DataFrame) -> None:
    data = frame.assign(scenario="base", status=["ok"] * 11 + [None])
    graph = _graph(_triples(data, dimensions=["region", "sector", "year", "scenario"],
                            attributes={"status": "status"}))
    obs = URIRef(f"{DATASET}/occ/obs/110000/01/2012/base")
    scenario = graph.value(obs, URIRef(f"{DATA_BASE}dimension/scenario"))
    assert scenario == code_iri("scenario", "base")
    # every dimension names a code list holding each value it takes (IC-19)
    assert (scenario, SKOS.inScheme, code_list("scenario")) in graph
    assert (URIRef(f"{YEAR_BASE}2017"), SKOS.inScheme, code_list("year")) in graph
    assert graph.value(obs, URIRef(f"{DATA_BASE}attribute/status")) == Literal("ok")
    last = URIRef(f"{DATASET}/occ/obs/310000/02/2017/base")
    assert graph.value(last, URIRef(f"{DATA_BASE}attribute/status")) is None
    assert violations(store_of(graph)) == []


def test_regions_and_sectors_are_concepts_of_their_code_lists(frame: pd.DataFrame) -> None:
    labels = {str(region_iri("110000")): {"en": "Beijing", "zh": "北京"},
              str(sector_iri("01", "ceads42")): {"en": "Farming", "zh": ""}}
    graph = _graph(_triples(frame, labels=labels))
    for prop, kind in ((SDMX_DIMENSION.refArea, "region"), (NQPF.sector, "sector")):
        scheme = code_list(kind)
        assert graph.value(prop, QB.codeList) == scheme
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        used = set(graph.objects(None, prop))
        assert len(used) == {"region": 3, "sector": 2}[kind]
        for concept in used:
            assert (concept, RDF.type, SKOS.Concept) in graph
            assert (concept, SKOS.inScheme, scheme) in graph
    beijing = URIRef(f"{DATA_BASE}region/110000")
    assert set(graph.objects(beijing, SKOS.prefLabel)) == {Literal("Beijing", lang="en"),
                                                           Literal("北京", lang="zh")}
    farming = URIRef(f"{DATA_BASE}sector/ceads42/01")
    assert set(graph.objects(farming, SKOS.prefLabel)) == {Literal("Farming", lang="en")}
    assert graph.value(farming, SKOS.notation) == Literal("01")
    assert violations(store_of(graph)) == []


def test_aggregates_and_sectors_are_qualified(frame: pd.DataFrame) -> None:
    """Two datasets' ALL aggregates, and one code in two schemes, are different concepts."""
    rows = pd.DataFrame({"dataset": ["a", "b"], "region": ["ALL", "ALL"], "sector": ["01", "01"],
                         "scheme": ["ceads42", "wiod56"], "year": [2017, 2017],
                         "occ": [1.0, 2.0]})
    graph = _graph(_triples(rows, dimensions=["dataset", "region", "sector", "year"],
                            measures={"occ": MEASURES["occ"]}))
    occ = URIRef(f"{DATASET}/occ")
    first, second = URIRef(f"{occ}/obs/a/ALL/01/2017"), URIRef(f"{occ}/obs/b/ALL/01/2017")
    assert graph.value(first, SDMX_DIMENSION.refArea) == URIRef(f"{DATA_BASE}region/a/ALL")
    assert graph.value(second, SDMX_DIMENSION.refArea) == URIRef(f"{DATA_BASE}region/b/ALL")
    assert graph.value(first, NQPF.sector) == URIRef(f"{DATA_BASE}sector/ceads42/01")
    assert graph.value(second, NQPF.sector) == URIRef(f"{DATA_BASE}sector/wiod56/01")
    # an aggregate is named for its dataset, in both languages
    assert set(graph.objects(URIRef(f"{DATA_BASE}region/a/ALL"), SKOS.prefLabel)) == {
        Literal("a: all regions as one economy", lang="en"), Literal("a：全部地区合计", lang="zh")}
    assert violations(store_of(graph)) == []
    with pytest.raises(ValueError, match=r"column 'region' needs a 'dataset' column"):
        _triples(rows.drop(columns="dataset"), dimensions=["region", "sector", "year"],
                 measures={"occ": MEASURES["occ"]})
    with pytest.raises(ValueError, match=r"row 1: 'sector' '01' has no 'scheme'"):
        _triples(rows.assign(scheme=["ceads42", None]),
                 dimensions=["dataset", "region", "sector", "year"],
                 measures={"occ": MEASURES["occ"]})


def test_economies_are_region_concepts(frame: pd.DataFrame) -> None:
    rows = pd.DataFrame({"dataset": ["a", "b"], "economy": ["ALL", "AUS"], "year": [2017] * 2,
                         "occ": [1.0, 2.0]})
    graph = _graph(_triples(rows, dimensions=["dataset", "economy", "year"],
                            measures={"occ": MEASURES["occ"]}))
    economy = URIRef(f"{DATA_BASE}dimension/economy")
    assert graph.value(economy, QB.codeList) == code_list("region")
    assert set(graph.objects(None, economy)) == {URIRef(f"{DATA_BASE}region/a/ALL"),
                                                 URIRef(f"{DATA_BASE}region/AUS")}
    for concept in graph.objects(None, economy):
        assert (concept, SKOS.inScheme, code_list("region")) in graph
    assert violations(store_of(graph)) == []
