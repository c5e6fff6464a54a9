"""Validate a knowledge graph against the project's SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path

from rdflib import SH, BNode, Graph, Literal
from rdflib.collection import Collection

from nqpf.knowledge.namespaces import NQPF, ONTOLOGY_DIR
from nqpf.mart_registry import indicator_marts

SHAPES = ONTOLOGY_DIR / "shapes.ttl"


def shapes_graph(shapes: Path = SHAPES) -> Graph:
    """The shapes of ``shapes`` plus the ``sh:in`` list of the marts ``computedBy`` may name,
    generated from the mart registry."""
    graph = Graph().parse(shapes, format="turtle")
    for prop in graph.subjects(SH.path, NQPF.computedBy):
        allowed = BNode()
        Collection(graph, allowed, [Literal(mart) for mart in indicator_marts()])
        graph.add((prop, SH["in"], allowed))
    return graph


def validate(graph: Graph, shapes: Path = SHAPES) -> tuple[bool, str]:
    """``(conforms, report_text)`` of ``graph`` against ``shapes``.

    No inference is run: the graph builder materialises every type and inverse link the
    shapes rely on, so the result does not depend on a reasoner.
    """
    from pyshacl import validate as pyshacl_validate

    conforms, _, report = pyshacl_validate(
        graph, shacl_graph=shapes_graph(shapes), inference="none", advanced=True
    )
    return bool(conforms), str(report)
