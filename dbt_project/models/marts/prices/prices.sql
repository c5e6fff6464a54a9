-- Prices of production per economy-year and sector (METHOD.md section 3), on the reference
-- table of the economy, next to the market price (1 per currency unit of output) and the
-- labour value. Prices and values are in hours per currency unit (as values.lambda), gross
-- output in the dataset's monetary unit.
with units as (
    select distinct dataset, year, monetary_unit, currency, currency_scale
    from {{ ref('int_valid_region_years') }}
)

select
    p.dataset,
    cast(p.year as integer) as year,
    p.economy,
    p.sector,
    p.production_price / units.currency_scale as production_price,
    1.0::double as market_price,
    p.lambda / units.currency_scale as lambda,
    p.production_price / p.lambda as price_value_ratio,
    p.gross_output,
    p.r_star,
    p.depreciation,
    p.profit_on,
    p.consumption_basis,
    units.monetary_unit,
    units.currency
from {{ ref('int_prices') }} as p
inner join units using (dataset, year)
where p.status = 'ok'
