-- Flows between region-sectors of the multi-regional datasets, on the harmonised sector list,
-- into region-years that passed validation (METHOD.md section 6 needs the full MRIO).
select
    f.dataset, f.year, f.from_region, mi.out_sector as from_sector, f.to_region,
    mj.out_sector as to_sector, sum(f.value) as value
from {{ ref('stg_canonical__flows') }} as f
inner join {{ ref('int_valid_region_years') }} as v
    on v.dataset = f.dataset and v.year = f.year and v.region = f.to_region and v.mrio
inner join {{ ref('int_sector_map') }} as mi
    on mi.dataset = f.dataset and mi.year = f.year and mi.sector = f.from_sector
inner join {{ ref('int_sector_map') }} as mj
    on mj.dataset = f.dataset and mj.year = f.year and mj.sector = f.to_sector
group by all
