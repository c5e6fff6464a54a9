"""Build the knowledge graph: the OWL/RDFS vocabulary plus the curated YAML knowledge.

Concepts (mechanisms, channels, constraints, dilemmas, policies) become SKOS concepts in
three concept schemes; sources become BIBO documents with their sections as document parts;
evidence records cite their table with CiTO and PROV. Inverse and super-property links
(skos:narrower, symmetric skos:related, nqpf:concerns) are materialised so that queries and
SHACL shapes need no reasoner.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from nqpf.knowledge.namespaces import (
    BIBO,
    CITO,
    INDICATOR,
    KG,
    KNOWLEDGE_DIR,
    NQPF,
    ONTOLOGY_DIR,
    SDMX_ATTRIBUTE,
    bind_prefixes,
    unit_iri,
)
from nqpf.knowledge.schema import Entry, Knowledge, Section, SourceDoc, load_knowledge, scheme_of

VOCABULARY = ONTOLOGY_DIR / "vocabulary.ttl"

#: entry type -> the classes its node is typed with (explicit, so no RDFS inference is needed)
_CLASSES = {
    "Mechanism": (NQPF.Mechanism, SKOS.Concept),
    "Channel": (NQPF.Channel, NQPF.Mechanism, SKOS.Concept),
    "Constraint": (NQPF.Constraint, SKOS.Concept),
    "Dilemma": (NQPF.Dilemma, NQPF.Constraint, SKOS.Concept),
    "Policy": (NQPF.Policy, SKOS.Concept),
    "Hypothesis": (NQPF.Hypothesis,),
    "Evidence": (NQPF.Evidence, PROV.Entity),
    "Statistic": (NQPF.Statistic, PROV.Entity),
    "Indicator": (NQPF.Indicator,),
}
#: YAML link field -> predicate
_LINKS = {
    "broader": SKOS.broader,
    "related": SKOS.related,
    "constrains": NQPF.constrains,
    "addresses": NQPF.addresses,
    "strengthens": NQPF.strengthens,
    "tests": NQPF.tests,
    "supports": NQPF.supports,
    "contradicts": NQPF.contradicts,
    "concerns": NQPF.concerns,
    "about": NQPF.about,
    "measures": NQPF.measures,
    "regressor": NQPF.regressor,
    "outcome": NQPF.outcome,
}
#: YAML field -> (predicate, datatype) for plain values
_VALUES = {
    "coefficient": (NQPF.coefficient, XSD.decimal),
    "standard_error": (NQPF.standardError, XSD.decimal),
    "n_obs": (NQPF.nObs, XSD.integer),
    "r_squared": (NQPF.rSquared, XSD.decimal),
    "table": (NQPF.table, XSD.integer),
    "column": (NQPF.column, XSD.string),
    "variable": (NQPF.variable, XSD.string),
    "sign": (NQPF.sign, XSD.string),
    "significance": (NQPF.significance, XSD.string),
    "specification": (NQPF.specification, XSD.string),
    "value": (NQPF.value, XSD.decimal),
    "unit": (NQPF.unit, XSD.string),
    "year": (NQPF.year, XSD.gYear),
    "ref_area": (NQPF.refArea, XSD.string),
    "formula": (NQPF.formula, XSD.string),
    "formula_ref": (NQPF.formulaRef, XSD.string),
    "computed_by": (NQPF.computedBy, XSD.string),
    "direction": (NQPF.direction, XSD.string),
    "code": (SKOS.notation, XSD.string),
}


def build_graph(knowledge_dir: Path = KNOWLEDGE_DIR, vocabulary: Path = VOCABULARY) -> Graph:
    """The knowledge graph from ``vocabulary`` and the YAML files in ``knowledge_dir``.

    Raises :class:`~nqpf.knowledge.schema.KnowledgeError` naming file, entry id and rule when
    a knowledge file breaks the schema.
    """
    knowledge = load_knowledge(knowledge_dir)
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(vocabulary, format="turtle")
    for source in knowledge.sources:
        _add_source(graph, source)
    nodes = {entry.id: node_of(entry) for entry in knowledge.entries}
    for entry in knowledge.entries:
        _add_entry(graph, entry, nodes)
    _materialise(graph, knowledge, nodes)
    return graph


def node_of(entry: Entry) -> URIRef:
    """IRI of an entry: indicators under ``kg:indicator/``, everything else under ``kg:``."""
    return INDICATOR[entry.id] if entry.kind == "Indicator" else KG[entry.id]


def source_node(source_id: str) -> URIRef:
    return KG[f"source/{source_id}"]


def section_node(source_id: str, section: Section) -> URIRef:
    return KG[f"source/{source_id}/section/{section.key}"]


def _add_source(graph: Graph, source: SourceDoc) -> None:
    data, node = source.data, source_node(source.id)
    graph.add((node, RDF.type, NQPF.Source))
    graph.add((node, RDF.type, BIBO.Document))
    graph.add((node, NQPF.sourceId, Literal(source.id)))
    graph.add((node, DCTERMS.identifier, Literal(data["file"])))
    graph.add((node, DCTERMS.title, Literal(data["title"], lang="en")))
    graph.add((node, RDFS.label, Literal(f"Source {source.id}", lang="en")))
    if "title_note" in data:
        graph.add((node, RDFS.comment, Literal(data["title_note"], lang="en")))
    if "date" in data:
        graph.add((node, DCTERMS.date, Literal(data["date"])))
    if "doi" in data:
        graph.add((node, BIBO.doi, Literal(data["doi"])))
    for name in data.get("creators", []):
        person = KG[f"person/{'-'.join(name.lower().split())}"]
        graph.add((person, RDF.type, FOAF.Person))
        graph.add((person, FOAF.name, Literal(name)))
        graph.add((node, DCTERMS.creator, person))


def _cite(graph: Graph, node: URIRef, source_id: str, text: str) -> URIRef:
    section = Section.parse(text)
    part = section_node(source_id, section)
    graph.add((part, RDF.type, NQPF.SourceSection))
    graph.add((part, RDF.type, BIBO.DocumentPart))
    graph.add((part, DCTERMS.isPartOf, source_node(source_id)))
    graph.add((part, DCTERMS.title, Literal(section.heading, lang="en")))
    graph.add((part, RDFS.label, Literal(f"{source_id} {text.strip()}", lang="en")))
    if section.number:
        graph.add((part, NQPF.sectionNumber, Literal(section.number)))
    graph.add((node, NQPF.citedIn, part))
    return part


def _add_entry(graph: Graph, entry: Entry, nodes: dict[str, URIRef]) -> None:
    data, node = entry.data, nodes[entry.id]
    for cls in _CLASSES[entry.kind]:
        graph.add((node, RDF.type, cls))
    graph.add((node, DCTERMS.identifier, Literal(entry.id)))
    for lang, text in data["label"].items():
        graph.add((node, RDFS.label, Literal(text, lang=lang)))
        if SKOS.Concept in _CLASSES[entry.kind]:
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
    graph.add((node, SKOS.definition, Literal(" ".join(data["definition"].split()), lang="en")))
    if "note" in data:
        graph.add((node, SKOS.note, Literal(data["note"], lang="en")))
    if "section" in data:
        part = _cite(graph, node, entry.source_id, data["section"])
        if entry.kind == "Statistic":
            graph.add((node, PROV.wasDerivedFrom, part))
    for name, (predicate, datatype) in _VALUES.items():
        if name in data:
            graph.add((node, predicate, _literal(data[name], datatype)))
    for name, predicate in _LINKS.items():
        for target in entry.links(name):
            graph.add((node, predicate, nodes[target]))
    if "unit" in data and (unit := unit_iri(data["unit"])) is not None:
        graph.add((node, SDMX_ATTRIBUTE.unitMeasure, unit))
    if entry.kind == "Evidence":
        table = KG[f"source/{entry.source_id}/table/{data['table']}"]
        graph.add((table, RDF.type, BIBO.DocumentPart))
        graph.add((table, DCTERMS.isPartOf, source_node(entry.source_id)))
        graph.add((table, RDFS.label, Literal(f"Table {data['table']}", lang="en")))
        graph.add((node, CITO.citesAsEvidence, table))
        graph.add((node, PROV.wasDerivedFrom, table))


def _literal(value: object, datatype: URIRef) -> Literal:
    if datatype == XSD.decimal:  # via str so 0.1 stays 0.1, not its binary expansion
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    if datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    return Literal(value, datatype=None if datatype == XSD.string else datatype)


def _materialise(graph: Graph, knowledge: Knowledge, nodes: dict[str, URIRef]) -> None:
    """Add schemes, top concepts and the inverse/super-property links a reasoner would infer."""
    for entry in knowledge.entries:
        scheme = scheme_of(entry.kind)
        if scheme is None:
            continue
        node = nodes[entry.id]
        graph.add((node, SKOS.inScheme, NQPF[scheme]))
        if not entry.links("broader"):
            graph.add((node, SKOS.topConceptOf, NQPF[scheme]))
            graph.add((NQPF[scheme], SKOS.hasTopConcept, node))
    for child, parent in list(graph.subject_objects(SKOS.broader)):
        graph.add((parent, SKOS.narrower, child))
    for one, other in list(graph.subject_objects(SKOS.related)):
        graph.add((other, SKOS.related, one))
    for predicate in (NQPF.supports, NQPF.contradicts):
        for evidence, hypothesis in list(graph.subject_objects(predicate)):
            graph.add((evidence, NQPF.concerns, hypothesis))
