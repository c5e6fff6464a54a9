-- Digital input shares per region-year and sector (METHOD.md section 5), with region 'ALL'
-- the dataset aggregate whose shares the ratios divide by; region-years without values
-- (quarantined) are left out.
select
    d.dataset,
    d.region,
    cast(d.year as integer) as year,
    d.sector,
    d.region = 'ALL' as is_aggregate,
    d.ddd, d.dds, d.idd, d.ids, d.dd, d.ds, d.di, d.indi, d.dt,
    d.ddr, d.dsr, d.dir, d.indir
from {{ ref('int_digital_inputs') }} as d
where exists (
    select 1 from {{ ref('values') }} as v
    where v.dataset = d.dataset and v.region = d.region and v.year = d.year
)
