-- Code rules: known regions, sectors of the year's classification, final-demand categories,
-- value-added components, labour measures with their units (all three from the seed
-- contract_vocabulary), and no duplicate keys. Codes are checked once per distinct code a
-- table uses, not once per row: a dense city MRIO has hundreds of millions of flow rows but a
-- few thousand region-sectors.
with region_years as (select * from {{ ref('int_region_years') }}),

sectors as (select scheme, sector from {{ ref('int_sectors') }}),

-- every (table, region, sector) used, with the supplier codes of the flows as well as the users'
coded as {{ nqpf_materialized() }} (
    select distinct source_table, dataset, region, year, sector
    from ({{ canonical_cells(flows=false) }})
    union all
    select 'flows', dataset, region, year, sector from {{ ref('int_flow_totals') }}
    union all
    select distinct 'flows (supplier)', dataset, from_region, year, from_sector
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

vocabulary as (select * from {{ ref('contract_vocabulary') }}),

-- the contract's codes of each coded column, listed for the messages
listed as (
    select source_table, {{ nqpf_string_agg('code', "', '", 'code') }} as codes
    from vocabulary group by source_table
),

unknown_item as (
    select cells.dataset, cells.region, cells.year,
        case cells.source_table when 'final_demand' then 'unknown_category'
            else 'unknown_component' end as rule,
        cells.source_table || ': ' || vocabulary_columns.column_name || ' '
            || coalesce(cells.item, 'null') || ' is not one of ' || listed.codes as detail
    from ({{ canonical_cells(flows=false) }}) as cells
    join (select distinct source_table, column_name from vocabulary) as vocabulary_columns
        using (source_table)
    join listed using (source_table)
    left join vocabulary
        on vocabulary.source_table = cells.source_table and vocabulary.code = cells.item
    where cells.source_table in ('final_demand', 'value_added') and vocabulary.code is null
),

wrong_unit as (
    select labour.dataset, labour.region, labour.year, 'unknown_unit' as rule,
        'labour ' || labour.region || '/' || labour.sector || ': measure '
            || coalesce(labour.measure, 'null') || ' with unit ' || coalesce(labour.unit, 'null')
            || ' (expected one of ' || (select {{ nqpf_string_agg("code || '/' || unit", "', '", 'code') }}
                from vocabulary where source_table = 'labour') || ')' as detail
    from {{ ref('stg_canonical__labour') }} as labour
    left join vocabulary
        on vocabulary.source_table = 'labour' and vocabulary.code = labour.measure
            and vocabulary.unit = labour.unit
    where vocabulary.code is null
),

{%- set flow_key = ['from_region', 'from_sector', 'to_region', 'to_sector'] %}
{%- set keyed = {
    'stg_canonical__final_demand': ['from_region', 'from_sector', 'to_region', 'category'],
    'stg_canonical__value_added': ['region', 'sector', 'component'],
    'stg_canonical__gross_output': ['region', 'sector'],
    'stg_canonical__imported_inputs': ['region', 'sector'],
    'stg_canonical__labour': ['region', 'sector', 'measure'],
} %}

-- Duplicate flows without grouping every flow row by its four codes: number the suppliers of
-- each dataset-year, and per user and block of 62 suppliers compare the row count with the
-- number of distinct suppliers (bits set in a 62-bit word). Only the flows into a user with
-- such a block are grouped by the full key, for the message. Rows with a null supplier code
-- are left to the unknown-code rules above.
suppliers as (
    select dataset, year, region as from_region, sector as from_sector,
        row_number() over (partition by dataset, year order by region, sector) - 1
            as supplier
    from coded
    where source_table = 'flows (supplier)' and region is not null and sector is not null
),

repeating_users as (
    select distinct dataset, year, to_region, to_sector
    from (
        select f.dataset, f.year, f.to_region, f.to_sector
        from {{ ref('stg_canonical__flows') }} as f
        inner join suppliers as s
            on s.dataset = f.dataset and s.year = f.year and s.from_region = f.from_region
                and s.from_sector = f.from_sector
        group by f.dataset, f.year, f.to_region, f.to_sector, floor(s.supplier / 62)
        having count(*) <> bit_count(bit_or({{ nqpf_bit('s.supplier % 62') }}))
    )
),

-- The flows into those users, fetched before they are grouped: inlined, the grouping is moved
-- below the join and groups every flow by its full key (over a minute on a dense city MRIO).
repeating_flows as {{ nqpf_materialized() }} (
    select f.dataset, f.year, {% for c in flow_key %}f.{{ c }}{{ ', ' if not loop.last }}{% endfor %}
    from {{ ref('stg_canonical__flows') }} as f
    inner join repeating_users as r
        on r.dataset = f.dataset and r.year = f.year and r.to_region = f.to_region
            and r.to_sector = f.to_sector
),

duplicates as (
    select dataset, to_region as region, year, 'duplicate_key' as rule,
        'flows: key ({{ flow_key | join(', ') }}) = ('
            || concat_ws(', ', {{ flow_key | join(', ') }})
            || ') occurs ' || count(*) || ' times' as detail
    from repeating_flows
    group by dataset, year, {{ flow_key | join(', ') }}
    having count(*) > 1
{%- for model, key in keyed.items() %}
    union all
    select dataset, {{ 'to_region' if 'to_region' in key else 'region' }} as region, year,
        'duplicate_key' as rule,
        '{{ model.replace('stg_canonical__', '') }}: key ({{ key | join(', ') }}) = ('
            || concat_ws(', ', {{ key | join(', ') }}) || ') occurs ' || count(*) || ' times' as detail
    from {{ ref(model) }}
    group by dataset, year, {{ key | join(', ') }}
    having count(*) > 1
{%- endfor %}
)

select * from unknown_region
union all select * from unknown_sector
union all select * from unknown_item
union all select * from wrong_unit
union all select * from duplicates
