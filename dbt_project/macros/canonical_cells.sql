{#
  Every numeric cell of the canonical tables as one relation:
  (source_table, dataset, region, year, sector, item, value), where region/sector are the cell's
  using region and sector and item names the row within the table (supplier, category,
  component or measure). Checks that look at all cells alike select from this; flows=false
  leaves out the flows, for checks that take them from their totals per user (int_flow_totals).
#}
{% macro canonical_cells(flows=true) %}
    {%- if flows %}
    select 'flows' as source_table, dataset, to_region as region, year, to_sector as sector,
           from_region || '/' || from_sector as item, value
    from {{ ref('stg_canonical__flows') }}
    union all
    {%- endif %}
    select 'final_demand' as source_table, dataset, from_region as region, year,
           from_sector as sector, category as item, value
    from {{ ref('stg_canonical__final_demand') }}
    union all
    select 'imported_inputs', dataset, region, year, sector, 'imports', value
    from {{ ref('stg_canonical__imported_inputs') }}
    union all
    select 'value_added', dataset, region, year, sector, component, value
    from {{ ref('stg_canonical__value_added') }}
    union all
    select 'gross_output', dataset, region, year, sector, 'gross_output', value
    from {{ ref('stg_canonical__gross_output') }}
    union all
    select 'labour', dataset, region, year, sector, measure, value
    from {{ ref('stg_canonical__labour') }}
{% endmacro %}
