"""The wage-consumption matrix per region-year, long: loads the assembly tables and values,
calls nqpf.steps.digital, returns the frame."""

from nqpf.steps.digital import compute_wage_consumption


def model(dbt, session):
    dbt.config(materialized="table")
    return compute_wage_consumption(dbt.ref("int_region_flows").df(),
                                    dbt.ref("int_region_sectors").df(), dbt.ref("int_values").df())
