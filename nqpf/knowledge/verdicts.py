"""Verdicts on the hypotheses, computed from the ex-ante predictions and the estimates.

One verdict per hypothesis and body of evidence: the published tables (``published``), each
dataset of ``regression_results``, and all datasets together (``all datasets``). Only the
estimates that test a directional ex-ante prediction count (see
:func:`nqpf.knowledge.schema.bearing`); the authors' readings of their results never do.
Identical estimates (same regressor, outcome, coefficient, standard error and N, to 12
significant digits) count once, so a dataset derived from another (the provincial MRIO from
the provincial tables) does not double the estimates the two share.

The rule (vote counting over the tested estimates):

- ``untested``: no estimate tests an ex-ante prediction of the hypothesis;
- ``supported``: every tested estimate is significant with the predicted sign;
- ``not supported``: none is;
- ``partly supported``: some are, others are insignificant or significant against it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from rdflib import RDF, XSD, Literal, URIRef

from nqpf.knowledge.load import Knowledge, load_knowledge
from nqpf.knowledge.namespaces import KG, KNOWLEDGE_DIR, NQPF
from nqpf.knowledge.schema import Evidence, Hypothesis, bearing

PUBLISHED = "published"
POOLED = "all datasets"
#: the columns of the verdict frame, in order
COLUMNS = ["hypothesis_id", "hypothesis_code", "body", "verdict", "supporting",
           "contradicting", "insignificant", "tested", "concerning", "duplicates",
           "rests_on", "authors_verdict", "authors_section", "authors_quote"]
#: the columns that make two estimates identical
_IDENTITY = ["hypothesis_id", "regressor", "outcome", "coefficient", "std_error", "n"]


def verdict(supporting: int, contradicting: int, insignificant: int) -> str:
    """The verdict the counts of tested estimates give (rule in the module docstring)."""
    if supporting + contradicting + insignificant == 0:
        return "untested"
    if supporting == 0:
        return "not supported"
    return "supported" if contradicting + insignificant == 0 else "partly supported"


def estimate_rows(knowledge: Knowledge, computed: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per estimate and body: the published records (body ``published``) and, from
    :func:`nqpf.knowledge.computed.computed_evidence_frame`, every re-estimate (body = its
    dataset), each with how it bears on its hypothesis."""
    entries = knowledge.by_id()
    rows = []
    for entry in knowledge.entries:
        if entry.kind == "Evidence":
            record: Evidence = entry.model  # type: ignore[assignment]
            rows.append(_row(PUBLISHED, record, record.coefficient, record.standard_error,
                             record.n_obs, bearing(record, entries[record.hypothesis].model)))
    for row in () if computed is None else computed.itertuples(index=False):
        rows.append(_row(row.dataset, entries[row.published_id].model, row.coefficient,
                         row.std_error, row.n, row.bearing))
    return pd.DataFrame(rows, columns=["body", *_IDENTITY, "bearing"])


def _row(body: str, record: Evidence, coefficient: float, std_error: float | None,
         n: int | None, found: str) -> dict[str, object]:
    return {"body": body, "hypothesis_id": record.hypothesis, "regressor": record.regressor,
            "outcome": record.outcome, "coefficient": _digits(coefficient),
            "std_error": _digits(std_error), "n": n, "bearing": found}


def _digits(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(f"{float(value):.12g}")


def verdict_frame(knowledge: Knowledge | None = None, computed: pd.DataFrame | None = None,
                  datasets: list[str] | None = None) -> pd.DataFrame:
    """One row per hypothesis and body of evidence with the computed verdict, the counts
    behind it, the ex-ante predictions it rests on and the authors' own verdict.

    ``datasets`` names every dataset the regressions ran on, so one whose models all failed
    to run still gets its (untested) verdicts; by default the datasets of ``computed``."""
    knowledge = knowledge or load_knowledge(KNOWLEDGE_DIR)
    estimates = estimate_rows(knowledge, computed)
    datasets = sorted(set(estimates["body"]) - {PUBLISHED} | set(datasets or ()))
    bodies = [(PUBLISHED, estimates[estimates["body"] == PUBLISHED])]
    bodies += [(name, estimates[estimates["body"] == name]) for name in datasets]
    if datasets:
        bodies.append((POOLED, estimates[estimates["body"] != PUBLISHED]))
    rows = []
    for entry in knowledge.entries:
        if entry.kind != "Hypothesis":
            continue
        hypothesis: Hypothesis = entry.model  # type: ignore[assignment]
        for body, frame in bodies:
            own = frame[frame["hypothesis_id"] == hypothesis.id]
            unique = own.drop_duplicates(subset=_IDENTITY)
            counts = unique["bearing"].value_counts()
            supporting, contradicting, insignificant = (
                int(counts.get(name, 0)) for name in ("supports", "contradicts", "insignificant"))
            tested = unique[unique["bearing"] != "concerns"]
            rows.append({
                "hypothesis_id": hypothesis.id, "hypothesis_code": hypothesis.code,
                "body": body, "verdict": verdict(supporting, contradicting, insignificant),
                "supporting": supporting, "contradicting": contradicting,
                "insignificant": insignificant,
                "tested": supporting + contradicting + insignificant,
                "concerning": int(counts.get("concerns", 0)),
                "duplicates": len(own) - len(unique),
                "rests_on": "; ".join(dict.fromkeys(
                    f"{x} -> {y}" for x, y in zip(tested["regressor"], tested["outcome"],
                                                  strict=True))),
                "authors_verdict": hypothesis.verdict.value,
                "authors_section": f"{entry.source_id} {hypothesis.verdict.section}",
                "authors_quote": hypothesis.verdict.quote,
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def prediction_iri(hypothesis_id: str, regressor: str, outcome: str, ex_ante: bool) -> URIRef:
    """IRI of a prediction: ex-ante ones under ``prediction/``, the authors' readings of
    their results under ``interpretation/``."""
    kind = "prediction" if ex_ante else "interpretation"
    return KG[f"{hypothesis_id}/{kind}/{regressor}/{outcome}"]


def verdict_iri(hypothesis_id: str, body: str) -> URIRef:
    return KG[f"{hypothesis_id}/verdict/{body.replace(' ', '-')}"]


def verdict_triples(frame: pd.DataFrame) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The rows of :func:`verdict_frame` as ``nqpf:ComputedVerdict`` s linked from their
    hypothesis, each resting on the ex-ante predictions its estimates test."""
    for row in frame.itertuples(index=False):
        node = verdict_iri(row.hypothesis_id, row.body)
        yield (KG[row.hypothesis_id], NQPF.computedVerdict, node)
        yield (node, RDF.type, NQPF.ComputedVerdict)
        yield (node, RDF.type, NQPF.Verdict)
        yield (node, NQPF.verdictValue, Literal(row.verdict))
        yield (node, NQPF.body, Literal(row.body))
        for name in ("supporting", "contradicting", "insignificant", "concerning",
                     "duplicates"):
            yield (node, NQPF[f"{name}Count"], Literal(int(getattr(row, name)),
                                                        datatype=XSD.integer))
        for pair in filter(None, row.rests_on.split("; ")):
            regressor, outcome = pair.split(" -> ")
            yield (node, NQPF.restsOn, prediction_iri(row.hypothesis_id, regressor, outcome,
                                                      ex_ante=True))
