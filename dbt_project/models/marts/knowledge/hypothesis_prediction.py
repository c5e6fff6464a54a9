"""Every prediction of a hypothesis, ex ante (from the theory) or the authors' reading of
their results, with the words that state it.

Thin model: nqpf.knowledge.tables.prediction_frame reads ontology/knowledge/."""

from nqpf.knowledge.tables import prediction_frame


def model(dbt, session):
    dbt.config(materialized="table")
    return prediction_frame()
