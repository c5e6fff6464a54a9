"""Digital input shares and ratios per region-year: loads the assembly tables, values, prices
and the wage-consumption matrix, calls nqpf.steps.digital, returns the frame."""

from nqpf.steps.digital import compute_digital


def model(dbt, session):
    dbt.config(materialized="table")
    return compute_digital(dbt.ref("int_region_flows").df(), dbt.ref("int_region_sectors").df(),
                           dbt.ref("int_values").df(), dbt.ref("int_prices").df(),
                           dbt.ref("int_wage_consumption").df())
