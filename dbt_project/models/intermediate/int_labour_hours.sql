-- Hours worked per region-sector-year by the first route the data allows (METHOD.md section 1):
-- measured hours; else employees x annual hours (given, or weekly hours x 52); else
-- compensation / hourly wage.
with measures as (
    select
        dataset, region, year, sector,
        max(value) filter (where measure = 'hours') as measured_hours,
        max(value) filter (where measure = 'employees') as employees,
        coalesce(max(value) filter (where measure = 'annual_hours'),
                 52 * max(value) filter (where measure = 'weekly_hours')) as annual_hours,
        max(value) filter (where measure = 'hourly_wage') as hourly_wage
    from {{ ref('stg_canonical__labour') }}
    group by all
),

compensation as (
    select dataset, region, year, sector, {{ nqpf_sum('value') }} as compensation
    from {{ ref('stg_canonical__value_added') }}
    where component = 'compensation'
    group by all
)

select
    measures.dataset,
    measures.region,
    measures.year,
    measures.sector,
    case
        when measured_hours is not null then 'hours'
        when employees is not null and annual_hours is not null then 'employees'
        when hourly_wage is not null then 'compensation'
    end as route,
    coalesce(
        measured_hours,
        employees * annual_hours,
        case when hourly_wage > 0 then coalesce(compensation.compensation, 0) / hourly_wage end
    ) as hours,
    -- the inputs of the routes, for the plausibility rules of int_checks__labour
    employees,
    hourly_wage,
    compensation.compensation
from measures
left join compensation using (dataset, region, year, sector)
