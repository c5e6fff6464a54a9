-- Code rules: known regions, sectors of the year's classification, final-demand categories,
-- value-added components, labour measures with their units, and no duplicate keys.
with cells as ({{ canonical_cells() }}),

region_years as (select * from {{ ref('int_region_years') }}),

sectors as (select scheme, sector from {{ ref('int_sectors') }}),

-- supplier codes of the flows are checked as well as the users'
coded as (
    select dataset, region, year, sector, source_table, item from cells
    union all
    select dataset, from_region, year, from_sector, 'flows (supplier)', to_region || '/' || to_sector
    from {{ ref('stg_canonical__flows') }}
),

unknown_region as (
    select distinct dataset, region, year, 'unknown_region' as rule,
        source_table || ': region code ' || coalesce(region, 'null') || ' is not in the region seed or the dataset''s regions table' as detail
    from coded
    where region is null or region not in (select region from {{ ref('int_regions') }})
),

unknown_sector as (
    select distinct coded.dataset, coded.region, coded.year, 'unknown_sector' as rule,
        coded.source_table || ': sector code ' || coalesce(coded.sector, 'null')
            || ' is not in classification ' || coalesce(ry.scheme, '(none)') as detail
    from coded
    left join (select distinct dataset, year, scheme from region_years) as ry
        on coded.dataset = ry.dataset and coded.year = ry.year
    left join sectors on sectors.scheme = ry.scheme and sectors.sector = coded.sector
    where sectors.sector is null
),

unknown_item as (
    select dataset, region, year, 'unknown_category' as rule,
        'final_demand: category ' || coalesce(item, 'null') || ' is not one of the contract''s categories' as detail
    from cells
    where source_table = 'final_demand'
        and (item is null or item not in (
            'hh_rural', 'hh_urban', 'hh_total', 'consumption_total', 'government', 'npish', 'gfcf',
            'inventory', 'exports', 'outflow', 'inflow', 'other'))
    union all
    select dataset, region, year, 'unknown_component',
        'value_added: component ' || coalesce(item, 'null') || ' is not one of compensation, net_taxes, depreciation, operating_surplus'
    from cells
    where source_table = 'value_added'
        and (item is null or item not in ('compensation', 'net_taxes', 'depreciation', 'operating_surplus'))
),

wrong_unit as (
    select dataset, region, year, 'unknown_unit' as rule,
        'labour ' || region || '/' || sector || ': measure ' || coalesce(measure, 'null')
            || ' with unit ' || coalesce(unit, 'null') || ' (expected hours/hours, employees/persons, annual_hours/hours_per_person, weekly_hours/hours_per_person_week or hourly_wage/monetary_unit_per_hour)' as detail
    from {{ ref('stg_canonical__labour') }}
    where (measure, unit) not in (
        ('hours', 'hours'), ('employees', 'persons'), ('annual_hours', 'hours_per_person'),
        ('weekly_hours', 'hours_per_person_week'), ('hourly_wage', 'monetary_unit_per_hour'))
        or measure is null or unit is null
),

{%- set keyed = {
    'stg_canonical__flows': ['from_region', 'from_sector', 'to_region', 'to_sector'],
    'stg_canonical__final_demand': ['from_region', 'from_sector', 'to_region', 'category'],
    'stg_canonical__value_added': ['region', 'sector', 'component'],
    'stg_canonical__gross_output': ['region', 'sector'],
    'stg_canonical__imported_inputs': ['region', 'sector'],
    'stg_canonical__labour': ['region', 'sector', 'measure'],
} %}

duplicates as (
{%- for model, key in keyed.items() %}
    select dataset, {{ 'to_region' if 'to_region' in key else 'region' }} as region, year,
        'duplicate_key' as rule,
        '{{ model.replace('stg_canonical__', '') }}: key ({{ key | join(', ') }}) = ('
            || concat_ws(', ', {{ key | join(', ') }}) || ') occurs ' || count(*) || ' times' as detail
    from {{ ref(model) }}
    group by dataset, year, {{ key | join(', ') }}
    having count(*) > 1
    {% if not loop.last %}union all{% endif %}
{%- endfor %}
)

select * from unknown_region
union all select * from unknown_sector
union all select * from unknown_item
union all select * from wrong_unit
union all select * from duplicates
