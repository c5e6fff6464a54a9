"""A generic RDF Data Cube writer for indicator frames, with PROV-O provenance.

Layout and the null rule. A Data Cube data set must give every observation a value for every
measure of its structure (integrity constraint IC-14); with a measure dimension it must give
every measure at every key (IC-17). Skipping a null cell is therefore only consistent with
the integrity constraints when each data set has a single measure. So the writer emits one
``qb:DataSet`` per measure column - ``<base>dataset/<dataset_id>/<measure>``, each with its
own single-measure ``qb:DataStructureDefinition`` - and one ``qb:Observation`` per frame row
whose value for that measure is not null. Rows with a null value are simply absent from that
measure's data set, which keeps every data set IC-compliant and loses no non-null value. The
per-measure data sets are ``dcterms:isPartOf`` one collection node ``<base>dataset/<id>``.

Dimensions: ``region`` -> ``sdmx-dimension:refArea`` (IRI ``<base>region/<code>``; the
aggregate ``ALL`` of a dataset is ``<base>region/<dataset>/ALL``, read from the frame's
``dataset`` column, so two datasets' aggregates never share an IRI),
``year`` -> ``sdmx-dimension:refPeriod`` (IRI ``http://reference.data.gov.uk/id/year/<y>``),
``sector`` -> ``nqpf:sector`` (IRI ``<base>sector/<scheme>/<code>``, the scheme read from the
frame's ``scheme`` column: one code means different sectors in different classifications);
``economy`` -> ``<base>dimension/economy`` with the same region concepts (an economy is a
region or a dataset's aggregate); any other column (``dataset``, ``variant`` ...) becomes a
dimension ``<base>dimension/<name>`` whose values are the codes ``<base>code/<name>/<value>``.
Every dimension has a code list (``skos:ConceptScheme`` named with ``qb:codeList``, IC-19):
regions and sectors ``<base>codelist/region`` and ``<base>codelist/sector``, labelled with the
``labels`` the caller gives (IRI -> {language: label}); years ``<base>codelist/year`` (the
reference.data.gov.uk year IRIs); any other dimension ``<base>codelist/<name>``, each code
labelled with its value.
Units are attached to every observation with ``sdmx-attribute:unitMeasure``: the measure's
``unit_iri`` (a stable identifier, see :mod:`nqpf.units`; labelled with the unit's words
when it is under ``<base>unit/``), else the QUDT unit its words name; a unit with neither is
refused rather than minted from its label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from nqpf.knowledge.jsonld import write_compact
from nqpf.knowledge.namespaces import (
    INDICATOR,
    NQPF,
    PREFIXES,
    QB,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    unit_iri,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: default base of exported data (not of the vocabulary)
DATA_BASE = "https://w3id.org/nqpf/data/"
YEAR_BASE = "http://reference.data.gov.uk/id/year/"
SDMX_CONCEPT = "http://purl.org/linked-data/sdmx/2009/concept#"
#: region code of a dataset's aggregate (its regions summed as one economy)
AGGREGATE = "ALL"
#: the coded dimensions and the column that qualifies their codes (see the module docstring)
_QUALIFIER = {"region": "dataset", "sector": "scheme"}
_CODED = tuple(_QUALIFIER)
#: dimension column -> the code list its values are in (an economy is a region or an aggregate)
_CODED_COLUMNS = {"region": "region", "economy": "region", "sector": "sector"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PROVENANCE_KEYS = ("build_id", "used")
_SERIALISERS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
#: prefixes of Turtle exports: the project's, the reused vocabularies' and the data base
EXPORT_PREFIXES = {
    **{name: str(namespace) for name, namespace in PREFIXES.items()},
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "prov": str(PROV), "data": DATA_BASE,
}


@dataclass(frozen=True)
class MeasureSpec:
    """Metadata of one measure column.

    ``unit`` is the unit in words ("hours per CNY"); ``unit_iri`` its stable IRI (required
    unless QUDT has a plain match for the words);
    ``indicator`` is the knowledge-graph indicator id the column holds (linked with
    ``rdfs:isDefinedBy``).
    """

    label: str
    unit: str
    unit_iri: str | None = None
    definition: str | None = None
    indicator: str | None = None


def cube_triples(
    frame: pd.DataFrame,
    *,
    dataset_id: str,
    dimensions: list[str],
    measures: Mapping[str, MeasureSpec | Mapping[str, Any]],
    attributes: Mapping[str, str] | None = None,
    provenance: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]] | None = None,
    base: str = DATA_BASE,
) -> Iterator[Triple]:
    """Triples of the Data Cube export of ``frame`` (see the module docstring for the layout).

    ``attributes`` maps optional frame columns to attribute property IRIs (or plain names,
    minted under ``<base>attribute/``); their non-null values are attached to observations.
    ``provenance`` needs ``build_id`` (the nqpf build) and ``used`` (IRI(s) or id(s)
    of the input dataset); ``generated_at`` (datetime or ISO text) defaults to now (UTC);
    optional ``licenses`` (the input datasets' licences) become ``dcterms:license`` of every
    data set, which also carries ``dcterms:title`` and ``dcterms:issued`` (the build time).
    """
    specs = {name: _spec(name, meta) for name, meta in measures.items()}
    attribute_props = {col: _attribute_iri(base, prop) for col, prop in (attributes or {}).items()}
    _check_frame(frame, dataset_id, dimensions, list(specs), list(attribute_props))
    prov = _check_provenance(provenance, dataset_id)
    dims = {name: _dimension(base, name) for name in dimensions}
    collection = URIRef(f"{base}dataset/{dataset_id}")
    activity = activity_iri(prov["build_id"], base)
    yield from _provenance_triples(collection, activity, prov, base)
    yield from _component_declarations(dims, attribute_props, base)
    yield from _concepts(frame, dims, labels or {}, base)
    for measure, spec in specs.items():
        dataset = URIRef(f"{collection}/{measure}")
        dsd = URIRef(f"{base}structure/{dataset_id}/{measure}")
        measure_prop = URIRef(f"{base}measure/{measure}")
        unit = URIRef(spec.unit_iri) if spec.unit_iri else _unit_node(measure, spec.unit)
        yield from _structure(dsd, dims, measure_prop, attribute_props)
        yield from _measure_declaration(measure_prop, spec, unit, base)
        yield (dataset, RDF.type, QB.DataSet)
        yield (dataset, QB.structure, dsd)
        yield (dataset, RDFS.label, Literal(f"{dataset_id}: {spec.label}", lang="en"))
        yield (dataset, DCTERMS.title, Literal(f"{spec.label} ({dataset_id})", lang="en"))
        yield (dataset, DCTERMS.issued, prov["generated_at"])
        for license_text in prov["licenses"]:
            yield (dataset, DCTERMS.license, Literal(license_text))
        yield (dataset, DCTERMS.isPartOf, collection)
        yield (dataset, PROV.wasGeneratedBy, activity)
        yield (dataset, PROV.generatedAtTime, prov["generated_at"])
        yield from _observations(frame, dataset, dims, measure, measure_prop, unit,
                                 attribute_props, base)


def _spec(name: str, meta: MeasureSpec | Mapping[str, Any]) -> MeasureSpec:
    if isinstance(meta, MeasureSpec):
        return meta
    try:
        return MeasureSpec(**meta)
    except TypeError as err:
        raise ValueError(f"measure '{name}': bad metadata {dict(meta)} ({err})") from err


def _check_frame(frame: pd.DataFrame, dataset_id: str, dimensions: list[str],
                 measures: list[str], attributes: list[str]) -> None:
    where = f"cube '{dataset_id}'"
    if not _ID.match(dataset_id):
        raise ValueError(f"{where}: dataset_id must match {_ID.pattern}")
    if not dimensions or not measures:
        raise ValueError(f"{where}: needs at least one dimension and one measure")
    for name in (*dimensions, *measures):
        if not _ID.match(name):
            raise ValueError(f"{where}: column name '{name}' must match {_ID.pattern}")
    missing = [col for col in (*dimensions, *measures, *attributes) if col not in frame.columns]
    if missing:
        raise ValueError(f"{where}: columns {missing} are not in the frame")
    for col in measures:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise ValueError(f"{where}: measure column '{col}' is not numeric")
    for col in dimensions:
        nulls = frame.index[frame[col].isna()]
        if len(nulls):
            raise ValueError(f"{where}: row {nulls[0]!r}, column '{col}': a dimension value "
                             "is missing (every observation needs every dimension, IC-11)")
    for col in dimensions:
        kind = _CODED_COLUMNS.get(col)
        if kind is None:
            continue
        qualifier = _QUALIFIER[kind]
        needs = frame[col] == AGGREGATE if kind == "region" else frame[col].notna()
        if not needs.any():
            continue
        if qualifier not in frame.columns:
            raise ValueError(f"{where}: column '{col}' needs a '{qualifier}' column to mint "
                             f"its IRIs (<base>{col}/<{qualifier}>/...)")
        nulls = frame.index[needs & frame[qualifier].isna()]
        if len(nulls):
            raise ValueError(f"{where}: row {nulls[0]!r}: '{col}' {frame.at[nulls[0], col]!r} "
                             f"has no '{qualifier}'")
    duplicated = frame.duplicated(subset=dimensions)
    if duplicated.any():
        row = frame.index[duplicated][0]
        key = {col: frame.at[row, col] for col in dimensions}
        raise ValueError(f"{where}: row {row!r} repeats the key {key} (IC-12)")


def _check_provenance(provenance: Mapping[str, Any], dataset_id: str) -> dict[str, Any]:
    missing = [key for key in _PROVENANCE_KEYS if not provenance.get(key)]
    if missing:
        raise ValueError(f"cube '{dataset_id}': provenance lacks {missing}")
    generated = provenance.get("generated_at") or datetime.now(UTC)
    if isinstance(generated, str):
        generated = datetime.fromisoformat(generated)
    used = provenance["used"]
    return {
        "build_id": provenance["build_id"],
        "used": [used] if isinstance(used, str) else list(used),
        "generated_at": Literal(generated.isoformat(), datatype=XSD.dateTime),
        "label": provenance.get("activity_label", "dbt build of the indicator warehouse"),
        "licenses": sorted(set(provenance.get("licenses") or ())),
    }


def _provenance_triples(collection: URIRef, activity: URIRef, prov: dict[str, Any],
                        base: str) -> Iterator[Triple]:
    yield (collection, RDF.type, PROV.Entity)
    yield (collection, PROV.wasGeneratedBy, activity)
    yield (collection, PROV.generatedAtTime, prov["generated_at"])
    yield (activity, RDF.type, PROV.Activity)
    yield (activity, RDFS.label, Literal(prov["label"], lang="en"))
    yield (activity, DCTERMS.identifier, Literal(str(prov["build_id"])))
    yield (activity, PROV.endedAtTime, prov["generated_at"])
    for used in prov["used"]:
        entity = input_iri(used, base)
        yield (entity, RDF.type, PROV.Entity)
        yield (activity, PROV.used, entity)
        yield (collection, PROV.wasDerivedFrom, entity)


def activity_iri(build_id: Any, base: str = DATA_BASE) -> URIRef:
    """IRI of the build activity (the nqpf build, ``build_info.build_id``) that generated an
    export."""
    return URIRef(f"{base}activity/{quote(str(build_id), safe='')}")


def input_iri(used: str, base: str = DATA_BASE) -> URIRef:
    """IRI of an input dataset: ``used`` itself when it is an IRI, else minted from its id."""
    if used.startswith(("http://", "https://")):
        return URIRef(used)
    return URIRef(f"{base}input/{quote(used, safe='')}")


@dataclass(frozen=True)
class _Dimension:
    prop: URIRef
    label: str
    kind: str  # "region", "sector", "year" or "other"
    #: the code list its values are concepts of
    codes: URIRef


def _dimension(base: str, name: str) -> _Dimension:
    if name == "region":
        return _Dimension(SDMX_DIMENSION.refArea, "reference area", "region",
                          code_list("region", base))
    if name == "year":
        return _Dimension(SDMX_DIMENSION.refPeriod, "reference period", "year",
                          code_list("year", base))
    if name == "sector":
        return _Dimension(NQPF.sector, "sector", "sector", code_list("sector", base))
    if name == "economy":  # coded as regions: its own values are region codes or ALL
        return _Dimension(URIRef(f"{base}dimension/economy"), "economy", "region",
                          code_list("region", base))
    return _Dimension(URIRef(f"{base}dimension/{name}"), name, "other", code_list(name, base))


def _attribute_iri(base: str, prop: str) -> URIRef:
    return URIRef(prop if prop.startswith(("http://", "https://")) else f"{base}attribute/{prop}")


def code_list(kind: str, base: str = DATA_BASE) -> URIRef:
    """The ``skos:ConceptScheme`` of a dimension (``region``, ``sector``, ``year`` or the
    name of any other dimension)."""
    return URIRef(f"{base}codelist/{kind}")


def code_iri(name: str, value: Any, base: str = DATA_BASE) -> URIRef:
    """The code of a value of a dimension other than region, sector and year."""
    return URIRef(f"{base}code/{quote(name, safe='')}/{quote(str(value), safe='')}")


def region_iri(code: Any, dataset: Any = None, base: str = DATA_BASE) -> URIRef:
    """A region's concept: ``<base>region/<code>``, the aggregate ``<base>region/<dataset>/ALL``."""
    if str(code) == AGGREGATE:
        return URIRef(f"{base}region/{quote(str(dataset), safe='')}/{AGGREGATE}")
    return URIRef(f"{base}region/{quote(str(code), safe='')}")


def sector_iri(code: Any, scheme: Any, base: str = DATA_BASE) -> URIRef:
    """A sector's concept, qualified by its classification: ``<base>sector/<scheme>/<code>``."""
    return URIRef(f"{base}sector/{quote(str(scheme), safe='')}/{quote(str(code), safe='')}")


def _component_declarations(dims: dict[str, _Dimension], attributes: dict[str, URIRef],
                            base: str) -> Iterator[Triple]:
    """Declare the component properties so the export is self-contained (IC-4 needs ranges)."""
    for dim in dims.values():
        yield (dim.prop, RDF.type, RDF.Property)
        yield (dim.prop, RDF.type, QB.DimensionProperty)
        yield (dim.prop, RDFS.label, Literal(dim.label, lang="en"))
        yield (dim.prop, RDFS.range, RDFS.Resource)
        yield (dim.prop, QB.codeList, dim.codes)
        yield (dim.codes, RDF.type, SKOS.ConceptScheme)
        yield (dim.codes, RDFS.label, Literal(f"{_local(dim.codes)} codes", lang="en"))
        if dim.kind in ("region", "year"):
            concept = "refArea" if dim.kind == "region" else "refPeriod"
            yield (dim.prop, QB.concept, URIRef(SDMX_CONCEPT + concept))
    for prop in (SDMX_ATTRIBUTE.unitMeasure, *attributes.values()):
        yield (prop, RDF.type, RDF.Property)
        yield (prop, RDF.type, QB.AttributeProperty)
    yield (SDMX_ATTRIBUTE.unitMeasure, QB.concept, URIRef(SDMX_CONCEPT + "unitMeasure"))


def _concepts(frame: pd.DataFrame, dims: dict[str, _Dimension],
               labels: Mapping[str, Mapping[str, str]], base: str) -> Iterator[Triple]:
    """Each value the frame uses as a concept of its dimension's code list (IC-19)."""
    for name, dim in dims.items():
        scheme = dim.codes
        if dim.kind not in _CODED:
            for value in frame[name].unique().tolist():
                concept = _dimension_value(dim, value, base)
                yield (concept, RDF.type, SKOS.Concept)
                yield (concept, SKOS.inScheme, scheme)
                yield (concept, SKOS.notation, Literal(str(value)))
                if dim.kind == "other":
                    yield (concept, SKOS.prefLabel, Literal(str(value), lang="en"))
            continue
        for (code, qualifier), concept in _coded_terms(dim, frame, name, base).items():
            yield (concept, RDF.type, SKOS.Concept)
            yield (concept, SKOS.inScheme, scheme)
            yield (concept, SKOS.notation, Literal(str(code)))
            named = labels.get(str(concept)) or (
                _aggregate_labels(qualifier) if dim.kind == "region" and code == AGGREGATE
                else {})
            for lang, label in named.items():
                if label:
                    yield (concept, SKOS.prefLabel, Literal(label, lang=lang))


def _aggregate_labels(dataset: Any) -> dict[str, str]:
    """Labels of a dataset's aggregate: its regions summed as one economy."""
    return {"en": f"{dataset}: all regions as one economy", "zh": f"{dataset}：全部地区合计"}


def _coded_terms(dim: _Dimension, frame: pd.DataFrame, name: str,
                 base: str) -> dict[tuple[Any, Any], URIRef]:
    """(code, its qualifier: dataset of a region, scheme of a sector) -> concept IRI."""
    qualifier = _QUALIFIER[dim.kind]
    if qualifier in frame.columns:
        pairs = frame[[name, qualifier]].drop_duplicates().itertuples(index=False, name=None)
    else:
        pairs = ((code, None) for code in frame[name].unique().tolist())
    mint = sector_iri if dim.kind == "sector" else region_iri
    return {(code, q): mint(code, q, base) for code, q in pairs}


def _structure(dsd: URIRef, dims: dict[str, _Dimension], measure_prop: URIRef,
               attributes: dict[str, URIRef]) -> Iterator[Triple]:
    yield (dsd, RDF.type, QB.DataStructureDefinition)
    for order, (name, dim) in enumerate(dims.items(), start=1):
        component = URIRef(f"{dsd}/component/{name}")
        yield (dsd, QB.component, component)
        yield (component, RDF.type, QB.ComponentSpecification)
        yield (component, QB.dimension, dim.prop)
        yield (component, QB.componentProperty, dim.prop)
        yield (component, QB.order, Literal(order))
    component = URIRef(f"{dsd}/component/measure")
    yield (dsd, QB.component, component)
    yield (component, RDF.type, QB.ComponentSpecification)
    yield (component, QB.measure, measure_prop)
    yield (component, QB.componentProperty, measure_prop)
    required = {SDMX_ATTRIBUTE.unitMeasure: True} | dict.fromkeys(attributes.values(), False)
    for prop, is_required in required.items():
        component = URIRef(f"{dsd}/component/{_local(prop)}")
        yield (dsd, QB.component, component)
        yield (component, RDF.type, QB.ComponentSpecification)
        yield (component, QB.attribute, prop)
        yield (component, QB.componentProperty, prop)
        yield (component, QB.componentRequired, Literal(is_required))


def _measure_declaration(prop: URIRef, spec: MeasureSpec, unit: URIRef,
                         base: str) -> Iterator[Triple]:
    yield (prop, RDF.type, RDF.Property)
    yield (prop, RDF.type, QB.MeasureProperty)
    yield (prop, RDFS.subPropertyOf, SDMX_MEASURE.obsValue)
    yield (prop, RDFS.label, Literal(spec.label, lang="en"))
    yield (prop, RDFS.range, XSD.double)
    if spec.definition:
        yield (prop, RDFS.comment, Literal(spec.definition, lang="en"))
    if spec.indicator:
        yield (prop, RDFS.isDefinedBy, INDICATOR[spec.indicator])
    if str(unit).startswith(f"{base}unit/"):
        yield (unit, RDFS.label, Literal(spec.unit, lang="en"))


def _unit_node(measure: str, unit: str) -> URIRef:
    known = unit_iri(unit)
    if known is None:
        raise ValueError(f"measure '{measure}': unit '{unit}' has no IRI; give unit_iri "
                         "(nqpf.units.unit_of)")
    return known


def _local(prop: URIRef) -> str:
    return re.split(r"[#/]", str(prop))[-1]


def _observations(frame: pd.DataFrame, dataset: URIRef, dims: dict[str, _Dimension],
                  measure: str, measure_prop: URIRef, unit: URIRef,
                  attributes: dict[str, URIRef], base: str) -> Iterator[Triple]:
    # Terms are made once per distinct dimension value and the columns read as plain lists:
    # building rdflib terms dominates the cost of a large export.
    keys = [_row_terms(dim, frame, name, base) for name, dim in dims.items()]
    props = [dim.prop for dim in dims.values()]
    rdf_type, observation, in_dataset = RDF.type, QB.Observation, QB.dataSet
    unit_measure, double = SDMX_ATTRIBUTE.unitMeasure, XSD.double
    columns = [frame[name].tolist() for name in (measure, *attributes)]
    width = len(keys)
    for row in zip(*keys, *columns, strict=True):
        terms, number, values = row[:width], row[width], row[width + 1:]
        if number is None or (isinstance(number, float) and math.isnan(number)):
            continue  # the null rule: no observation for a null cell (see module docstring)
        obs = URIRef(f"{dataset}/obs/" + "/".join(segment for segment, _ in terms))
        yield (obs, rdf_type, observation)
        yield (obs, in_dataset, dataset)
        for prop, (_, term) in zip(props, terms, strict=True):
            yield (obs, prop, term)
        yield (obs, measure_prop, Literal(float(number), datatype=double))
        yield (obs, unit_measure, unit)
        for prop, value in zip(attributes.values(), values, strict=True):
            if not pd.isna(value):
                yield (obs, prop, Literal(value))


def _row_terms(dim: _Dimension, frame: pd.DataFrame, name: str,
               base: str) -> list[tuple[str, URIRef | Literal]]:
    """Per row: the value's path segment in observation IRIs and its RDF term."""
    values = frame[name].tolist()
    if dim.kind in _CODED:
        concepts = _coded_terms(dim, frame, name, base)
        qualifier = _QUALIFIER[dim.kind]
        qualifiers = (frame[qualifier].tolist() if qualifier in frame.columns
                      else [None] * len(values))
        return [(quote(str(value), safe=""), concepts[value, q])
                for value, q in zip(values, qualifiers, strict=True)]
    terms = {value: (quote(str(value), safe=""), _dimension_value(dim, value, base))
             for value in frame[name].unique().tolist()}
    return [terms[value] for value in values]


def _dimension_value(dim: _Dimension, value: Any, base: str) -> URIRef:
    if dim.kind == "year":
        return URIRef(f"{YEAR_BASE}{int(value)}")
    return code_iri(dim.label, value, base)


def nt_line(triple: Triple) -> str:
    """One N-Triples line (rdflib's N3 term syntax is N-Triples for IRIs and literals)."""
    subject, predicate, obj = triple
    return f"{subject.n3()} {predicate.n3()} {obj.n3()} .\n"


def write_export(triples: Iterable[Triple], path: str | Path, format: str = "ttl") -> int:
    """Write ``triples`` to ``path`` as ``ttl``, ``nt`` or ``jsonld``; returns the count.

    N-Triples is streamed line by line, so memory stays flat (use it for large exports).
    Turtle and JSON-LD are streamed to a temporary N-Triples file first, loaded into a
    pyoxigraph store (which drops repeated triples) and serialised from there with the
    project's prefixes - an order of magnitude faster than an rdflib graph.
    """
    path = Path(path)
    if format == "nt":
        return _write_nt(triples, path)
    if format not in _SERIALISERS:
        raise ValueError(f"{path}: format must be 'ttl', 'nt' or 'jsonld', not '{format}'")
    scratch = path.with_name(f".{path.name}.nt")
    try:
        _write_nt(triples, scratch)
        store = ox.Store()
        store.bulk_load(path=scratch, format=ox.RdfFormat.N_TRIPLES)
        if format == "jsonld":  # compact, with the prefixes as its @context
            write_compact(store, path, EXPORT_PREFIXES)
        else:
            store.dump(path, format=_SERIALISERS[format], from_graph=ox.DefaultGraph(),
                       prefixes=EXPORT_PREFIXES)
        return len(store)
    finally:
        scratch.unlink(missing_ok=True)


def _write_nt(triples: Iterable[Triple], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for triple in triples:
            out.write(nt_line(triple))
            count += 1
    return count
