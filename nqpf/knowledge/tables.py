"""The curated knowledge as flat tables, so SQL users can join it to the warehouse numbers.

The dbt models in ``dbt_project/models/marts/knowledge/`` return these frames. They are read
from the checked YAML (the same input as the knowledge graph); IRIs are the graph's, so a row
can be followed into the graph or an export. Text columns are pandas ``string`` and numbers
nullable (``Int64``/``Float64``) so that a missing value lands in DuckDB as NULL.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.knowledge.graph import node_of
from nqpf.knowledge.namespaces import KNOWLEDGE_DIR, unit_iri
from nqpf.knowledge.schema import (
    CONCEPT_TYPES,
    Entry,
    Knowledge,
    Section,
    load_knowledge,
    scheme_of,
)

#: links between concepts, in the order concept_link lists them
CONCEPT_RELATIONS = ("broader", "related", "constrains", "addresses", "strengthens")
#: how an evidence record bears on a hypothesis
EVIDENCE_RELATIONS = ("supports", "contradicts", "concerns")


def indicator_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per indicator (warehouse column) with its definition, unit and formula."""
    rows = [{
        "indicator_id": entry.id,
        "iri": str(node_of(entry)),
        "label_en": entry.data["label"]["en"],
        "label_zh": entry.data["label"].get("zh"),
        "definition": _text(entry.data["definition"]),
        "unit": entry.data["unit"],
        "unit_iri": _str_or_none(unit_iri(entry.data["unit"])),
        "formula": entry.data["formula"],
        "formula_ref": entry.data["formula_ref"],
        "computed_by": entry.data["computed_by"],
        "source_id": entry.source_id,
        "section": entry.data.get("section"),
    } for entry in _of_kind(knowledge, ("Indicator",))]
    return _frame(rows)


def indicator_mechanism_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """Which mechanism or channel each indicator measures (one row per pair)."""
    rows = [{"indicator_id": entry.id, "mechanism_id": target}
            for entry in _of_kind(knowledge, ("Indicator",)) for target in entry.links("measures")]
    return _frame(rows)


def concept_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per concept: mechanisms, channels, constraints, dilemmas and policies."""
    rows = []
    for entry in _of_kind(knowledge, CONCEPT_TYPES):
        section = Section.parse(entry.data["section"])
        rows.append({
            "concept_id": entry.id,
            "iri": str(node_of(entry)),
            "concept_type": entry.kind,
            "scheme": scheme_of(entry.kind),
            "label_en": entry.data["label"]["en"],
            "label_zh": entry.data["label"].get("zh"),
            "definition": _text(entry.data["definition"]),
            "source_id": entry.source_id,
            "section_number": section.number or None,
            "section": section.heading,
        })
    return _frame(rows)


def concept_link_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """Links between concepts as stated in the knowledge files (``relation`` is one of
    CONCEPT_RELATIONS; ``related`` is listed in both directions)."""
    rows = []
    for entry in _of_kind(knowledge, CONCEPT_TYPES):
        for relation in CONCEPT_RELATIONS:
            for target in entry.links(relation):
                rows.append({"concept_id": entry.id, "relation": relation, "target_id": target})
                if relation == "related":
                    rows.append({"concept_id": target, "relation": relation,
                                 "target_id": entry.id})
    return _frame(rows).drop_duplicates(ignore_index=True)


def evidence_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per evidence record and hypothesis it bears on: the published coefficient of
    one table column with its statistics, regressor and outcome indicators."""
    hypotheses = {entry.id: entry for entry in _of_kind(knowledge, ("Hypothesis",))}
    rows = []
    for entry in _of_kind(knowledge, ("Evidence",)):
        data = entry.data
        for relation in EVIDENCE_RELATIONS:
            for hypothesis in entry.links(relation):
                rows.append({
                    "evidence_id": entry.id,
                    "iri": str(node_of(entry)),
                    "label_en": data["label"]["en"],
                    "hypothesis_id": hypothesis,
                    "hypothesis_code": hypotheses[hypothesis].data["code"],
                    "relation": relation,
                    "source_id": entry.source_id,
                    "paper_table": data["table"],
                    "paper_column": data["column"],
                    "variable": data["variable"],
                    "regressor_id": data.get("regressor"),
                    "outcome_id": data.get("outcome"),
                    "coefficient": float(data["coefficient"]),
                    "standard_error": _float_or_none(data.get("standard_error")),
                    "n_obs": data.get("n_obs"),
                    "r_squared": _float_or_none(data.get("r_squared")),
                    "sign": data["sign"],
                    "significance": data["significance"],
                    "specification": data["specification"],
                })
    return _frame(rows)


def _of_kind(knowledge: Knowledge | None, kinds: Iterable[str]) -> list[Entry]:
    knowledge = knowledge or load_knowledge(Path(KNOWLEDGE_DIR))
    kinds = set(kinds)
    return [entry for entry in knowledge.entries if entry.kind in kinds]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a frame with NULL-safe dtypes: nullable integers, floats and strings."""
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        values = frame[column].dropna()
        if values.map(lambda value: isinstance(value, int)).all() and len(values):
            frame[column] = frame[column].astype("Int64")
        elif values.map(lambda value: isinstance(value, float)).all() and len(values):
            frame[column] = frame[column].astype("Float64")
        else:
            frame[column] = frame[column].astype("string")
    return frame


def _text(value: str) -> str:
    return " ".join(value.split())


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)
