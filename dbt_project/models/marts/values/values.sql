-- Labour values and productivity of productive sectors per region-year (METHOD.md sections 2
-- and 4), with the aggregate of a dataset whose regions form one economy as region 'ALL'. The
-- matrix steps work in the dataset's monetary unit; here lambda, melt, tlp and lp are
-- expressed per currency unit (hours per yuan, yuan per hour) so datasets in different units
-- compare. tlpr divides by the reference table of the region's economy (economy column).
with v as (
    select * from {{ ref('int_values') }} where status = 'ok'
),

national as (
    select dataset, year, economy, sector, tlp as tlp_national from v where region = economy
),

units as (
    select distinct dataset, year, monetary_unit, currency, currency_scale
    from {{ ref('int_valid_region_years') }}
)

select
    v.dataset,
    v.region,
    cast(v.year as integer) as year,
    v.sector,
    v.region = 'ALL' as is_aggregate,
    v.economy,
    v.lambda / units.currency_scale as lambda,
    v.melt * units.currency_scale as melt,
    v.tlp * units.currency_scale as tlp,
    v.tlp / national.tlp_national as tlpr,
    v.lp * units.currency_scale as lp,
    v.occ,
    v.c,
    v.v,
    v.hours,
    v.gross_output,
    units.monetary_unit,
    units.currency
from v
inner join national using (dataset, year, economy, sector)
inner join units using (dataset, year)
