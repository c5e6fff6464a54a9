"""Build the knowledge graph: the OWL/RDFS vocabulary plus the curated YAML knowledge.

Concepts (mechanisms, channels, outcomes, methods, input categories, constraints, dilemmas,
policies) become SKOS concepts in their concept schemes; sources become BIBO documents with
their sections as document parts and an ORKG-style contribution; evidence records cite their
table with CiTO and PROV. Every link between entries is also reified as an
``nqpf:LinkAssertion`` carrying its provenance (stated in the text or inferred by the curator,
the section and a Web Annotation quote selector). Inverse and super-property links
(skos:narrower, symmetric skos:related and skos:closeMatch, nqpf:concerns) are materialised
so that queries and SHACL shapes need no reasoner.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from nqpf.knowledge.load import (
    Entry,
    Knowledge,
    Link,
    Section,
    SourceDoc,
    Work,
    load_knowledge,
)
from nqpf.knowledge.namespaces import (
    BIBO,
    CITO,
    INDICATOR,
    KG,
    KNOWLEDGE_DIR,
    NQPF,
    OA,
    ONTOLOGY_DIR,
    SDMX_ATTRIBUTE,
    bind_prefixes,
    unit_iri,
)
from nqpf.knowledge.schema import SCHEMES, relation, scheme_of
from nqpf.knowledge.verdicts import prediction_iri, verdict_frame, verdict_triples

VOCABULARY = ONTOLOGY_DIR / "vocabulary.ttl"

#: entry type -> the classes its node is typed with (explicit, so no RDFS inference is needed)
_CLASSES = {
    "Mechanism": (NQPF.Mechanism, SKOS.Concept),
    "Channel": (NQPF.Channel, NQPF.Mechanism, SKOS.Concept),
    "Outcome": (NQPF.Outcome, SKOS.Concept),
    "Method": (NQPF.Method, SKOS.Concept),
    "InputCategory": (NQPF.InputCategory, SKOS.Concept),
    "Constraint": (NQPF.Constraint, SKOS.Concept),
    "Dilemma": (NQPF.Dilemma, NQPF.Constraint, SKOS.Concept),
    "Policy": (NQPF.Policy, SKOS.Concept),
    "Hypothesis": (NQPF.Hypothesis,),
    "Evidence": (NQPF.Evidence, PROV.Entity),
    "Statistic": (NQPF.Statistic, PROV.Entity),
    "Indicator": (NQPF.Indicator,),
}
#: YAML link field -> predicate
LINK_PREDICATES = {
    "broader": SKOS.broader,
    "related": SKOS.related,
    "close_match": SKOS.closeMatch,
    "constrains": NQPF.constrains,
    "addresses": NQPF.addresses,
    "strengthens": NQPF.strengthens,
    "tests": NQPF.tests,
    "about": NQPF.about,
    "measures": NQPF.measures,
    "input_category": NQPF.inputCategory,
    "method": NQPF.method,
    "regressor": NQPF.regressor,
    "outcome": NQPF.outcome,
    "hypothesis": NQPF.hypothesis,
}
#: links that carry a claim of a text, so each is reified with its provenance
PROVENANCED = ("broader", "related", "close_match", "constrains", "addresses", "strengthens",
               "tests", "measures")
_BASIS = {"stated": NQPF.StatedInText, "inferred": NQPF.CuratorInference}
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
    "role": (NQPF.role, XSD.string),
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
#: ORKG-style description of a source's contribution: field -> predicate
_CONTRIBUTION = {
    "research_problem": NQPF.researchProblem,
    "method": NQPF.methodDescription,
    "data": NQPF.dataDescription,
    "results": NQPF.results,
}


def build_graph(knowledge_dir: Path = KNOWLEDGE_DIR, vocabulary: Path = VOCABULARY) -> Graph:
    """The knowledge graph from ``vocabulary`` and the YAML files in ``knowledge_dir``.

    Raises :class:`~nqpf.knowledge.load.KnowledgeError` naming file, entry id and rule when
    a knowledge file breaks the schema.
    """
    knowledge = load_knowledge(knowledge_dir)
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(vocabulary, format="turtle")
    for source in knowledge.sources:
        _add_source(graph, source)
    for work in knowledge.works:
        _add_work(graph, work)
    nodes = {entry.id: node_of(entry) for entry in knowledge.entries}
    for entry in knowledge.entries:
        _add_entry(graph, entry, nodes)
    _add_verdicts(graph, knowledge, nodes)
    for triple in verdict_triples(verdict_frame(knowledge)):
        graph.add(triple)
    _materialise(graph, knowledge, nodes)
    return graph


def node_of(entry: Entry) -> URIRef:
    """IRI of an entry: indicators under ``kg:indicator/``, everything else under ``kg:``."""
    return INDICATOR[entry.id] if entry.kind == "Indicator" else KG[entry.id]


def source_node(source_id: str) -> URIRef:
    return KG[f"source/{source_id}"]


def section_node(source_id: str, section: Section) -> URIRef:
    return KG[f"source/{source_id}/section/{section.key}"]


def link_node(subject: str, relation_name: str, target: str) -> URIRef:
    """IRI of the reified link ``subject relation target``."""
    return KG[f"link/{subject}/{relation_name}/{target}"]


def _add_source(graph: Graph, source: SourceDoc) -> None:
    data, node = source.model, source_node(source.id)
    graph.add((node, RDF.type, NQPF.Source))
    graph.add((node, RDF.type, BIBO.Document))
    graph.add((node, NQPF.sourceId, Literal(source.id)))
    graph.add((node, DCTERMS.identifier, Literal(data.file)))
    graph.add((node, DCTERMS.title, Literal(data.title, lang="en")))
    graph.add((node, RDFS.label, Literal(f"Source {source.id}", lang="en")))
    for value, predicate in ((data.title_note, RDFS.comment), (data.date, DCTERMS.date),
                             (data.doi, BIBO.doi), (data.venue, DCTERMS.isPartOf),
                             (data.license, DCTERMS.license)):
        if value is not None:
            graph.add((node, predicate, Literal(value)))
    for name in data.creators:
        person = KG[f"person/{'-'.join(name.lower().split())}"]
        graph.add((person, RDF.type, FOAF.Person))
        graph.add((person, FOAF.name, Literal(name)))
        graph.add((node, DCTERMS.creator, person))
    contribution = KG[f"source/{source.id}/contribution"]
    graph.add((contribution, RDF.type, NQPF.Contribution))
    graph.add((node, NQPF.contribution, contribution))
    for name, predicate in _CONTRIBUTION.items():
        if (value := getattr(data, name)) is not None:
            graph.add((contribution, predicate, Literal(" ".join(value.split()), lang="en")))


def work_node(work_id: str) -> URIRef:
    return KG[f"work/{work_id}"]


def _add_work(graph: Graph, work: Work) -> None:
    """A study a source cites for a finding, with authors and year as the text gives them."""
    node, data = work_node(work.id), work.model
    graph.add((node, RDF.type, NQPF.CitedWork))
    graph.add((node, RDF.type, BIBO.Document))
    graph.add((node, DCTERMS.identifier, Literal(work.id)))
    graph.add((node, DCTERMS.bibliographicCitation, Literal(data.cited_as)))
    graph.add((node, RDFS.label, Literal(data.cited_as, lang="en")))
    graph.add((node, DCTERMS.date, _literal(data.year, XSD.gYear)))
    for name in data.authors:
        graph.add((node, DCTERMS.creator, Literal(name)))
    graph.add((source_node(work.source_id), CITO.cites, node))
    _cite(graph, node, work.source_id, data.section, None)


def _cite(graph: Graph, node: URIRef, source_id: str, text: str, quote: str | None) -> URIRef:
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
    if quote is not None:
        graph.add((node, NQPF.quotedAt, _quote_target(graph, node, source_id, quote)))
    return part


def _quote_target(graph: Graph, node: URIRef, source_id: str, quote: str) -> URIRef:
    """A Web Annotation specific resource: the source text narrowed by a quote selector
    (IRIs minted from the quoting node, so every export names them alike)."""
    target, selector = URIRef(f"{node}/quote"), URIRef(f"{node}/quote/selector")
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, source_node(source_id)))
    graph.add((target, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, OA.exact, Literal(quote)))
    return target


def _add_entry(graph: Graph, entry: Entry, nodes: dict[str, URIRef]) -> None:
    node = nodes[entry.id]
    concept = SKOS.Concept in _CLASSES[entry.kind]
    for cls in _CLASSES[entry.kind]:
        graph.add((node, RDF.type, cls))
    graph.add((node, DCTERMS.identifier, Literal(entry.id)))
    label = entry.model.label  # type: ignore[attr-defined]
    for lang in ("en", "zh"):
        if (text := getattr(label, lang)) is not None:
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
    if (alt := entry.get("alt_labels")) is not None:
        for lang in ("en", "zh"):
            for text in getattr(alt, lang):
                graph.add((node, SKOS.altLabel, Literal(text, lang=lang)))
    graph.add((node, SKOS.definition, Literal(" ".join(entry.get("definition").split()),
                                              lang="en")))
    if (zh := entry.get("definition_zh")) is not None:
        graph.add((node, SKOS.definition, Literal(zh, lang="zh")))
    if (note := entry.get("note")) is not None:
        graph.add((node, SKOS.note, Literal(note, lang="en")))
    for work in entry.get("reported_from", []):
        graph.add((node, NQPF.reportedFrom, work_node(work)))
    if entry.get("section") is not None:
        part = _cite(graph, node, entry.source_id, entry.get("section"), entry.get("quote"))
        if entry.kind == "Statistic":
            graph.add((node, PROV.wasDerivedFrom, part))
    for name, (predicate, datatype) in _VALUES.items():
        if (value := entry.get(name)) is not None:
            graph.add((node, predicate, _literal(value, datatype)))
    for name, predicate in LINK_PREDICATES.items():
        for link in entry.links(name):
            graph.add((node, predicate, nodes[link.target]))
            if name in PROVENANCED:
                _add_assertion(graph, entry, link, node, predicate, nodes[link.target])
    if (unit := entry.get("unit")) is not None and (iri := unit_iri(unit)) is not None:
        graph.add((node, SDMX_ATTRIBUTE.unitMeasure, iri))
    if entry.kind == "Evidence":
        table = KG[f"source/{entry.source_id}/table/{entry.get('table')}"]
        graph.add((table, RDF.type, BIBO.DocumentPart))
        graph.add((table, DCTERMS.isPartOf, source_node(entry.source_id)))
        graph.add((table, RDFS.label, Literal(f"Table {entry.get('table')}", lang="en")))
        graph.add((node, CITO.citesAsEvidence, table))
        graph.add((node, PROV.wasDerivedFrom, table))
    if concept:
        graph.add((node, SKOS.inScheme, NQPF[scheme_of(entry.kind)]))


def _add_assertion(graph: Graph, entry: Entry, link: Link, subject: URIRef, predicate: URIRef,
                   target: URIRef) -> None:
    """Reify one link with its provenance (RDF reification, so every store can hold it)."""
    node = link_node(entry.id, link.relation, link.target)
    graph.add((node, RDF.type, NQPF.LinkAssertion))
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, target))
    graph.add((node, NQPF.basis, _BASIS[link.basis]))
    if link.justification is not None:
        graph.add((node, NQPF.justification, Literal(" ".join(link.justification.split()),
                                                     lang="en")))
    if link.section is not None and link.source is not None:
        _cite(graph, node, link.source, link.section, link.quote)


def _add_verdicts(graph: Graph, knowledge: Knowledge, nodes: dict[str, URIRef]) -> None:
    """Predictions and the authors' verdict of each hypothesis, and how each published
    result bears on its hypothesis (derived from the prediction, never typed by hand)."""
    entries = knowledge.by_id()
    for entry in knowledge.entries:
        if entry.kind == "Hypothesis":
            hypothesis, node = entry.model, nodes[entry.id]
            for prediction in hypothesis.predictions:  # type: ignore[attr-defined]
                item = prediction_iri(entry.id, prediction.regressor, prediction.outcome,
                                      prediction.ex_ante)
                graph.add((node, NQPF.predicts, item))
                graph.add((item, RDF.type, NQPF.Prediction))
                graph.add((item, NQPF.regressor, nodes[prediction.regressor]))
                graph.add((item, NQPF.outcome, nodes[prediction.outcome]))
                graph.add((item, NQPF.predictedSign, Literal(prediction.sign)))
                graph.add((item, NQPF.exAnte, Literal(prediction.ex_ante)))
                _cite(graph, item, prediction.source or entry.source_id, prediction.section,
                      prediction.quote)
            verdict = hypothesis.verdict  # type: ignore[attr-defined]
            item = KG[f"{entry.id}/verdict"]
            graph.add((node, NQPF.authorsVerdict, item))
            graph.add((item, RDF.type, NQPF.Verdict))
            graph.add((item, NQPF.verdictValue, Literal(verdict.value)))
            _cite(graph, item, entry.source_id, verdict.section, verdict.quote)
        elif entry.kind == "Evidence":
            hypothesis = entries[entry.get("hypothesis")].model
            name = relation(entry.model, hypothesis)  # type: ignore[arg-type]
            graph.add((nodes[entry.id], NQPF[name], nodes[hypothesis.id]))


def _literal(value: object, datatype: URIRef) -> Literal:
    if datatype == XSD.decimal:  # via str so 0.1 stays 0.1, not its binary expansion
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    if datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    return Literal(value, datatype=None if datatype == XSD.string else datatype)


def _materialise(graph: Graph, knowledge: Knowledge, nodes: dict[str, URIRef]) -> None:
    """Add top concepts and the inverse/super-property links a reasoner would infer."""
    for entry in knowledge.entries:
        if entry.kind in SCHEMES and not entry.links("broader"):
            scheme = NQPF[SCHEMES[entry.kind]]
            graph.add((nodes[entry.id], SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, nodes[entry.id]))
    for child, parent in list(graph.subject_objects(SKOS.broader)):
        graph.add((parent, SKOS.narrower, child))
    for predicate in (SKOS.related, SKOS.closeMatch):
        for one, other in list(graph.subject_objects(predicate)):
            graph.add((other, predicate, one))
    for predicate in (NQPF.supports, NQPF.contradicts):
        for evidence, hypothesis in list(graph.subject_objects(predicate)):
            graph.add((evidence, NQPF.concerns, hypothesis))
