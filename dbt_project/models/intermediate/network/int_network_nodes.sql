-- The region-sectors of each valid region-year of the multi-regional datasets, numbered
-- 0..N-1 per dataset-year (region-major): the row and column of each in the MRIO matrix.
-- merged: several reported sectors are harmonised onto this sector, so flows meet in its
-- cells (the network step sums those in a fixed order).
with harmonised as (
    select dataset, year, out_sector as sector, count(*) > 1 as merged
    from {{ ref('int_sector_map') }}
    group by dataset, year, out_sector
)

select
    s.dataset, s.year, s.region, s.sector,
    cast(row_number() over (partition by s.dataset, s.year order by s.region, s.sector) - 1
        as integer) as node,
    coalesce(h.merged, false) as merged
from {{ ref('int_region_sectors') }} as s
inner join {{ ref('int_valid_region_years') }} as v
    on v.dataset = s.dataset and v.year = s.year and v.region = s.region and v.mrio
left join harmonised as h
    on h.dataset = s.dataset and h.year = s.year and h.sector = s.sector
