-- One row per region-sector-year of productive sectors with every variable of the method
-- paper's Table 2 and lp of the next period (the next year of the same dataset), for
-- regressions and the app. Where the dataset gives output deflators for both years, lp_next
-- is at this year's prices (lp growth is then real, not nominal; lp_next_prices says which).
with deflators as (
    -- output price index per harmonised sector: the region's own, else the one for all regions
    select d.dataset, d.year, d.region, m.out_sector as sector,
        {{ nqpf_ordered_agg('avg', 'd.deflator') }} as deflator
    from {{ ref('stg_canonical__deflators') }} as d
    inner join {{ ref('int_sector_map') }} as m
        on m.dataset = d.dataset and m.year = d.year and m.sector = d.sector
    group by all
),

v as (
    select val.*, coalesce(own.deflator, all_regions.deflator) as deflator
    from {{ ref('values') }} as val
    left join deflators as own
        on own.dataset = val.dataset and own.year = val.year
        and own.region = val.region and own.sector = val.sector
    left join deflators as all_regions
        on all_regions.dataset = val.dataset and all_regions.year = val.year
        and all_regions.region is null and all_regions.sector = val.sector
    where not val.is_aggregate
),

nxt as (
    select *,
        lead(lp) over w as lp_next_current,
        lead(deflator) over w as deflator_next,
        lead(year) over w as next_year
    from v
    window w as (partition by dataset, region, sector order by year)
)

select
    v.dataset,
    v.region,
    v.year,
    v.sector,
    v.tlp,
    v.tlpr,
    d.dd, d.ds, d.di, d.indi, d.ddr, d.dsr, d.dir, d.indir,
    n.otlp,
    a.pri,
    a.dlq,
    a.pp,
    v.occ,
    v.lp,
    case when v.deflator > 0 and v.deflator_next > 0
        then v.lp_next_current * v.deflator / v.deflator_next
        else v.lp_next_current end as lp_next,
    v.next_year,
    case when v.next_year is null then null
        when v.deflator > 0 and v.deflator_next > 0 then 'constant'
        else 'current' end as lp_next_prices
from nxt as v
left join {{ ref('digital_inputs') }} as d
    on d.dataset = v.dataset and d.region = v.region and d.year = v.year and d.sector = v.sector
left join {{ ref('network') }} as n
    on n.dataset = v.dataset and n.region = v.region and n.year = v.year and n.sector = v.sector
left join {{ ref('agglomeration') }} as a
    on a.dataset = v.dataset and a.region = v.region and a.year = v.year and a.sector = v.sector
