-- Labour values and productivity of productive sectors per region-year (METHOD.md sections 2
-- and 4), with the dataset aggregate as region 'ALL'.
with v as (
    select * from {{ ref('int_values') }} where status = 'ok'
),

national as (
    select dataset, year, sector, tlp as tlp_national from v where region = 'ALL'
)

select
    v.dataset,
    v.region,
    cast(v.year as integer) as year,
    v.sector,
    v.region = 'ALL' as is_aggregate,
    v.lambda,
    v.melt,
    v.tlp,
    v.tlp / national.tlp_national as tlpr,
    v.lp,
    v.occ,
    v.c,
    v.v,
    v.hours,
    v.gross_output,
    ry.monetary_unit
from v
inner join national using (dataset, year, sector)
inner join (select distinct dataset, year, monetary_unit from {{ ref('int_valid_region_years') }}) as ry
    using (dataset, year)
