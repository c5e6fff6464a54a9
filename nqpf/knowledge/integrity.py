"""The W3C RDF Data Cube integrity constraints, evaluated with pyoxigraph on an export.

ontology/queries/ic/IC-01.sparql .. IC-19.sparql hold the constraints in their ASK form
(true = violated), as in section 11.1 of the Data Cube recommendation. The exports this
project writes are already in the normalised form the constraints assume (every
observation carries its qb:dataSet and attribute values; no slices are emitted).
IC-20 and IC-21 are not included: they only concern qb:HierarchicalCodeList, which the
writer never emits, and the recommendation states them as templates instantiated per
hierarchy property rather than as standalone queries. IC-19 (and IC-5) are included and
hold vacuously for exports without code lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from nqpf.knowledge.datacube import Triple, nt_line
from nqpf.knowledge.namespaces import QUERIES_DIR

IC_DIR = QUERIES_DIR / "ic"
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def integrity_queries() -> dict[str, str]:
    """Constraint name ("IC-1" ...) -> ASK query text, in constraint order."""
    queries = {}
    for path in sorted(IC_DIR.glob("IC-*.sparql")):
        number = int(path.stem.split("-")[1])
        queries[f"IC-{number}"] = path.read_text(encoding="utf-8")
    return queries


def load_store(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding the export at ``path`` (.ttl, .nt or .jsonld)."""
    path = Path(path)
    try:
        rdf_format = _FORMATS[path.suffix]
    except KeyError:
        raise ValueError(f"{path}: unknown export format (expected {sorted(_FORMATS)})") from None
    from tqdm import tqdm

    store = ox.Store()
    # a bar of the bytes read (shown on a terminal only): a large export takes a while
    with path.open("rb") as raw, tqdm.wrapattr(
            raw, "read", total=path.stat().st_size, desc=f"loading {path.name}",
            unit="B", unit_scale=True, disable=None) as reader:
        store.bulk_load(input=reader, format=rdf_format)
    return store


def store_of(triples: Iterable[Triple]) -> ox.Store:
    """An in-memory pyoxigraph store holding rdflib ``triples``."""
    store = ox.Store()
    store.load(input="".join(nt_line(triple) for triple in triples),
               format=ox.RdfFormat.N_TRIPLES)
    return store


def violations(store: ox.Store, *, pairwise_ic12: bool = False) -> list[str]:
    """Names of the integrity constraints the store's data violates (empty when it passes).

    IC-12 as written compares every pair of observations of a data set, which is quadratic;
    by default it is evaluated instead by grouping the observations of each structure on
    their dimension values (:func:`has_duplicate_keys`), which finds the same duplicates
    whenever each observation has one value per dimension. ``pairwise_ic12=True`` runs the
    recommendation's query.
    """
    found = []
    for name, query in integrity_queries().items():
        if name == "IC-12" and not pairwise_ic12:
            violated = has_duplicate_keys(store)
        else:
            violated = bool(store.query(query))
        if violated:
            found.append(name)
    return found


def has_duplicate_keys(store: ox.Store) -> bool:
    """True when two observations of one data set share every dimension value (IC-12)."""
    for structure, dims in _structures(store).items():
        values = " ".join(f"?v{i}" for i in range(len(dims)))
        patterns = " ".join(f"?obs <{dim}> ?v{i} ." for i, dim in enumerate(dims))
        query = f"""
            PREFIX qb: <http://purl.org/linked-data/cube#>
            SELECT ?dataset WHERE {{
              ?dataset qb:structure <{structure}> .
              ?obs qb:dataSet ?dataset .
              {patterns}
            }} GROUP BY ?dataset {values} HAVING (COUNT(DISTINCT ?obs) > 1) LIMIT 1"""
        if any(True for _ in store.query(query)):
            return True
    return False


def _structures(store: ox.Store) -> dict[str, list[str]]:
    """Data structure definition IRI -> its dimension property IRIs."""
    query = """
        PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT DISTINCT ?dsd ?dim WHERE {
          ?dsd a qb:DataStructureDefinition ;
               qb:component/qb:componentProperty ?dim .
          ?dim a qb:DimensionProperty .
        }"""
    structures: dict[str, list[str]] = {}
    for row in store.query(query):
        structures.setdefault(row["dsd"].value, []).append(row["dim"].value)
    return structures


def check_export(path: str | Path) -> list[str]:
    """Names of the integrity constraints an export file violates."""
    return violations(load_store(path))
