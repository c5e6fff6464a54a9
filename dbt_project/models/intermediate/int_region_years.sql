-- Every (dataset, region, year) a dataset reports, with its sector scheme (scoped to the dataset
-- where int_sector_schemes says so), monetary unit and economy: 'ALL' where the dataset's regions
-- form one economy, else the region itself (a country is an economy of its own; see
-- nqpf.contract.single_economy). Rows without a region or year name no region-year;
-- int_checks__scope quarantines the region or dataset they belong to.
with reported as (
    select distinct dataset, region, year from {{ ref('stg_canonical__gross_output') }}
    union
    select distinct dataset, region, year from {{ ref('int_flow_totals') }}
)

select
    reported.dataset,
    reported.region,
    reported.year,
    coalesce(scoped.effective_scheme, info.classification) as scheme,
    info.monetary_unit,
    info.currency,
    coalesce(info.currency_scale, 1.0) as currency_scale,
    info.mrio,
    info.region_level,
    case when coalesce(info.single_economy, info.region_level <> 'country') then 'ALL'
        else reported.region end as economy
from reported
left join {{ ref('stg_canonical__dataset_info') }} as info
    on reported.dataset = info.dataset and reported.year = info.year
left join {{ ref('int_sector_schemes') }} as scoped
    on scoped.dataset = info.dataset and scoped.scheme = info.classification
where reported.region is not null and reported.year is not null
