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
from nqpf.knowledge.load import Entry, Knowledge, Link, Section, load_knowledge
from nqpf.knowledge.namespaces import KNOWLEDGE_DIR, unit_iri
from nqpf.knowledge.schema import CONCEPT_TYPES, predicted_sign, relation, scheme_of
from nqpf.knowledge.verdicts import prediction_iri

#: links between concepts, in the order concept_link lists them
CONCEPT_RELATIONS = ("broader", "related", "close_match", "constrains", "addresses",
                     "strengthens")
#: links listed in both directions
_SYMMETRIC = ("related", "close_match")


def indicator_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per indicator (warehouse column) with its definition, unit and formula."""
    rows = [{
        "indicator_id": entry.id,
        "iri": str(node_of(entry)),
        "label_en": entry.data["label"]["en"],
        "label_zh": entry.data["label"].get("zh"),
        "input_category_id": ", ".join(entry.get("input_category", [])) or None,
        "method_id": ", ".join(entry.get("method", [])) or None,
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
    rows = [{"indicator_id": entry.id, "mechanism_id": link.target, **_provenance(link)}
            for entry in _of_kind(knowledge, ("Indicator",)) for link in entry.links("measures")]
    return _frame(rows)


def concept_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per concept: mechanisms, channels, constraints, dilemmas and policies, with the
    cited studies a finding the text only reports belongs to."""
    knowledge = knowledge or load_knowledge(Path(KNOWLEDGE_DIR))
    works = {work.id: work.model.cited_as for work in knowledge.works}
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
            "reported_from": "; ".join(works[work] for work in entry.get("reported_from", []))
                             or None,
        })
    return _frame(rows)


def concept_link_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """Links between concepts as stated in the knowledge files (``relation`` is one of
    CONCEPT_RELATIONS; ``related`` is listed in both directions)."""
    rows = []
    for entry in _of_kind(knowledge, CONCEPT_TYPES):
        for name in CONCEPT_RELATIONS:
            for link in entry.links(name):
                provenance = _provenance(link)
                rows.append({"concept_id": entry.id, "relation": name, "target_id": link.target,
                             **provenance})
                if name in _SYMMETRIC:
                    rows.append({"concept_id": link.target, "relation": name,
                                 "target_id": entry.id, **provenance})
    return _frame(rows).drop_duplicates(subset=["concept_id", "relation", "target_id"],
                                        ignore_index=True)


def evidence_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per published evidence record: the coefficient of one table column with its
    statistics, regressor and outcome indicators, the role of the variable, the sign the
    hypothesis predicts for it, how it bears on the hypothesis and the authors' verdict."""
    knowledge = knowledge or load_knowledge(Path(KNOWLEDGE_DIR))
    hypotheses = {entry.id: entry.model for entry in _of_kind(knowledge, ("Hypothesis",))}
    rows = []
    for entry in _of_kind(knowledge, ("Evidence",)):
        record, hypothesis = entry.model, hypotheses[entry.get("hypothesis")]
        rows.append({
            "evidence_id": entry.id,
            "iri": str(node_of(entry)),
            "label_en": record.label.en,
            "hypothesis_id": hypothesis.id,
            "hypothesis_code": hypothesis.code,
            "role": record.role,
            "predicted_sign": predicted_sign(hypothesis, record.regressor, record.outcome),
            "relation": relation(record, hypothesis),
            "authors_verdict": hypothesis.verdict.value,
            "source_id": entry.source_id,
            "paper_table": record.table,
            "paper_column": record.column,
            "variable": record.variable,
            "regressor_id": record.regressor,
            "outcome_id": record.outcome,
            "coefficient": float(record.coefficient),
            "standard_error": _float_or_none(record.standard_error),
            "n_obs": record.n_obs,
            "r_squared": _float_or_none(record.r_squared),
            "sign": record.sign,
            "significance": record.significance,
            "specification": record.specification,
        })
    return _frame(rows)


def prediction_frame(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per prediction of a hypothesis: the sign for one regressor on one outcome,
    where the text says it, and whether it was made ex ante (from the theory, before the
    results; only these feed the verdicts) or read off the results by the authors."""
    rows = []
    for entry in _of_kind(knowledge, ("Hypothesis",)):
        for prediction in entry.model.predictions:  # type: ignore[attr-defined]
            rows.append({
                "hypothesis_id": entry.id,
                "hypothesis_code": entry.model.code,  # type: ignore[attr-defined]
                "iri": str(prediction_iri(entry.id, prediction.regressor, prediction.outcome,
                                          prediction.ex_ante)),
                "regressor_id": prediction.regressor,
                "outcome_id": prediction.outcome,
                "sign": prediction.sign,
                "ex_ante": prediction.ex_ante,
                "cited_source_id": prediction.source or entry.source_id,
                "cited_section": prediction.section,
                "quote": prediction.quote,
            })
    return _frame(rows)


def _provenance(link: Link) -> dict[str, Any]:
    return {"basis": link.basis, "cited_source_id": link.source, "cited_section": link.section,
            "quote": link.quote,
            "justification": None if link.justification is None else _text(link.justification)}


def _of_kind(knowledge: Knowledge | None, kinds: Iterable[str]) -> list[Entry]:
    knowledge = knowledge or load_knowledge(Path(KNOWLEDGE_DIR))
    kinds = set(kinds)
    return [entry for entry in knowledge.entries if entry.kind in kinds]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a frame with NULL-safe dtypes: nullable booleans, integers, floats and
    strings."""
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        values = frame[column].dropna()
        if values.map(lambda value: isinstance(value, bool)).all() and len(values):
            frame[column] = frame[column].astype("boolean")
        elif values.map(lambda value: isinstance(value, int)).all() and len(values):
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
