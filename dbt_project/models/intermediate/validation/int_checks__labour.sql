-- Labour rules per sector (METHOD.md section 1): a sector with output and intermediate inputs
-- needs hours (no labour row would value it at zero hours), and a sector with output (beyond
-- balance_abs_tolerance) needs positive hours (zero hours beside the hours of other sectors lower lambda as a missing row
-- would; a region-year with no hours at all is zero_hours in int_checks__coverage); hours per employee per year must
-- lie within [annual_hours_min, annual_hours_max]; where hours do not come from the wage itself
-- (measured, or employees x annual hours), a stated hourly wage may not exceed output per hour
-- and must agree within a factor of wage_ratio_max with compensation per hour. These catch unit
-- slips: a wage in yuan applied to a table in CNY 10,000 gives minutes per worker-year. (Under
-- the compensation route, wage above output per hour only restates compensation above output,
-- which published tables report for some subsidised sectors; it is not flagged.)
with hours as (select * from {{ ref('int_labour_hours') }}),

inputs as (select dataset, region, year, sector, inputs from {{ ref('int_flow_totals') }}),

sectors as (
    select o.dataset, o.region, o.year, o.sector, o.value as x, inputs.inputs,
        hours.hours, hours.route, hours.employees, hours.hourly_wage, hours.compensation
    from {{ ref('stg_canonical__gross_output') }} as o
    left join inputs using (dataset, region, year, sector)
    left join hours using (dataset, region, year, sector)
),

-- region-years with some hours: the others are labour_missing as a whole (int_checks__coverage)
with_labour as (
    select distinct dataset, region, year from hours where hours is not null
),

-- region-years with positive total hours: the others are zero_hours as a whole
with_hours as (
    select dataset, region, year from hours group by all having sum(hours) > 0
)

select s.dataset, s.region, s.year, 'sector_without_labour' as rule,
    'sector ' || s.sector || ' has gross output ' || round(s.x, 3) || ' and intermediate inputs '
        || round(s.inputs, 3) || ' but no labour row gives its hours' as detail
from sectors as s
inner join with_labour using (dataset, region, year)
where s.x > 0 and s.inputs > 0 and s.hours is null
union all
select s.dataset, s.region, s.year, 'nonpositive_hours',
    'sector ' || s.sector || ' has gross output ' || round(s.x, 3) || ' but '
        || {{ nqpf_number_text('s.hours') }} || ' hours (' || s.route
        || ' route): its output would count no living labour'
from sectors as s
inner join with_hours using (dataset, region, year)
-- output within the balance's absolute tolerance is rounding noise (the shipped provincial
-- tables hold outputs of 1e-9 in sectors that employ no one), not production
where s.x > {{ var('balance_abs_tolerance') }} and s.hours <= 0
union all
select dataset, region, year, 'implausible_hours',
    'sector ' || sector || ': ' || round(hours / employees, 1) || ' hours per employee per year ('
        || round(hours, 1) || ' hours by the ' || route || ' route / ' || round(employees, 1)
        || ' employees), outside [{{ var("annual_hours_min") }}, {{ var("annual_hours_max") }}]'
from sectors
where employees > 0 and hours is not null
    and (hours / employees < {{ var('annual_hours_min') }}
         or hours / employees > {{ var('annual_hours_max') }})
union all
select dataset, region, year, 'implausible_wage',
    'sector ' || sector || ': hourly wage ' || round(hourly_wage, 6)
        || ' exceeds output per hour ' || round(x / hours, 6) || ' (gross output '
        || round(x, 3) || ' / ' || round(hours, 1) || ' hours)'
from sectors
where route <> 'compensation' and hourly_wage > 0 and hours > 0 and x >= 0
    and hourly_wage > x / hours
union all
select dataset, region, year, 'implausible_wage',
    'sector ' || sector || ': stated hourly wage ' || round(hourly_wage, 6)
        || ' vs compensation per hour ' || round(compensation / hours, 6)
        || ' (more than a factor {{ var("wage_ratio_max") }} apart)'
from sectors
where route <> 'compensation' and hourly_wage > 0 and hours > 0 and compensation > 0
    and greatest(hourly_wage / (compensation / hours), (compensation / hours) / hourly_wage)
        > {{ var('wage_ratio_max') }}
