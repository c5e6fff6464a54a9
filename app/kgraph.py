"""The knowledge graph as the pages use it: built once per process, read with triple
patterns (fast) or the saved SPARQL queries on pyoxigraph (results cached)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyoxigraph as ox
import streamlit as st
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from i18n import language, t
from nqpf.knowledge.graph import build_graph
from nqpf.knowledge.integrity import store_of
from nqpf.knowledge.namespaces import NQPF
from nqpf.knowledge.queries import run_saved
from nqpf.warehouse import MARTS

#: browsable kinds -> their class in the vocabulary
KINDS: dict[str, URIRef] = {
    "Mechanisms": NQPF.Mechanism,
    "Outcomes": NQPF.Outcome,
    "Input categories": NQPF.InputCategory,
    "Methods": NQPF.Method,
    "Constraints": NQPF.Constraint,
    "Policies": NQPF.Policy,
    "Hypotheses": NQPF.Hypothesis,
    "Evidence": NQPF.Evidence,
    "Statistics": NQPF.Statistic,
    "Indicators": NQPF.Indicator,
}
#: predicates the browser shows as links between entries, with a reading for each
LINKS: dict[URIRef, str] = {
    SKOS.broader: "broader", SKOS.narrower: "narrower", SKOS.related: "related",
    SKOS.closeMatch: "close match", NQPF.inputCategory: "input category",
    NQPF.method: "method", NQPF.measures: "measures", NQPF.constrains: "constrains",
    NQPF.addresses: "addresses", NQPF.strengthens: "strengthens", NQPF.tests: "tests",
    NQPF.supports: "supports", NQPF.contradicts: "contradicts", NQPF.hypothesis: "hypothesis",
    NQPF.about: "about", NQPF.regressor: "regressor",
    NQPF.outcome: "outcome",
}

#: links whose inverse the graph builder materialises, so the incoming edge is already an
#: outgoing one (broader <-> narrower, symmetric related)
_MATERIALISED = (SKOS.broader, SKOS.narrower, SKOS.related, SKOS.closeMatch)


@st.cache_resource(show_spinner="Loading the knowledge graph ...")
def graph() -> Graph:
    return build_graph()


@st.cache_resource(show_spinner=False)
def sparql_store() -> ox.Store:
    """The graph in pyoxigraph, which runs every saved query."""
    return store_of(graph())


def label(node: URIRef) -> str:
    """Label of a node in the chosen language (English where no Chinese one is recorded),
    else its identifier, else the IRI's last segment."""
    if language() == "zh":
        chinese = label_zh(node)
        if chinese:
            return chinese
    return label_en(node)


def label_en(node: URIRef) -> str:
    """English label of a node, else its identifier, else the IRI's last segment."""
    g = graph()
    for value in g.objects(node, RDFS.label):
        if getattr(value, "language", None) in ("en", None):
            return str(value)
    ident = g.value(node, DCTERMS.identifier)
    return str(ident) if ident is not None else str(node).rstrip("/").rsplit("/", 1)[-1]


def label_zh(node: URIRef) -> str | None:
    """Chinese label of a node, or None when none is recorded."""
    return next((str(value) for value in graph().objects(node, RDFS.label)
                 if getattr(value, "language", None) == "zh"), None)


def definition(node: URIRef, lang: str) -> str:
    """The definition of a node in ``lang``, else in English (empty when none is recorded)."""
    found = {getattr(value, "language", None): str(value)
             for value in graph().objects(node, SKOS.definition)}
    return found.get(lang) or found.get("en") or ""


def ident(node: URIRef) -> str:
    """The entry id of a node (dcterms:identifier)."""
    return str(graph().value(node, DCTERMS.identifier))


def text(node: URIRef, predicate: URIRef) -> str | None:
    value = graph().value(node, predicate)
    return None if value is None else str(value)


def members(kind: str) -> list[URIRef]:
    """Nodes of one browsable kind, ordered by label."""
    return sorted(graph().subjects(RDF.type, KINDS[kind]), key=label)


@dataclass(frozen=True)
class Link:
    """One edge around an entry, read from the entry's side."""

    predicate: str
    other: URIRef
    outgoing: bool


def links(node: URIRef) -> list[Link]:
    """Edges between ``node`` and other entries, both directions."""
    g = graph()
    found = [Link(LINKS[p], o, True) for p, o in g.predicate_objects(node) if p in LINKS]
    found += [Link(LINKS[p], s, False) for s, p in g.subject_predicates(node)
              if p in LINKS and p not in _MATERIALISED]
    return sorted(set(found), key=lambda link: (link.predicate, label(link.other)))


