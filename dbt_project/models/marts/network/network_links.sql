-- The strongest suppliers of each region-sector-year by direct consumption coefficient
-- a = p_i Z / (p_j x_j) (METHOD.md section 6), rank 1 the strongest; own supply excluded.
select
    dataset,
    cast(year as integer) as year,
    region,
    sector,
    supplier_region,
    supplier_sector,
    weight,
    cast(rank as integer) as rank
from {{ ref('int_network_links') }}
