-- Region-years left out of every indicator mart, one row per rule broken, with up to five
-- examples of what broke it.
with violations as (
    select dataset, region, year, rule, detail from {{ ref('int_checks') }}
    union all
    -- region-years the value solve rejected (e.g. not_productive, singular)
    select dataset, region, year, 'values_' || status, detail
    from {{ ref('int_values') }}
    where status not in ('ok', 'non_productive', 'no_output')
    union all
    -- economy-years without prices of production (e.g. no_profit_rate)
    select dataset, economy, year, 'prices_' || status, detail
    from {{ ref('int_prices') }}
    where status not in ('ok', 'no_output')
),

numbered as (
    select *, row_number() over (partition by dataset, region, year, rule order by detail) as n
    from violations
)

select
    dataset,
    coalesce(region, '(unknown)') as region,
    cast(year as integer) as year,
    rule,
    {{ nqpf_string_agg('detail', "'; '", 'detail') }} filter (where n <= 5)
        || case when count(*) > 5 then '; ... and ' || (count(*) - 5) || ' more' else '' end
        as detail,
    count(*) as row_count
from numbered
group by dataset, coalesce(region, '(unknown)'), year, rule
