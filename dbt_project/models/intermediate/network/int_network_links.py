"""The strongest supplier links of every region-sector-year: loads the same frames as
int_network, calls nqpf.steps.network, returns the frame."""

from nqpf.steps.network import compute_links


def model(dbt, session):
    dbt.config(materialized="table")
    return compute_links(
        dbt.ref("int_mrio_flows").df(), dbt.ref("int_region_flows").df(),
        dbt.ref("int_region_sectors").df(), dbt.ref("int_values").df(),
        dbt.ref("int_prices").df(), k=int(dbt.config.get("top_suppliers")))
