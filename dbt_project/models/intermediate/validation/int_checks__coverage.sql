-- Coverage rules per region-year: a classification for the year, every sector of that
-- classification reported, some intermediate flows, and labour from which hours follow.
with region_years as (select * from {{ ref('int_region_years') }}),

output as (select * from {{ ref('stg_canonical__gross_output') }}),

no_classification as (
    select dataset, region, year, 'no_classification' as rule,
        'dataset_info has no classification for ' || year || ' (metadata.json classification)' as detail
    from region_years
    where scheme is null
),

missing_sector as (
    select ry.dataset, ry.region, ry.year, 'missing_sector' as rule,
        'gross_output has no row for sector ' || s.sector || ' of ' || ry.scheme as detail
    from region_years as ry
    inner join {{ ref('int_sectors') }} as s on s.scheme = ry.scheme
    left join output as o
        on o.dataset = ry.dataset and o.region = ry.region and o.year = ry.year
        and o.sector = s.sector
    where o.sector is null
),

-- the largest flow into each region: zero when all are (a max, not a sum: no float sum
-- over hundreds of millions of rows to ask whether any is non-zero)
flows_in as (
    select dataset, region, year, max(largest) as largest
    from {{ ref('int_flow_totals') }}
    group by all
),

empty_table as (
    select ry.dataset, ry.region, ry.year, 'empty_table' as rule,
        'no intermediate flows into the region (all zero or absent)' as detail
    from region_years as ry
    left join flows_in using (dataset, region, year)
    where coalesce(flows_in.largest, 0) = 0
),

hours as (
    select dataset, region, year, count(hours) as sectors_with_hours,
        {{ nqpf_sum('hours') }} as total_hours
    from {{ ref('int_labour_hours') }}
    group by all
),

labour as (
    select ry.dataset, ry.region, ry.year,
        case when hours.sectors_with_hours is null or hours.sectors_with_hours = 0
            then 'labour_missing' else 'zero_hours' end as rule,
        case when hours.sectors_with_hours is null or hours.sectors_with_hours = 0
            then 'no labour rows give hours for this region and year (hours, employees x annual_hours or weekly_hours, or hourly_wage with compensation)'
            else 'total hours are ' || {{ nqpf_number_text('hours.total_hours') }} || ': no living labour to value output' end as detail
    from region_years as ry
    left join hours using (dataset, region, year)
    where coalesce(hours.sectors_with_hours, 0) = 0 or hours.total_hours <= 0
)

select * from no_classification
union all select * from missing_sector
union all select * from empty_table
union all select * from labour
