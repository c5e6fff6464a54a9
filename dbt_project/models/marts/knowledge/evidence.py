"""Published regression evidence per hypothesis, with regressor and outcome indicators.

Thin model: nqpf.knowledge.tables.evidence_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import evidence_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return evidence_frame()
