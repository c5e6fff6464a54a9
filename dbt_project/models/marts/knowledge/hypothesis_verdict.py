"""Computed verdicts per hypothesis and body of evidence (the published tables, each dataset,
all datasets), beside the authors' own.

Thin model: nqpf.knowledge.verdicts.verdict_frame counts the published records of
ontology/knowledge/ and our re-estimates in regression_results against the ex-ante
predictions."""

from nqpf.knowledge.computed import computed_evidence_frame
from nqpf.knowledge.verdicts import verdict_frame


def model(dbt, session):
    dbt.config(materialized="table")
    results = dbt.ref("regression_results").df()
    return verdict_frame(computed=computed_evidence_frame(results),
                         datasets=sorted(results["dataset"].unique()))
