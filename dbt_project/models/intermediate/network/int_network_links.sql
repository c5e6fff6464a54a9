-- The top_suppliers strongest suppliers of each region-sector-year, one row each, from the
-- lists int_network keeps beside otlp (both come from one pass over each network's Z).
select
    dataset, year, region, sector,
    unnest(supplier_region) as supplier_region,
    unnest(supplier_sector) as supplier_sector,
    unnest(weight) as weight,
    unnest(range(1, len(weight) + 1)) as rank
from {{ ref('int_network') }}
where len(weight) > 0
