"""Labour values and productivity per region-year: loads the assembly tables, calls
nqpf.steps.values (which calls the python_models kernels), returns the frame."""

from nqpf.steps.values import compute_values


def model(dbt, session):
    dbt.config(materialized="table")
    return compute_values(dbt.ref("int_region_flows").df(), dbt.ref("int_region_sectors").df())
