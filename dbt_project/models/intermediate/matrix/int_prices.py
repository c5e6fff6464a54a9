"""Prices of production and the uniform profit rate per dataset-year: loads the assembly
tables and values, calls nqpf.steps.prices, returns the frame."""

from nqpf.steps.prices import PriceParameters, compute_prices


def model(dbt, session):
    dbt.config(materialized="table")
    params = PriceParameters(
        depreciation=dbt.config.get("depreciation"),
        profit_on=dbt.config.get("profit_on"),
        normalisation=dbt.config.get("price_normalisation"),
        r_max=float(dbt.config.get("r_max")),
    )
    return compute_prices(dbt.ref("int_region_flows").df(), dbt.ref("int_region_sectors").df(),
                          dbt.ref("int_values").df(), params)
