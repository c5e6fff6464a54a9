-- Region-years left out of every indicator mart, one row per rule broken, with up to five
-- examples of what broke it.
with violations as (
    select dataset, region, year, rule, detail from {{ ref('int_checks') }}
),

numbered as (
    select *, row_number() over (partition by dataset, region, year, rule order by detail) as n
    from violations
)

select
    dataset,
    coalesce(region, '(unknown)') as region,
    year,
    rule,
    string_agg(detail, '; ' order by detail) filter (where n <= 5)
        || case when count(*) > 5 then '; ... and ' || (count(*) - 5) || ' more' else '' end
        as detail,
    count(*) as row_count
from numbered
group by dataset, coalesce(region, '(unknown)'), year, rule
