-- Output deflators (price index, base year = 1) must be finite, positive and within
-- [deflator_min, deflator_max] of the base year: a zero, negative or vanishing index would
-- divide lp_next by nothing, and an index against a base of 100 (a common publication
-- convention) reads as a hundredfold price change. A deflator for one region quarantines that
-- region-year; one for all regions (region null) every region-year of the dataset-year.
with bad as (
    select dataset, year, region, sector, deflator
    from {{ ref('stg_canonical__deflators') }}
    where deflator is null
        or not (deflator >= {{ var('deflator_min') }} and deflator <= {{ var('deflator_max') }})
)

select ry.dataset, ry.region, ry.year, 'implausible_deflator' as rule,
    'deflators: sector ' || bad.sector || ' of '
        || coalesce('region ' || bad.region, 'all regions') || ' has '
        || coalesce({{ nqpf_number_text('bad.deflator') }}, 'no value')
        || ', outside [{{ var("deflator_min") }}, {{ var("deflator_max") }}] (price index, base year = 1)'
        as detail
from bad
inner join {{ ref('int_region_years') }} as ry
    on ry.dataset = bad.dataset and ry.year = bad.year
    and (bad.region is null or ry.region = bad.region)
