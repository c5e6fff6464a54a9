-- The uniform profit rate r* per dataset-year and the variant it was computed with.
select
    dataset,
    cast(year as integer) as year,
    any_value(r_star) as r_star,
    any_value(depreciation) || '/' || any_value(profit_on) as variant,
    any_value(depreciation) as depreciation,
    any_value(profit_on) as profit_on,
    any_value(normalisation) as normalisation,
    cast(any_value(iterations) as bigint) as iterations,
    any_value(residual) as residual,
    any_value(eigenvalue) as eigenvalue
from {{ ref('int_prices') }}
where status = 'ok'
group by dataset, year
