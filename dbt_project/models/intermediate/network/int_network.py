"""otlp per region-sector-year: loads flows, vectors, values and prices, calls
nqpf.steps.network, returns the frame."""

from nqpf.steps.network import compute_network


def model(dbt, session):
    dbt.config(materialized="table")
    # dbt finds dependencies by reading literal dbt.ref() calls, so each is spelled out
    return compute_network(
        dbt.ref("int_mrio_flows").df(), dbt.ref("int_region_flows").df(),
        dbt.ref("int_region_sectors").df(), dbt.ref("int_values").df(),
        dbt.ref("int_prices").df())
