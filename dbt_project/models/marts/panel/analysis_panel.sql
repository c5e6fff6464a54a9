-- One row per region-sector-year of productive sectors with every variable of the method
-- paper's Table 2 and lp of the next period (the next year of the same dataset), for
-- regressions and the app.
with v as (
    select * from {{ ref('values') }} where not is_aggregate
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
    lead(v.lp) over (partition by v.dataset, v.region, v.sector order by v.year) as lp_next,
    lead(v.year) over (partition by v.dataset, v.region, v.sector order by v.year) as next_year
from v
left join {{ ref('digital_inputs') }} as d
    on d.dataset = v.dataset and d.region = v.region and d.year = v.year and d.sector = v.sector
left join {{ ref('network') }} as n
    on n.dataset = v.dataset and n.region = v.region and n.year = v.year and n.sector = v.sector
left join {{ ref('agglomeration') }} as a
    on a.dataset = v.dataset and a.region = v.region and a.year = v.year and a.sector = v.sector
