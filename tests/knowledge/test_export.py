"""`nqpf export` on the shipped build: integrity, SHACL, round trips, values and provenance."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from nqpf.export import FORMATS, export_warehouse
from nqpf.knowledge.datacube import (
    DATA_BASE,
    YEAR_BASE,
    code_iri,
    code_list,
    region_iri,
    sector_iri,
)
from nqpf.knowledge.integrity import load_store, violations
from nqpf.knowledge.marts import MART_CUBES, mart_measures
from nqpf.knowledge.namespaces import NQPF, QB, SDMX_DIMENSION
from nqpf.knowledge.queries import ask, run_saved
from nqpf.knowledge.shacl import validate
from nqpf.warehouse import connect, tables

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
SMALL_MARTS = ["prices", "profit_rates"]


@pytest.fixture(scope="module")
def store(full_export: tuple[Path, str]) -> ox.Store:
    return load_store(full_export[0])


def test_report_counts_the_observations_of_every_built_mart(
        shipped_warehouse: Path, full_export: tuple[Path, str]) -> None:
    report = full_export[1]
    with connect(shipped_warehouse) as con:
        built = [mart for mart in MART_CUBES if mart in tables(con)]
        measures = mart_measures()["values"]
        expected = con.execute("select " + " + ".join(
            f'count("{column}")' for column in measures) + ' from "values"').fetchone()[0]
    assert {"values", "prices", "profit_rates"} <= set(built)
    lines = {line.split()[0]: line for line in report.splitlines()[1:]}
    assert set(built) <= set(lines)
    assert lines["values"].split()[1] == f"{expected:,}"


def test_export_passes_the_data_cube_integrity_constraints(store: ox.Store) -> None:
    assert violations(store) == []


@pytest.mark.parametrize(("mart", "measure"), [("values", "tlp"), ("values", "occ"),
                                               ("prices", "production_price"),
                                               ("digital_inputs", "dsr")])
def test_an_observation_holds_the_number_of_the_mart(
        shipped_warehouse: Path, store: ox.Store, mart: str, measure: str) -> None:
    with connect(shipped_warehouse) as con:
        if mart not in tables(con):
            pytest.skip(f"this build has no {mart}")
        dims = MART_CUBES[mart].dimensions
        row = con.execute(
            f'select {", ".join(dims)}, "{measure}" from "{mart}" where "{measure}" is not null '
            f'order by {", ".join(dims)} limit 1 offset 7').fetchone()
        key = dict(zip(dims, row[:-1], strict=True))
        (scheme,) = con.execute("select distinct out_scheme from int_sector_map "
                                "where dataset = ? and year = ?",
                                [key["dataset"], key["year"]]).fetchone()
    patterns = [f'?obs <{DATA_BASE}dimension/dataset> <{code_iri("dataset", key["dataset"])}> .',
                f"?obs <{SDMX_DIMENSION.refPeriod}> <{YEAR_BASE}{key['year']}> .",
                f"?obs <{NQPF.sector}> <{DATA_BASE}sector/{scheme}/{key['sector']}> ."]
    if "region" in key:
        area = region_iri(key["region"], key["dataset"])
        patterns.append(f"?obs <{SDMX_DIMENSION.refArea}> <{area}> .")
    answer = ask(f"""
        SELECT ?value WHERE {{
          ?obs <http://purl.org/linked-data/cube#dataSet> <{DATA_BASE}dataset/{mart}/{measure}> ;
               <{DATA_BASE}measure/{measure}> ?value .
          {" ".join(patterns)}
        }}""", store)
    assert [r["value"] for r in answer.rows] == [row[-1]]


def test_measures_link_to_their_indicators(store: ox.Store) -> None:
    answer = ask("""
        SELECT ?measure ?indicator WHERE {
          ?measure a <http://purl.org/linked-data/cube#MeasureProperty> ;
                   <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> ?indicator .
          ?indicator a <https://w3id.org/nqpf/ontology#Indicator> .
        }""", store)
    linked = {r["measure"].rsplit("/", 1)[-1]: r["indicator"].rsplit("/", 1)[-1]
              for r in answer.rows}
    assert {"tlp", "occ", "production_price", "r_star"} <= set(linked)
    assert all(measure == indicator for measure, indicator in linked.items())


def test_provenance_comes_from_build_info(shipped_warehouse: Path, store: ox.Store) -> None:
    with connect(shipped_warehouse) as con:
        built_at, invocation, datasets = con.execute(
            "select built_at, build_id, datasets from build_info").fetchone()
    answer = ask(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?at ?invocation ?input ?title ?publisher ?license WHERE {{
          <{DATA_BASE}dataset/values> prov:generatedAtTime ?at ;
                                      prov:wasGeneratedBy ?activity .
          ?activity dcterms:identifier ?invocation ; prov:used ?input .
          ?input dcterms:title ?title ; dcterms:publisher ?publisher .
          OPTIONAL {{ ?input dcterms:license ?license }}
        }}""", store)
    metadata = json.loads(datasets)
    assert {datetime.fromisoformat(r["at"]) for r in answer.rows} == {built_at}
    assert {r["invocation"] for r in answer.rows} == {invocation}
    used = {r["input"].rsplit("/", 1)[-1]: r for r in answer.rows}
    assert {"cn_national", "cn_provinces"} <= set(used)
    for name, row in used.items():
        assert row["title"] == metadata[name]["title"]
        assert row["publisher"] == metadata[name]["publisher"]
        assert row["license"] == metadata[name].get("license")


