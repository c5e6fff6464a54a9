"""Validate a knowledge graph against the project's SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import Graph

from nqpf.knowledge.namespaces import ONTOLOGY_DIR

SHAPES = ONTOLOGY_DIR / "shapes.ttl"


def validate(graph: Graph, shapes: Path = SHAPES) -> tuple[bool, str]:
    """``(conforms, report_text)`` of ``graph`` against ``shapes``.

    No inference is run: the graph builder materialises every type and inverse link the
    shapes rely on, so the result does not depend on a reasoner.
    """
    shapes_graph = Graph().parse(shapes, format="turtle")
    conforms, _, report = pyshacl_validate(
        graph, shacl_graph=shapes_graph, inference="none", advanced=True
    )
    return bool(conforms), str(report)