def citations(node: URIRef) -> list[str]:
    """'source title (Source id), section heading' of every section the entry cites; in
    Chinese the source id and section number (titles and headings are recorded in English)."""
    g = graph()
    cited = []
    for part in g.objects(node, NQPF.citedIn):
        source = g.value(part, DCTERMS.isPartOf)
        title = g.value(source, DCTERMS.title) if source is not None else None
        number = g.value(part, NQPF.sectionNumber)
        heading = f"{number} {g.value(part, DCTERMS.title)}" if number else str(
            g.value(part, DCTERMS.title))
        if language() == "zh":
            cited.append(t("Source {id}, section {section}").format(
                id=ident(source).split("_")[0] if source is not None else "?",
                section=number or "-"))
        else:
            cited.append(f"{title} ({label(source)}), section {heading}")
    return sorted(cited)


@st.cache_data(show_spinner=False)
def indicator_catalogue() -> pd.DataFrame:
    """One row per indicator: id, English and Chinese label, unit, direction, formula, method
    section, mart, mechanisms."""
    g = graph()
    rows = []
    for node in g.subjects(RDF.type, NQPF.Indicator):
        mechanisms = sorted(g.objects(node, NQPF.measures), key=str)
        rows.append({
            "id": ident(node), "label": label_en(node), "label_zh": label_zh(node),
            "unit": text(node, NQPF.unit), "direction": text(node, NQPF.direction),
            "definition": definition(node, "en"), "definition_zh": definition(node, "zh"),
            "formula": text(node, NQPF.formula),
            "formula_ref": text(node, NQPF.formulaRef), "mart": text(node, NQPF.computedBy),
            "mechanisms": "; ".join(label_en(m) for m in mechanisms),
            "mechanisms_zh": "; ".join(label_zh(m) or label_en(m) for m in mechanisms),
        })
    frame = pd.DataFrame(rows)
    order = {mart: position for position, mart in enumerate(MARTS)}
    return frame.sort_values(["mart", "id"], key=lambda col: col.map(order).fillna(len(order))
                             if col.name == "mart" else col, ignore_index=True)


@st.cache_data(show_spinner=False)
def indicator_context(indicator: str) -> pd.DataFrame:
    """Mechanisms, constraints, policies and evidence around one indicator."""
    rows = run_saved("indicator_context", sparql_store(), indicator=indicator)
    return pd.DataFrame(rows, columns=["kind", "node", "label", "mechanism"])


@st.cache_data(show_spinner=False)
def evidence(indicator: str) -> pd.DataFrame:
    """Published regression results that use the indicator as regressor or outcome."""
    used = set(indicator_context(indicator).query("kind == 'evidence'")["node"])
    frame = pd.DataFrame(run_saved("evidence_by_hypothesis", sparql_store()))
    frame = frame[frame["evidence"].isin(used)] if not frame.empty else frame
    columns = ["code", "table", "column", "variable", "role", "coefficient", "standardError",
               "nObs", "significance", "predictedSign", "relation", "authorsVerdict"]
    return frame.reindex(columns=columns).reset_index(drop=True)


@st.cache_data(show_spinner=False)
def mechanism_indicators() -> pd.DataFrame:
    """(mechanism id, mechanism label, indicator id) for every direct ``measures`` link."""
    g = graph()
    rows = [{"mechanism": ident(m), "mechanism_label": label_en(m),
             "mechanism_label_zh": label_zh(m) or label_en(m), "indicator": ident(i)}
            for i, m in g.subject_objects(NQPF.measures)]
    return pd.DataFrame(rows, columns=["mechanism", "mechanism_label", "mechanism_label_zh",
                                       "indicator"])


def turtle() -> bytes:
    """The whole knowledge graph as Turtle."""
    return graph().serialize(format="turtle").encode("utf-8")


def kind_of(node: URIRef) -> str:
    """The browsable kind of a node (its most specific listed class), or 'Other'."""
    types = set(graph().objects(node, RDF.type))
    return next((kind for kind, cls in KINDS.items() if cls in types), "Other")


@st.cache_data(show_spinner=False)
def search(text: str) -> pd.DataFrame:
    """Entries whose English or Chinese label or alternative label contains ``text``."""
    rows = run_saved("search_concepts", sparql_store(), q=text)
    return pd.DataFrame(rows, columns=["id", "label", "matched"]).drop_duplicates("id")


@st.cache_data(show_spinner=False)
def link_provenance(entry: str) -> pd.DataFrame:
    """The links starting at one entry with their basis, section, quote and justification."""
    rows = run_saved("link_provenance", sparql_store(), subject=entry)
    frame = pd.DataFrame(rows, columns=["subject", "predicate", "object", "basis", "section",
                                        "quote", "justification"])
    return frame.assign(predicate=frame["predicate"].str.rsplit("#", n=1).str[-1],
                        object=frame["object"].str.rsplit("/", n=1).str[-1]).drop(
        columns="subject").reset_index(drop=True)
