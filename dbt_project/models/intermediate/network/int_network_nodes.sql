-- The region-sectors of each valid region-year of the multi-regional datasets, numbered
-- 0..N-1 per dataset-year (region-major): the row and column of each in the MRIO matrix.
select
    s.dataset, s.year, s.region, s.sector,
    cast(row_number() over (partition by s.dataset, s.year order by s.region, s.sector) - 1
        as integer) as node
from {{ ref('int_region_sectors') }} as s
inner join {{ ref('int_valid_region_years') }} as v
    on v.dataset = s.dataset and v.year = s.year and v.region = s.region and v.mrio
