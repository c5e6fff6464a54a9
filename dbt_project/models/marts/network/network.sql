-- otlp per region-sector-year (METHOD.md section 6) in currency units per hour (currency
-- column), and whether it fell back to the region's own sectors (tables that are not an MRIO).
select
    n.dataset,
    n.region,
    cast(n.year as integer) as year,
    n.sector,
    n.otlp * u.currency_scale as otlp,
    n.fallback,
    u.currency
from {{ ref('int_network') }} as n
inner join (
    select distinct dataset, year, currency, currency_scale
    from {{ ref('int_valid_region_years') }}
) as u on u.dataset = n.dataset and u.year = n.year
where n.otlp is not null and not isnan(n.otlp)
