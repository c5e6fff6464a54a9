-- The input structure of each valid region-year: Z[i, j] = sum over supplier regions r of
-- Z[(r, i), (s, j)] (domestic supply from everywhere, METHOD.md notation), on the harmonised
-- sector list. The dataset aggregate is summed in the matrix steps from the region-years
-- whose value solve succeeds. Supplier regions are summed out first: the joins then meet one
-- row per region and sector pair instead of one per flow (a dense city MRIO has 313 times
-- more flows than that).
with supplied as (
    select dataset, year, to_region, from_sector, to_sector, {{ nqpf_sum('value') }} as value
    from {{ ref('stg_canonical__flows') }}
    group by dataset, year, to_region, from_sector, to_sector
),

flows as (
    select
        f.dataset, f.year, f.to_region as region,
        mi.out_sector as from_sector, mj.out_sector as to_sector, f.value
    from supplied as f
    inner join {{ ref('int_valid_region_years') }} as v
        on v.dataset = f.dataset and v.year = f.year and v.region = f.to_region
    inner join {{ ref('int_sector_map') }} as mi
        on mi.dataset = f.dataset and mi.year = f.year and mi.sector = f.from_sector
    inner join {{ ref('int_sector_map') }} as mj
        on mj.dataset = f.dataset and mj.year = f.year and mj.sector = f.to_sector
)

select dataset, year, region, from_sector, to_sector, {{ nqpf_sum('value') }} as value
from flows
group by all
