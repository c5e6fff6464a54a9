"""Run SPARQL - the saved queries of ontology/queries/ or any query text - on the knowledge
graph (rdflib) or on an export loaded into pyoxigraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from nqpf.knowledge.namespaces import INDICATOR, KG, QUERIES_DIR

_NUMBERS = {str(XSD.integer): int, str(XSD.int): int, str(XSD.long): int,
            str(XSD.decimal): float, str(XSD.double): float, str(XSD.float): float}
_BOOLEAN = str(XSD.boolean)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass
class Answer:
    """The answer of one query: its column names and rows (column -> Python value).

    An ASK query answers one column ``ask``; CONSTRUCT and DESCRIBE answer ``subject``,
    ``predicate``, ``object``.
    """

    columns: list[str]
    rows: list[dict[str, Any]]


def list_saved() -> list[str]:
    """Names of the saved queries (file stems of ontology/queries/*.sparql)."""
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sparql"))


def saved_text(name: str) -> str:
    """Text of a saved query; a clear error lists the available names."""
    path = QUERIES_DIR / f"{name}.sparql"
    if not path.exists():
        raise KeyError(f"no saved query '{name}' in {QUERIES_DIR}; available: {list_saved()}")
    return path.read_text(encoding="utf-8")


def run_saved(name: str, graph: Graph, **bindings: Any) -> list[dict[str, Any]]:
    """Rows of saved query ``name`` on ``graph``, with ``bindings`` as initial bindings.

    A binding may be an rdflib term, a full IRI string, or the id of an entry or indicator
    (``mechanism="ch004_digital_service"``, ``indicator="dds"``). Each row maps the query's
    variables to Python values: IRIs as strings, literals as Python values (decimals as
    float), unbound variables as None.
    """
    return ask_graph(saved_text(name), graph, **bindings).rows


def ask_graph(query: str, graph: Graph, **bindings: Any) -> Answer:
    """Answer of ``query`` on an rdflib graph; bindings as for :func:`run_saved`."""
    initial = {key: _term(graph, value) for key, value in bindings.items()}
    result = graph.query(query, initBindings=initial)
    if result.type == "ASK":
        return Answer(["ask"], [{"ask": bool(result.askAnswer)}])
    if result.type != "SELECT":
        return _triples_answer((_python(term) for term in triple) for triple in result)
    names = [str(var) for var in result.vars]
    return Answer(names, [{var: _python(row[var]) for var in names} for row in result])


def ask_store(query: str, store: ox.Store, **bindings: Any) -> Answer:
    """Answer of ``query`` on a pyoxigraph store (an export); bindings as for
    :func:`run_saved`.

    A binding becomes an inline ``VALUES`` block at the start of the WHERE group - the
    equivalent of rdflib's initial bindings (pyoxigraph's substitutions only bind projected
    variables, while saved queries take parameters they do not return).
    """
    values = "".join(f"VALUES ?{key} {{ {_store_term(store, value)} }} "
                     for key, value in bindings.items())
    if values:
        match = _WHERE.search(query)
        if match is None:
            raise ValueError("bindings need a query with a WHERE { ... } group")
        query = f"{query[:match.end()]} {values}{query[match.end():]}"
    result = store.query(query)
    if isinstance(result, ox.QueryBoolean):
        return Answer(["ask"], [{"ask": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        return _triples_answer(
            (_store_python(t.subject), _store_python(t.predicate), _store_python(t.object))
            for t in result)
    names = [var.value for var in result.variables]
    return Answer(names, [{name: _store_python(row[name]) for name in names}
                          for row in result])


def _triples_answer(triples) -> Answer:
    columns = ["subject", "predicate", "object"]
    return Answer(columns, [dict(zip(columns, triple, strict=True)) for triple in triples])


def resolve(graph: Graph, identifier: str) -> URIRef:
    """IRI of an entry or indicator id (entries take precedence), or a KeyError."""
    for candidate in (KG[identifier], INDICATOR[identifier]):
        if (candidate, RDF.type, None) in graph:
            return candidate
    raise KeyError(f"'{identifier}' is neither an entry nor an indicator of the graph")


def _store_term(store: ox.Store, value: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(value, int | float):
        datatype = XSD.integer if isinstance(value, int) else XSD.double
        return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype)))
    if value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    for candidate in (KG[value], INDICATOR[value]):
        node = ox.NamedNode(str(candidate))
        if next(iter(store.quads_for_pattern(node, ox.NamedNode(str(RDF.type)), None)), None):
            return node
    raise KeyError(f"'{value}' is neither an entry nor an indicator of the export")


def _store_python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            return _NUMBERS[datatype](term.value)
        return term.value == "true" if datatype == _BOOLEAN else term.value
    return term.value


def _term(graph: Graph, value: Any) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        return URIRef(value) if value.startswith(("http://", "https://")) else resolve(graph, value)
    return Literal(value)


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else value
    return str(term)
