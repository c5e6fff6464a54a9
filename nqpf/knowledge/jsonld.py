"""JSON-LD in compact form: one ``@context`` with the project's prefixes and one node object
per subject, IRIs written as compact IRIs (``kg:m004_occ``), so the file reads like the
Turtle export while every JSON-LD processor expands it back to the same triples."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def write_compact(store: ox.Store, path: Path, prefixes: Mapping[str, str]) -> None:
    """Write the default graph of ``store`` to ``path`` as compact JSON-LD."""
    # longest namespace first, so the most specific prefix wins
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context": ')
        json.dump(dict(prefixes), out, ensure_ascii=False)
        out.write(', "@graph": [\n')
        for position, node in enumerate(_nodes(store, spaces)):
            if position:
                out.write(",\n")
            json.dump(node, out, ensure_ascii=False)
        out.write("\n]}\n")


def _nodes(store: ox.Store, spaces: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    subjects = dict.fromkeys(quad.subject for quad in store.quads_for_pattern(
        None, None, None, ox.DefaultGraph()))
    for subject in subjects:
        node: dict[str, Any] = {"@id": _ref(subject, spaces)}
        for quad in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
            predicate = quad.predicate.value
            if predicate == _RDF_TYPE:
                node.setdefault("@type", []).append(_compact(quad.object.value, spaces))
            else:
                node.setdefault(_compact(predicate, spaces), []).append(
                    _value(quad.object, spaces))
        yield node


def _value(term: Any, spaces: list[tuple[str, str]]) -> dict[str, Any]:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": _compact(term.datatype.value, spaces)}
    return {"@id": _ref(term, spaces)}


def _ref(term: Any, spaces: list[tuple[str, str]]) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value, spaces)


def _compact(iri: str, spaces: list[tuple[str, str]]) -> str:
    for prefix, namespace in spaces:
        local = iri[len(namespace):]
        # a local part with ':' or '/' could read as another scheme or path: keep it whole
        if iri.startswith(namespace) and local and not any(c in local for c in ":/#"):
            return f"{prefix}:{local}"
    return iri