def test_every_format_parses_back_to_the_same_triples(
        shipped_warehouse: Path, tmp_path: Path) -> None:
    graphs = {}
    for fmt in FORMATS:
        report = export_warehouse(shipped_warehouse, tmp_path / f"small.{fmt}", fmt=fmt,
                                  marts=SMALL_MARTS)
        assert set(report.observations) == set(SMALL_MARTS)
        graphs[fmt] = Graph().parse(report.path, format=RDFLIB_FORMATS[fmt])
        assert len(graphs[fmt]) == report.triples
    assert len(graphs["ttl"]) == len(graphs["jsonld"]) == len(graphs["nt"])
    compact = json.loads((tmp_path / "small.jsonld").read_text(encoding="utf-8"))
    assert compact["@context"]["kg"] == "https://w3id.org/nqpf/kg/"
    occ = next(node for node in compact["@graph"] if node["@id"] == "kg:m004_occ")
    assert "nqpf:Mechanism" in occ["@type"] and "skos:prefLabel" in occ
    assert _values(graphs["ttl"]) == _values(graphs["nt"]) == _values(graphs["jsonld"])
    conforms, text = validate(graphs["ttl"])  # the ontology part of an export is valid
    assert conforms, text


def _values(graph: Graph) -> set[tuple]:
    """Triples with literals as values (58 and 58.0 are one xsd:decimal in any syntax)."""
    return {(s, p, (o.toPython(), o.language) if isinstance(o, Literal) else o)
            for s, p, o in graph}


def test_an_unknown_mart_is_refused(shipped_warehouse: Path, tmp_path: Path,
                                    nqpf_cli: Callable) -> None:
    with pytest.raises(ValueError, match="unknown mart"):
        export_warehouse(shipped_warehouse, tmp_path / "x.nt", fmt="nt", marts=["nope"])
    run = nqpf_cli("export", "--marts", "nope")
    assert run.returncode == 2
    assert "exportable" in run.stderr


@pytest.mark.parametrize(("dataset", "unit", "label"), [
    ("wiod_aus_usa", "USD-PER-HR", "USD per hour"), ("cn_provinces", "CNY-PER-HR", "CNY per hour")])
def test_money_measures_carry_the_datasets_currency(store: ox.Store, dataset: str, unit: str,
                                                    label: str) -> None:
    """Units come from the data: tlp and otlp of a dataset in US dollars are USD per hour."""
    for mart, measure in (("values", "tlp"), ("network", "otlp")):
        answer = ask(f"""
            SELECT DISTINCT ?unit ?label WHERE {{
              ?obs <http://purl.org/linked-data/cube#dataSet>
                       <{DATA_BASE}dataset/{mart}/{measure}> ;
                   <{DATA_BASE}dimension/dataset> <{code_iri("dataset", dataset)}> ;
                   <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?unit .
              ?unit <http://www.w3.org/2000/01/rdf-schema#label> ?label .
            }}""", store)
        assert [(r["unit"], r["label"]) for r in answer.rows] == [
            (f"{DATA_BASE}unit/{unit}", label)], measure


def test_our_evidence_reproduces_the_published_records(shipped_warehouse: Path,
                                                       store: ox.Store) -> None:
    with connect(shipped_warehouse) as con:
        expected = con.execute("""
            select dataset, evidence_id, coefficient, stars, published_stars, sign_agrees
            from regression_results
            where status = 'ok' and evidence_id is not null""").df()
    rows = run_saved("reproductions", store)
    assert len(rows) == len(expected) > 0
    found = {(r["dataset"], r["publishedId"]): r for r in rows}
    for row in expected.itertuples():
        own = found[(row.dataset, row.evidence_id)]
        assert own["coefficient"] == pytest.approx(row.coefficient, rel=1e-12)
        assert own["signAgrees"] == bool(row.sign_agrees)
        assert own["significanceAgrees"] == ((row.stars == "") == (row.published_stars == ""))


