-- All known regions: the shipped seed plus the regions datasets bring. A code has one
-- definition: the seed's, else that of the first dataset (by id) that brings it; a dataset that
-- gives a code another name, level or parent is quarantined for it (int_checks__regions).
select region, name_en, name_zh, parent_region, region_level, official_order,
    'seed' as defined_by
from {{ ref('stg_seeds__regions') }}
union all
select region, name_en, name_zh, parent_region, region_level, null::integer as official_order,
    dataset as defined_by
from (
    select *, row_number() over (partition by region order by dataset) as nth
    from {{ ref('stg_canonical__regions') }}
    where region not in (select region from {{ ref('stg_seeds__regions') }})
) as brought
where nth = 1
