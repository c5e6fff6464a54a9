"""Run SPARQL - the saved queries of ontology/queries/ or any query text - with one engine,
pyoxigraph, on the knowledge graph or on an export.

Parameters are bound the SPARQL way (pyoxigraph substitutions, SEP-0007): the query text is
never edited. A bound variable must therefore be one the query selects; the saved queries
select their parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from nqpf.knowledge.namespaces import INDICATOR, KG, QUERIES_DIR

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {f"{_XSD}{name}": kind for name, kind in (
    ("integer", int), ("int", int), ("long", int),
    ("decimal", float), ("double", float), ("float", float))}
_BOOLEAN = f"{_XSD}boolean"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


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


def knowledge_store() -> ox.Store:
    """The curated knowledge graph, loaded into pyoxigraph."""
    from nqpf.knowledge.graph import build_graph
    from nqpf.knowledge.integrity import store_of

    return store_of(build_graph())


def run_saved(name: str, store: ox.Store, **bindings: Any) -> list[dict[str, Any]]:
    """Rows of saved query ``name`` on ``store`` with ``bindings`` substituted.

    A binding may be a pyoxigraph term, a full IRI string, the id of an entry or indicator
    (``mechanism="ch004_production_process"``, ``indicator="dds"``), a number, or - for a
    parameter the query compares as text, such as ``q`` of ``search_concepts`` - any other
    string. Each row maps the query's variables to Python values: IRIs as strings, literals
    as Python values (decimals as float), unbound variables as None.
    """
    return ask(saved_text(name), store, **bindings).rows


def ask(query: str, store: ox.Store, **bindings: Any) -> Answer:
    """Answer of ``query`` on ``store``; bindings as for :func:`run_saved`."""
    substitutions = {ox.Variable(key): _term(store, key, value)
                     for key, value in bindings.items()}
    try:
        result = store.query(query, substitutions=substitutions or None)
    except RuntimeError as exc:  # pyoxigraph reports a binding it cannot substitute so
        raise ValueError(f"{exc} (bind only variables the query selects)") from exc
    if isinstance(result, ox.QueryBoolean):
        return Answer(["ask"], [{"ask": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        return _triples_answer((_python(t.subject), _python(t.predicate), _python(t.object))
                               for t in result)
    names = [var.value for var in result.variables]
    return Answer(names, [{name: _python(row[name]) for name in names} for row in result])


def _triples_answer(triples: Iterable[tuple[Any, Any, Any]]) -> Answer:
    columns = ["subject", "predicate", "object"]
    return Answer(columns, [dict(zip(columns, triple, strict=True)) for triple in triples])


def resolve(store: ox.Store, identifier: str) -> ox.NamedNode:
    """IRI of an entry or indicator id (entries take precedence), or a KeyError."""
    for candidate in (KG[identifier], INDICATOR[identifier]):
        node = ox.NamedNode(str(candidate))
        if next(iter(store.quads_for_pattern(node, _TYPE, None)), None) is not None:
            return node
    raise KeyError(f"'{identifier}' is neither an entry nor an indicator of the graph")


#: parameters that are compared as text, so a string binds as a literal
TEXT_PARAMETERS = ("q",)


def _term(store: ox.Store, name: str, value: Any) -> Any:
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(_BOOLEAN))
    if isinstance(value, int | float):
        kind = "integer" if isinstance(value, int) else "double"
        return ox.Literal(str(value), datatype=ox.NamedNode(f"{_XSD}{kind}"))
    if name in TEXT_PARAMETERS:
        return ox.Literal(value)
    if value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return resolve(store, value)


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            return _NUMBERS[datatype](term.value)
        return term.value == "true" if datatype == _BOOLEAN else term.value
    return term.value
