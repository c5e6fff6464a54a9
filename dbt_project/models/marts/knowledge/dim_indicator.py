"""Every warehouse indicator with its definition, unit and formula.

Thin model: nqpf.knowledge.tables.indicator_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import indicator_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return indicator_frame()
