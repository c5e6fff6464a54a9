"""Export the warehouse as linked data: the knowledge graph plus every mart as RDF Data Cube.

The marts and their dimensions come from :data:`nqpf.knowledge.marts.MART_CUBES`, their
measures from indicators.yaml (see :mod:`nqpf.knowledge.marts`); provenance comes from the
``build_info`` table the build writes. Triples are produced lazily, one mart at a time, so
an export streams to disk (Turtle and JSON-LD are then serialised by pyoxigraph, see
:func:`nqpf.knowledge.datacube.write_export`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

import duckdb
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from tqdm import tqdm

from nqpf.knowledge.computed import computed_evidence_frame, computed_triples
from nqpf.knowledge.datacube import (
    DATA_BASE,
    Triple,
    activity_iri,
    cube_triples,
    input_iri,
    region_iri,
    sector_iri,
    write_export,
)
from nqpf.knowledge.graph import build_graph
from nqpf.knowledge.marts import MART_CUBES, MartCube, mart_measures
from nqpf.knowledge.namespaces import QB
from nqpf.paths import warehouse_dir
from nqpf.units import needs_currency, unit_of
from nqpf.warehouse import connect, tables

FORMATS = ("ttl", "jsonld", "nt")
#: metadata.json field of an input dataset -> the DCTERMS property it is exported with
_DATASET_FIELDS = {
    "title": DCTERMS.title,
    "publisher": DCTERMS.publisher,
    "source": DCTERMS.source,
    "license": DCTERMS.license,
}


@dataclass
class ExportReport:
    """What an export wrote: file, format, triples, seconds and observations per mart."""

    path: Path
    format: str
    triples: int
    seconds: float
    observations: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    computed_evidence: int = 0

    def lines(self) -> list[str]:
        """The report as printable lines."""
        size = self.path.stat().st_size / 1e6
        out = [f"wrote {self.path} ({self.format}, {self.triples:,} triples, {size:.1f} MB, "
               f"{self.seconds:.1f} s)"]
        out += [f"  {mart:<15} {count:>8,} observations"
                for mart, count in self.observations.items()]
        out.append(f"  {'our evidence':<15} {self.computed_evidence:>8,} re-estimates of "
                   "published results")
        if self.missing:
            out.append(f"  not in this build: {', '.join(self.missing)}")
        return out


@dataclass(frozen=True)
class _Build:
    """The provenance the build recorded in ``build_info``."""

    built_at: str
    build_id: str
    nqpf_version: str
    dbt_version: str
    datasets: dict[str, dict[str, Any]]


def default_export_path(fmt: str) -> Path:
    """``<warehouse home>/export/nqpf.<fmt>``."""
    return warehouse_dir() / "export" / f"nqpf.{fmt}"


def export_warehouse(database: Path, out: Path, *, fmt: str = "ttl",
                     marts: list[str] | None = None) -> ExportReport:
    """Write the knowledge graph and the marts of ``database`` to ``out`` as ``fmt``.

    ``marts`` defaults to every mart of MART_CUBES this build holds; a named mart that is
    unknown or not built is an error.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not '{fmt}'")
    started = time.perf_counter()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with connect(database) as con:
        present = set(tables(con))
        selected = _select(marts, present)
        build = _build_info(con)
        counts = dict.fromkeys(selected, 0)
        measures = mart_measures()
        schemes = _sector_schemes(con, present)
        labels = _concept_labels(con, present)
        results = (con.execute("from regression_results").fetchdf()
                   if "regression_results" in present else None)
        own = None if results is None else computed_evidence_frame(results)
        # a running count of the observations written (shown on a terminal only)
        with tqdm(desc=f"exporting {out.name}", unit=" observations", disable=None) as bar:
            cubes = (_counted(_mart_triples(con, mart, measures[mart], build, schemes,
                                                   labels), mart, counts,
                              bar.update) for mart in selected)
            triples = _unique(chain(build_graph(), _build_triples(build),
                                    computed_triples(own, datasets=sorted(
                                        results["dataset"].unique()))
                                    if own is not None else (),
                                    chain.from_iterable(cubes)))
            written = write_export(triples, out, fmt)
    missing = [] if marts else [mart for mart in MART_CUBES if mart not in present]
    return ExportReport(out, fmt, written, time.perf_counter() - started, counts, missing,
                        0 if own is None else len(own))


