"""Our own evidence: the re-estimates of ``regression_results`` as computed Evidence records,
each linked to the published record it reproduces, with sign and significance agreement.

One frame (:func:`computed_evidence_frame`) serves the export (as RDF, :func:`computed_triples`)
and the app (as a table); a re-estimate bears on the published record's hypothesis by the same
rule as the published one (:func:`nqpf.knowledge.schema.relation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import quote

import pandas as pd
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from nqpf.knowledge.datacube import DATA_BASE, Triple, activity_iri, input_iri
from nqpf.knowledge.load import Knowledge, load_knowledge
from nqpf.knowledge.namespaces import INDICATOR, KG, KNOWLEDGE_DIR, NQPF
from nqpf.knowledge.schema import Evidence, Hypothesis, bearing, relation_of
from nqpf.knowledge.verdicts import verdict_frame, verdict_triples

#: regression_results.stars -> the significance notation of the knowledge files
SIGNIFICANCE = {"***": "1%", "**": "5%", "*": "10%", "": "ns"}
COLUMNS = ["evidence_iri", "published_id", "hypothesis_id", "hypothesis_code", "dataset",
           "model", "term", "estimator", "coefficient", "std_error", "p", "n", "r2",
           "significance", "sign", "published_coefficient", "published_significance",
           "sign_agrees", "significance_agrees", "bearing", "relation", "data_build",
           "estimated_at"]


def computed_evidence_frame(results: pd.DataFrame,
                            knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per estimated term of ``regression_results`` that reproduces a published
    record (``evidence_id`` set, ``status`` ok). ``significance_agrees`` is true when both are
    significant at 10 % or both are not; ``bearing`` is how the re-estimate bears on an
    ex-ante prediction of the published record's hypothesis and ``relation`` the graph's
    link (:func:`nqpf.knowledge.schema.bearing`)."""
    knowledge = knowledge or load_knowledge(KNOWLEDGE_DIR)
    entries = knowledge.by_id()
    rows = []
    ok = results[(results["status"] == "ok") & results["evidence_id"].notna()
                 & results["coefficient"].notna()]
    for row in ok.itertuples(index=False):
        published: Evidence = entries[row.evidence_id].model  # type: ignore[assignment]
        hypothesis: Hypothesis = entries[published.hypothesis].model  # type: ignore[assignment]
        significance = SIGNIFICANCE[row.stars or ""]
        sign = "negative" if row.coefficient < 0 else "positive"
        ours = published.model_copy(update={"coefficient": float(row.coefficient),
                                            "sign": sign, "significance": significance})
        found = bearing(ours, hypothesis)
        rows.append({
            "evidence_iri": evidence_iri(row.dataset, row.model, row.term),
            "published_id": published.id,
            "hypothesis_id": hypothesis.id,
            "hypothesis_code": hypothesis.code,
            "dataset": row.dataset,
            "model": row.model,
            "term": row.term,
            "estimator": row.estimator,
            "coefficient": float(row.coefficient),
            "std_error": _float(row.std_error),
            "p": _float(row.p),
            "n": None if pd.isna(row.n) else int(row.n),
            "r2": _float(row.r2),
            "significance": significance,
            "sign": sign,
            "published_coefficient": published.coefficient,
            "published_significance": published.significance,
            "sign_agrees": sign == published.sign,
            "significance_agrees": (significance == "ns") == (published.significance == "ns"),
            "bearing": found,
            "relation": relation_of(found),
            "data_build": row.data_build,
            "estimated_at": row.estimated_at,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def evidence_iri(dataset: str, model: str, term: str) -> str:
    """IRI of one re-estimate: ``<data>/evidence/<dataset>/<model>/<term>``."""
    parts = "/".join(quote(str(part), safe="") for part in (dataset, model, term))
    return f"{DATA_BASE}evidence/{parts}"


def computed_triples(frame: pd.DataFrame, knowledge: Knowledge | None = None,
                     datasets: list[str] | None = None) -> Iterator[Triple]:
    """The rows of :func:`computed_evidence_frame` as ``nqpf:ComputedEvidence`` records, and
    the verdicts they give on each hypothesis for each of ``datasets`` (the datasets the
    regressions ran on; :mod:`nqpf.knowledge.verdicts`)."""
    knowledge = knowledge or load_knowledge(KNOWLEDGE_DIR)
    yield from verdict_triples(verdict_frame(knowledge, frame, datasets))
    entries = knowledge.by_id()
    for row in frame.itertuples(index=False):
        node, published = URIRef(row.evidence_iri), entries[row.published_id].model
        hypothesis = KG[row.hypothesis_id]
        yield (node, RDF.type, NQPF.ComputedEvidence)
        yield (node, RDF.type, NQPF.Evidence)
        yield (node, RDF.type, PROV.Entity)
        yield (node, RDFS.label, Literal(
            f"{row.dataset}: {published.label.en} (re-estimated)", lang="en"))  # type: ignore[attr-defined]
        yield (node, DCTERMS.identifier, Literal(f"{row.dataset}/{row.model}/{row.term}"))
        yield (node, NQPF.reproduces, KG[row.published_id])
        yield (node, NQPF.hypothesis, hypothesis)
        yield (node, NQPF[row.relation], hypothesis)
        yield (node, NQPF.concerns, hypothesis)
        for name in ("table", "column", "role", "regressor", "outcome"):
            value = getattr(published, name)
            if value is None:
                continue
            if name in ("regressor", "outcome"):
                yield (node, NQPF[name], INDICATOR[value])
            else:
                yield (node, NQPF[name], _literal(value))
        yield (node, NQPF.variable, Literal(row.term))
        yield (node, NQPF.dataset, Literal(row.dataset))
        yield (node, NQPF.estimator, Literal(row.estimator))
        yield (node, NQPF.coefficient, _decimal(row.coefficient))
        for value, predicate in ((row.std_error, NQPF.standardError), (row.r2, NQPF.rSquared),
                                 (row.p, NQPF.pValue)):
            if value is not None and not pd.isna(value):
                yield (node, predicate, _decimal(value))
        if row.n is not None and not pd.isna(row.n):
            yield (node, NQPF.nObs, Literal(int(row.n), datatype=XSD.integer))
        yield (node, NQPF.sign, Literal(row.sign))
        yield (node, NQPF.significance, Literal(row.significance))
        yield (node, NQPF.signAgrees, Literal(bool(row.sign_agrees)))
        yield (node, NQPF.significanceAgrees, Literal(bool(row.significance_agrees)))
        yield (node, PROV.wasGeneratedBy, activity_iri(row.data_build))
        yield (node, PROV.wasDerivedFrom, input_iri(row.dataset))
        if row.estimated_at is not None and not pd.isna(row.estimated_at):
            yield (node, PROV.generatedAtTime, Literal(pd.Timestamp(row.estimated_at)
                                                       .isoformat(), datatype=XSD.dateTime))


def _literal(value: object) -> Literal:
    return Literal(value, datatype=XSD.integer) if isinstance(value, int) else Literal(value)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
