-- One row per valid region-year and harmonised sector with every vector the matrix steps need: gross output x, value added by
-- component, imported inputs, hours, the region's household consumption and GFCF of the
-- product, and the capital stock where the dataset gives one.
-- Household consumption is the rural/urban split, else the household total; a table that
-- publishes only total consumption (households and government together) has it split with
-- the household share by product of the nearest year of the same region that separates
-- them (METHOD.md section 10); consumption_basis and consumption_share_year say which.
with valid as (select dataset, region, year, economy from {{ ref('int_valid_region_years') }}),

map as (select dataset, year, sector, out_sector, out_scheme from {{ ref('int_sector_map') }}),

items as (
    select dataset, year, region, sector, 'gross_output' as item, value
    from {{ ref('stg_canonical__gross_output') }}
    union all
    select dataset, year, region, sector, component, value
    from {{ ref('stg_canonical__value_added') }}
    union all
    select dataset, year, region, sector, 'imported_inputs', value
    from {{ ref('stg_canonical__imported_inputs') }}
    union all
    select dataset, year, region, sector, 'hours', hours from {{ ref('int_labour_hours') }}
    union all
    select dataset, year, region, sector, 'capital_stock', value
    from {{ ref('stg_canonical__capital_stock') }}
    union all
    -- final demand of product i in the region where it is consumed
    select dataset, year, to_region, from_sector,
        case when category in ('hh_rural', 'hh_urban') then 'hh_rural_urban' else category end,
        value
    from {{ ref('stg_canonical__final_demand') }}
    where category in ('hh_rural', 'hh_urban', 'hh_total', 'consumption_total', 'government',
                       'gfcf')
),

harmonised as (
    select items.dataset, items.year, items.region, map.out_sector as sector, map.out_scheme,
           items.item, items.value
    from items
    inner join valid using (dataset, region, year)
    inner join map using (dataset, year, sector)
),

wide as (
    select
        dataset, year, region, sector, any_value(out_scheme) as scheme,
        {%- for item in ['gross_output', 'compensation', 'net_taxes', 'depreciation',
                         'operating_surplus', 'imported_inputs', 'hours', 'capital_stock',
                         'gfcf', 'hh_rural_urban', 'hh_total', 'consumption_total',
                         'government'] %}
        {{ nqpf_sum('value') }} filter (where item = '{{ item }}') as {{ item }}
            {{- ',' if not loop.last }}
        {%- endfor %}
    from harmonised
    group by dataset, year, region, sector
),

published as (
    -- the household-consumption column a region-year has: the rural/urban split, else the
    -- household total, else total consumption (households and government together)
    select dataset, year, region,
        case
            when {{ nqpf_sum('hh_rural_urban') }} > 0 then 'hh_rural_urban'
            when {{ nqpf_sum('hh_total') }} > 0 then 'hh_total'
            else 'consumption_total'
        end as published_basis,
        {{ nqpf_sum('coalesce(hh_rural_urban, hh_total, 0)') }} as households,
        {{ nqpf_sum('coalesce(government, 0)') }} as government
    from wide
    group by all
),

benchmark as (
    -- for each total-consumption region-year, the nearest year (the earlier on a tie) of the
    -- same dataset and region that separates households from government
    select t.dataset, t.year, t.region, b.year as share_year,
           b.households / (b.households + b.government) as overall_share
    from published as t
    inner join published as b
        on b.dataset = t.dataset and b.region = t.region
        and b.published_basis <> 'consumption_total' and b.government > 0
    where t.published_basis = 'consumption_total'
    qualify row_number() over (partition by t.dataset, t.year, t.region
                               order by abs(b.year - t.year), b.year) = 1
),

basis as (
    select p.dataset, p.year, p.region, bm.share_year, bm.overall_share,
        case when p.published_basis = 'consumption_total' and bm.share_year is not null
            then 'consumption_total_split' else p.published_basis end as consumption_basis
    from published as p
    left join benchmark as bm using (dataset, year, region)
),

shares as (
    -- the household share of consumption by product in the benchmark year
    select basis.dataset, basis.year, basis.region, w.sector,
        coalesce(w.hh_rural_urban, w.hh_total, 0)
            / nullif(coalesce(w.hh_rural_urban, w.hh_total, 0) + coalesce(w.government, 0), 0)
            as share
    from basis
    inner join wide as w
        on w.dataset = basis.dataset and w.region = basis.region and w.year = basis.share_year
),

service_life as (
    select s.dataset, m.year, m.out_sector as sector,
        {{ nqpf_ordered_agg('avg', 's.service_life_years') }} as years
    from {{ ref('stg_canonical__service_life') }} as s
    inner join map as m on m.dataset = s.dataset and m.sector = s.sector
    group by all
)

select
    wide.dataset, wide.year, wide.region, valid.economy, wide.sector, wide.scheme,
    sectors.productive, sectors.digital_device, sectors.digital_service,
    coalesce(wide.gross_output, 0) as gross_output,
    coalesce(wide.compensation, 0) as compensation,
    coalesce(wide.net_taxes, 0) as net_taxes,
    coalesce(wide.depreciation, 0) as depreciation,
    coalesce(wide.operating_surplus, 0) as operating_surplus,
    coalesce(wide.imported_inputs, 0) as imported_inputs,
    coalesce(wide.hours, 0) as hours,
    wide.capital_stock,
    coalesce(wide.gfcf, 0) as gfcf,
    coalesce(case basis.consumption_basis
        when 'hh_rural_urban' then wide.hh_rural_urban
        when 'hh_total' then wide.hh_total
        when 'consumption_total_split'
            then wide.consumption_total * coalesce(shares.share, basis.overall_share)
        else wide.consumption_total
    end, 0) as household_consumption,
    basis.consumption_basis,
    basis.share_year as consumption_share_year,
    coalesce(service_life.years, {{ var('service_life_years') }}) as service_life_years
from wide
inner join valid
    on valid.dataset = wide.dataset and valid.year = wide.year and valid.region = wide.region
inner join basis
    on basis.dataset = wide.dataset and basis.year = wide.year and basis.region = wide.region
left join shares
    on shares.dataset = wide.dataset and shares.year = wide.year
    and shares.region = wide.region and shares.sector = wide.sector
inner join {{ ref('int_sectors') }} as sectors
    on sectors.scheme = wide.scheme and sectors.sector = wide.sector
left join service_life
    on service_life.dataset = wide.dataset and service_life.year = wide.year
    and service_life.sector = wide.sector
