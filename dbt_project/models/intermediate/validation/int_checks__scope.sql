-- Rules that keep a problem inside the dataset and region-year that has it: every region code is
-- checked where it is used (a flow from an unknown supplier region would enter the using
-- region's inputs; final demand may go only to a known region), a row without a region or year
-- quarantines every region-year it could belong to, and a dataset's monetary scale must be a
-- positive number (a scale of 0 would make every tlp infinite).
with regions as (select region from {{ ref('int_regions') }}),

region_years as (select * from {{ ref('int_region_years') }}),

unknown_partner as (
    select distinct dataset, to_region as region, year, 'unknown_region' as rule,
        'flows: supplier region ' || coalesce(from_region, 'null') || ' (sector '
            || coalesce(from_sector, 'null') || ') is not a known region; its flows into '
            || to_region || ' cannot be valued' as detail
    from {{ ref('stg_canonical__flows') }}
    where (from_region is null or from_region not in (select region from regions))
        and to_region in (select region from regions)
    union all
    select distinct dataset, from_region, year, 'unknown_region',
        'final_demand: ' || from_region || '/' || coalesce(from_sector, 'null') || ' '
            || coalesce(category, 'null') || ' goes to region ' || coalesce(to_region, 'null')
            || ', which is not a known region'
    from {{ ref('stg_canonical__final_demand') }}
    where (to_region is null or to_region not in (select region from regions))
        and from_region in (select region from regions)
),

keyless as (
    select distinct dataset, region, year, source_table, coalesce(sector, 'null') as sector
    from ({{ canonical_cells(flows=false) }})
    where region is null or year is null
    union
    select dataset, region, year, 'flows', coalesce(sector, 'null')
    from {{ ref('int_flow_totals') }}
    where region is null or year is null
),

missing_key as (
    select distinct ry.dataset, ry.region, ry.year, 'missing_key' as rule,
        k.source_table || ': a row of sector ' || k.sector || ' has no '
            || case when k.region is null then 'region' else 'year' end
            || ', so it may belong to this region-year' as detail
    from keyless as k
    inner join region_years as ry
        on ry.dataset = k.dataset
        and (k.region is null or ry.region = k.region)
        and (k.year is null or ry.year = k.year)
),

bad_scale as (
    select ry.dataset, ry.region, ry.year, 'invalid_metadata' as rule,
        'dataset_info: currency_scale ' || coalesce({{ nqpf_number_text('info.currency_scale') }}, 'null')
            || ' for monetary unit ' || coalesce(info.monetary_unit, 'null')
            || ' is not a positive number' as detail
    from region_years as ry
    inner join {{ ref('stg_canonical__dataset_info') }} as info using (dataset, year)
    where info.currency_scale is null or isnan(info.currency_scale)
        or {{ nqpf_isinf('info.currency_scale') }} or info.currency_scale <= 0
)

select * from unknown_partner
union all select * from missing_key
union all select * from bad_scale
