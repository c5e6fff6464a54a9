-- Prices of production per dataset-year and sector (METHOD.md section 3), on the dataset
-- aggregate, next to the market price (1 per monetary unit of output) and the labour value.
select
    p.dataset,
    cast(p.year as integer) as year,
    p.sector,
    p.production_price,
    1.0::double as market_price,
    p.lambda,
    p.production_price / p.lambda as price_value_ratio,
    p.gross_output,
    p.r_star,
    p.depreciation,
    p.profit_on
from {{ ref('int_prices') }} as p
where p.status = 'ok'