def _select(marts: list[str] | None, present: set[str]) -> list[str]:
    if not marts:
        return [mart for mart in MART_CUBES if mart in present]
    unknown = [mart for mart in marts if mart not in MART_CUBES]
    if unknown:
        raise ValueError(f"unknown mart(s) {unknown}; exportable: {list(MART_CUBES)}")
    absent = [mart for mart in marts if mart not in present]
    if absent:
        raise ValueError(f"mart(s) {absent} are not in this build")
    return list(dict.fromkeys(marts))


def _build_info(con: duckdb.DuckDBPyConnection) -> _Build:
    if "build_info" not in tables(con):
        raise ValueError("the warehouse has no build_info table: build it with `nqpf build`")
    row = con.execute("""
        select built_at, build_id, nqpf_version, dbt_version, datasets
        from build_info order by built_at desc limit 1""").fetchone()
    built_at, build_id, nqpf_version, dbt_version, datasets = row
    return _Build(built_at.isoformat(), build_id, nqpf_version, dbt_version,
                  json.loads(datasets))


def _build_triples(build: _Build) -> Iterator[Triple]:
    """The input datasets with their metadata, and the software that ran the build."""
    activity = activity_iri(build.build_id)
    agent = URIRef(f"{DATA_BASE}agent/nqpf/{build.nqpf_version}")
    yield (agent, RDF.type, PROV.SoftwareAgent)
    yield (agent, RDFS.label,
           Literal(f"nqpf {build.nqpf_version} (dbt {build.dbt_version})", lang="en"))
    yield (activity, PROV.wasAssociatedWith, agent)
    for name, metadata in build.datasets.items():
        entity = input_iri(name)
        yield (entity, RDF.type, PROV.Entity)
        yield (entity, DCTERMS.identifier, Literal(name))
        for key, prop in _DATASET_FIELDS.items():
            if metadata.get(key):
                yield (entity, prop, Literal(metadata[key]))
        if metadata.get("title"):
            yield (entity, RDFS.label, Literal(metadata["title"], lang="en"))


def _sector_schemes(con: duckdb.DuckDBPyConnection, present: set[str]) -> Any:
    """The classification each (dataset, year)'s mart sector codes are in (after
    harmonise_sectors), which qualifies the sector IRIs."""
    if "int_sector_map" not in present:
        raise ValueError("the warehouse has no int_sector_map table: build it with `nqpf build`")
    return con.execute("""
        select distinct dataset, year, out_scheme as scheme from int_sector_map""").fetchdf()


def _concept_labels(con: duckdb.DuckDBPyConnection,
                    present: set[str]) -> dict[str, dict[str, str]]:
    """Concept IRI -> {language: label} of every region and sector the warehouse names."""
    labels: dict[str, dict[str, str]] = {}
    if "dim_regions" in present:
        for code, en, zh in con.execute(
                "select region, name_en, name_zh from dim_regions").fetchall():
            labels[str(region_iri(code))] = {"en": en or "", "zh": zh or ""}
    if "dim_sectors" in present:
        for scheme, code, en, zh in con.execute(
                "select scheme, sector, name_en, name_zh from dim_sectors").fetchall():
            labels[str(sector_iri(code, scheme))] = {"en": en or "", "zh": zh or ""}
    return labels