def test_the_exports_verdicts_are_the_mart(shipped_warehouse: Path, store: ox.Store) -> None:
    """One verdict per hypothesis and body of evidence, with the same counts in the export
    as in hypothesis_verdict; identical estimates of two datasets count once in the pool."""
    with connect(shipped_warehouse) as con:
        mart = con.execute("""
            select hypothesis_code, body, verdict, supporting, contradicting, insignificant,
                   duplicates, authors_verdict, concerning
            from hypothesis_verdict order by all""").df()
        datasets = {row[0] for row in con.execute(
            "select distinct dataset from regression_results").fetchall()}
    rows = run_saved("hypothesis_verdicts", store)
    found = sorted((r["code"], r["body"], r["verdict"], r["supporting"], r["contradicting"],
                    r["insignificant"], r["duplicates"], r["authorsVerdict"]) for r in rows)
    assert found == [tuple(row)[:-1] for row in mart.itertuples(index=False)]
    assert set(mart["body"]) == datasets | {"published", "all datasets"}
    # every estimate of a dataset is in the pool once, or is one of its identical copies
    counts = ["supporting", "contradicting", "insignificant", "concerning"]
    per = mart.assign(total=mart[counts].sum(axis=1)).set_index(["hypothesis_code", "body"])
    pooled = per.xs("all datasets", level="body")
    single = per.drop(["published", "all datasets"], level="body").groupby(level=0)["total"]
    assert (single.sum() == pooled["total"] + pooled["duplicates"]).all()
    assert pooled["duplicates"].sum() > 0


def test_every_data_set_has_title_licence_and_issue_date(shipped_warehouse: Path,
                                                         store: ox.Store) -> None:
    answer = ask(f"""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?issued ?license WHERE {{
          <{DATA_BASE}dataset/values/tlp> dcterms:title ?title ; dcterms:issued ?issued .
          OPTIONAL {{ <{DATA_BASE}dataset/values/tlp> dcterms:license ?license }}
        }}""", store)
    with connect(shipped_warehouse) as con:
        built_at, datasets = con.execute("select built_at, datasets from build_info").fetchone()
        used = {name for (name,) in con.execute(
            'select distinct dataset from "values" where tlp is not null').fetchall()}
    licences = {json.loads(datasets)[name].get("license") for name in used} - {None}
    assert {r["title"] for r in answer.rows} == {"Total labour productivity (values)"}
    assert {datetime.fromisoformat(r["issued"]) for r in answer.rows} == {built_at}
    assert {r["license"] for r in answer.rows} - {None} == licences


def test_regions_and_sectors_are_labelled_concepts_of_their_code_lists(
        shipped_warehouse: Path, store: ox.Store) -> None:
    with connect(shipped_warehouse) as con:
        regions = {str(region_iri(code)): (en, zh) for code, en, zh in con.execute(
            "select region, name_en, name_zh from dim_regions").fetchall()}
        sectors = {str(sector_iri(code, scheme)): (en, zh) for scheme, code, en, zh in
                   con.execute("select scheme, sector, name_en, name_zh from dim_sectors")
                   .fetchall()}
        aggregates = [row[0] for row in con.execute(
            """select distinct dataset from "values" where region = 'ALL'
               order by dataset""").fetchall()]
    # a dataset's aggregate is named for the dataset
    regions |= {str(region_iri("ALL", d)): (f"{d}: all regions as one economy",
                                            f"{d}：全部地区合计") for d in aggregates}
    for prop, kind, warehouse in ((SDMX_DIMENSION.refArea, "region", regions),
                                  (NQPF.sector, "sector", sectors)):
        answer = ask(f"""
            SELECT DISTINCT ?concept ?inScheme ?isConcept ?en ?zh WHERE {{
              ?obs <{prop}> ?concept .
              BIND(EXISTS {{ ?concept <{SKOS.inScheme}> <{code_list(kind)}> }} AS ?inScheme)
              BIND(EXISTS {{ ?concept a <{SKOS.Concept}> }} AS ?isConcept)
              OPTIONAL {{ ?concept <{SKOS.prefLabel}> ?en FILTER(lang(?en) = "en") }}
              OPTIONAL {{ ?concept <{SKOS.prefLabel}> ?zh FILTER(lang(?zh) = "zh") }}
            }}""", store)
        assert answer.rows, kind
        assert ask(f"ASK {{ <{prop}> <{QB.codeList}> <{code_list(kind)}> }}",
                   store).rows == [{"ask": True}]
        labelled = 0
        for row in answer.rows:
            assert row["inScheme"] is True and row["isConcept"] is True, row
            en, zh = warehouse.get(str(row["concept"]), (None, None))
            assert row["en"] == (en or None) and row["zh"] == (zh or None), row
            labelled += bool(en)
        assert labelled, f"no {kind} of the export has a warehouse label"
        if kind == "sector":
            assert all(len(str(row["concept"]).split("/sector/")[1].split("/")) == 2
                       for row in answer.rows)
    assert len(aggregates) >= 2
    used = {str(row["area"]) for row in ask(
        f"SELECT DISTINCT ?area WHERE {{ ?obs <{SDMX_DIMENSION.refArea}> ?area }}", store).rows}
    minted = {str(region_iri("ALL", dataset)) for dataset in aggregates}
    assert len(minted) == len(aggregates) and minted <= used
    assert f"{DATA_BASE}region/ALL" not in used
