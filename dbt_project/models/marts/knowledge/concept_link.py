"""Links between concepts: broader, related, constrains, addresses, strengthens.

Thin model: nqpf.knowledge.tables.concept_link_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import concept_link_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return concept_link_frame()