def _mart_triples(con: duckdb.DuckDBPyConnection, mart: str, measures: dict[str, Any],
                  build: _Build, schemes: Any,
                  labels: dict[str, dict[str, str]]) -> Iterator[Triple]:
    """Data Cube triples of one mart: one cube_triples call per group of measures that share
    their dimensions."""
    frame = con.execute(f'select * from "{mart}"').fetchdf()
    if "sector" in frame.columns and "scheme" not in frame.columns:
        frame = frame.merge(schemes, on=["dataset", "year"], how="left", validate="m:1")
    cube = MART_CUBES[mart]
    columns = set(frame.columns)
    attributes = {col: col for col in cube.attributes if col in columns}
    used = sorted(map(str, frame["dataset"].dropna().unique()))
    provenance = {"build_id": build.build_id, "generated_at": build.built_at,
                  "used": used,
                  "licenses": [build.datasets.get(name, {}).get("license") for name in used
                               if build.datasets.get(name, {}).get("license")]}
    if not provenance["used"]:
        return
    for dims, group in _groups(cube, [m for m in measures if m in columns], columns).items():
        for currency, rows in _by_currency(frame, group, mart):
            qualifiers = [col for col in ("dataset", "scheme")
                          if col in rows.columns and col not in dims]
            part = rows[[*dims, *qualifiers, *group, *attributes]]
            if dims != cube.dimensions:  # a coarser measure repeats on finer rows
                part = part.dropna(subset=group, how="all").drop_duplicates()
            specs = {}
            for m in group:
                unit = unit_of(m, currency)
                specs[m] = replace(measures[m], unit=unit.label, unit_iri=unit.iri)
            yield from cube_triples(part, dataset_id=mart, dimensions=list(dims),
                                    measures=specs, attributes=attributes,
                                    provenance=provenance, labels=labels)


def _by_currency(frame: Any, measures: list[str],
                 mart: str) -> Iterator[tuple[str | None, Any]]:
    """The mart's rows per currency when a measure's unit depends on it (units come from the
    data: each row carries its dataset's currency), else all rows at once."""
    if not any(needs_currency(m) for m in measures):
        yield None, frame
        return
    if "currency" not in frame.columns:
        raise ValueError(f"mart {mart!r} has money-based measures {measures} but no currency "
                         "column")
    for currency, rows in frame.groupby("currency", sort=True):
        yield str(currency), rows


def _groups(cube: MartCube, measures: list[str],
            columns: set[str]) -> dict[tuple[str, ...], list[str]]:
    """Measures grouped by their dimensions (those of the declared ones the mart has)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for measure in measures:
        dims = tuple(d for d in cube.dimensions_of(measure) if d in columns)
        groups.setdefault(dims, []).append(measure)
    return groups


def _counted(triples: Iterable[Triple], mart: str, counts: dict[str, int],
             tick: Callable[[int], object] = lambda _n: None) -> Iterator[Triple]:
    rdf_type, observation = RDF.type, QB.Observation
    for triple in triples:
        if triple[1] == rdf_type and triple[2] == observation:
            counts[mart] += 1
            tick(1)
        yield triple


def _unique(triples: Iterable[Triple]) -> Iterator[Triple]:
    """Drop repeated triples (shared component and provenance declarations), so every format
    holds the same triples. Observation triples are unique by construction - one observation
    per key and data set - and pass unchecked, which keeps the memory of a stream small."""
    seen: set[Triple] = set()
    datasets = f"{DATA_BASE}dataset/"
    for triple in triples:
        subject = str(triple[0])
        if subject.startswith(datasets) and "/obs/" in subject:
            yield triple
        elif triple not in seen:
            seen.add(triple)
            yield triple



def latest_export() -> Path:
    """The newest export under ``<warehouse home>/export/``."""
    found = [path for fmt in FORMATS if (path := default_export_path(fmt)).exists()]
    if not found:
        raise FileNotFoundError(
            f"no export in {default_export_path(FORMATS[0]).parent}: run `nqpf export` first")
    return max(found, key=lambda path: path.stat().st_mtime)
