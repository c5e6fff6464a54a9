-- The uniform profit rate r* per economy-year, the variant it was computed with and the
-- consumption basis of its wage basket.
with share_years as (
    select dataset, year, economy, max(consumption_share_year) as consumption_share_year
    from {{ ref('int_region_sectors') }}
    group by all
)

select
    p.dataset,
    cast(p.year as integer) as year,
    p.economy,
    any_value(p.r_star) as r_star,
    any_value(p.depreciation) || '/' || any_value(p.profit_on) as variant,
    any_value(p.depreciation) as depreciation,
    any_value(p.profit_on) as profit_on,
    any_value(p.normalisation) as normalisation,
    any_value(p.consumption_basis) as consumption_basis,
    cast(any_value(s.consumption_share_year) as integer) as consumption_share_year,
    cast(any_value(p.iterations) as bigint) as iterations,
    any_value(p.residual) as residual,
    any_value(p.eigenvalue) as eigenvalue
from {{ ref('int_prices') }} as p
left join share_years as s using (dataset, year, economy)
where p.status = 'ok'
group by p.dataset, p.year, p.economy
