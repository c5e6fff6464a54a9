"""otlp and the strongest supplier links per region-sector-year: streams the MRIO flows one
dataset-year at a time as integer node pairs sorted by user, reads the small frames whole; calls
nqpf.steps.network."""

from duckdb import ColumnExpression, ConstantExpression

from nqpf.steps.network import compute_network


def model(dbt, session):
    dbt.config(materialized="table")
    flows = dbt.ref("int_mrio_flows")

    def read(dataset, year):
        # the dataset and year are bound as values, never pasted into SQL text
        rows = flows.filter((ColumnExpression("dataset") == ConstantExpression(str(dataset)))
                            & (ColumnExpression("year") == ConstantExpression(int(year))))
        # sorted by user: the step builds Z one block of columns at a time
        return rows.project("from_node, to_node, value").order("to_node").to_arrow_reader(
            1_000_000)

    # dbt finds dependencies by reading literal dbt.ref() calls, so each is spelled out
    return compute_network(
        read, dbt.ref("int_network_nodes").df(), dbt.ref("int_region_flows").df(),
        dbt.ref("int_region_sectors").df(), dbt.ref("int_values").df(),
        dbt.ref("int_prices").df(), k=int(dbt.config.get("top_suppliers")))
