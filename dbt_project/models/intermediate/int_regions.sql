-- All known regions: the shipped seed plus the regions datasets bring (a dataset cannot redefine
-- a shipped code).
select region, name_en, name_zh, parent_region, region_level, official_order
from {{ ref('stg_seeds__regions') }}
union all
select region, name_en, name_zh, parent_region, region_level, null::integer as official_order
from (
    -- the first dataset (by id) that brings a code defines it
    select *, row_number() over (partition by region order by dataset) as nth
    from {{ ref('stg_canonical__regions') }}
    where region not in (select region from {{ ref('stg_seeds__regions') }})
) as brought
where nth = 1
