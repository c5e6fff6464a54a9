"""Mechanisms, channels, constraints, dilemmas and policies.

Thin model: nqpf.knowledge.tables.concept_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import concept_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return concept_frame()
