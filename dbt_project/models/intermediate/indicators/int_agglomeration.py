"""Agglomeration indicators per region-year: loads the assembly vectors, values and prices,
calls nqpf.steps.agglomeration, returns the frame."""

from nqpf.steps.agglomeration import compute_agglomeration


def model(dbt, session):
    dbt.config(materialized="table")
    return compute_agglomeration(dbt.ref("int_region_sectors").df(), dbt.ref("int_values").df(),
                                 dbt.ref("int_prices").df())
