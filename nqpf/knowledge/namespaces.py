"""Namespaces and folders shared by the knowledge-layer modules."""

from __future__ import annotations

from rdflib import Namespace

from nqpf.paths import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
KNOWLEDGE_DIR = ONTOLOGY_DIR / "knowledge"
QUERIES_DIR = ONTOLOGY_DIR / "queries"

NQPF = Namespace("https://w3id.org/nqpf/ontology#")
#: instance data: concepts, hypotheses, evidence and statistics at KG[<id>]
KG = Namespace("https://w3id.org/nqpf/kg/")
#: indicators at INDICATOR[<id>] (their ids are short warehouse column names)
INDICATOR = Namespace("https://w3id.org/nqpf/kg/indicator/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")

PREFIXES: dict[str, Namespace] = {
    "nqpf": NQPF,
    "kg": KG,
    "ind": INDICATOR,
    "bibo": BIBO,
    "cito": CITO,
    "oa": OA,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "sdmx-measure": SDMX_MEASURE,
    "unit": QUDT_UNIT,
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes (plus the standard ones rdflib knows) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)


def unit_iri(unit: str):
    """The QUDT unit for a unit written in words, or None when QUDT has no plain match."""
    if unit.startswith("percent"):
        return QUDT_UNIT["PERCENT"]
    return _QUDT_UNITS.get(unit)


_QUDT_UNITS = {
    "hours": QUDT_UNIT["HR"],
    "ratio": QUDT_UNIT["UNITLESS"],
    "share": QUDT_UNIT["UNITLESS"],
    "share of production price": QUDT_UNIT["UNITLESS"],
    "per year": QUDT_UNIT["PER-YR"],
}
