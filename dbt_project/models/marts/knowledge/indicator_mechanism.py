"""Which mechanism or channel each indicator measures.

Thin model: nqpf.knowledge.tables.indicator_mechanism_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import indicator_mechanism_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return indicator_mechanism_frame()
